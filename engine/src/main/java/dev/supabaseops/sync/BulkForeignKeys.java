package dev.supabaseops.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Foreign keys checked once, in bulk, instead of row by row while a sync fills empty tables.
 *
 * <p>A COPY into a table with a foreign key fires one referential-integrity check per row; for a
 * first sync into an empty environment that is most of the write (measured: 200,000-row tables
 * took 3-4x longer to load with their key than without). PostgreSQL's advice for bulk loads is to
 * drop the foreign key, load, and re-create it: re-creating validates every row with one join
 * ("Populating a Database", section 14.4.4, and what pg_restore does by creating keys after the
 * data). All of it runs inside the sync's transaction, so the key is never missing for anyone
 * else: a failure, or a row the re-created key rejects, rolls back the drop together with the data.
 *
 * <p>Only keys whose table and referenced table are both empty tables being filled by this sync
 * qualify, because dropping a key takes an ACCESS EXCLUSIVE lock on both: readers of those tables
 * wait until commit, and they would have seen no rows anyway. Keys that are NOT VALID, inherited,
 * on partitions or partitioned tables, or on tables the connected role does not own keep their
 * row-by-row checks.
 */
final class BulkForeignKeys {
    /** A key dropped for the load: enough to re-create it exactly (definition, comment). */
    record Dropped(TableRef table, String name, String definition, String comment) {
    }

    private BulkForeignKeys() {
    }

    /** The qualifying keys among {@code filled} (tables empty at the start and filled by this run); the plan names them. */
    static List<Dropped> find(Connection target, Collection<TableRef> filled) throws SQLException {
        List<Dropped> dropped = new ArrayList<>();
        if (filled.isEmpty()) {
            return dropped;
        }
        List<String> names = filled.stream().map(TableRef::sql).toList();
        String sql = """
                SELECT n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid), obj_description(k.oid, 'pg_constraint')
                FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_class r ON r.oid = k.confrelid
                WHERE k.contype = 'f' AND k.convalidated AND k.conislocal AND k.coninhcount = 0 AND k.conparentid = 0
                  AND c.relkind = 'r' AND r.relkind = 'r' AND NOT c.relispartition AND NOT r.relispartition
                  AND k.conrelid = ANY (?::regclass[]) AND k.confrelid = ANY (?::regclass[])
                  AND pg_has_role(c.relowner, 'USAGE') AND pg_has_role(r.relowner, 'USAGE')
                ORDER BY n.nspname, c.relname, k.conname""";
        try (PreparedStatement ps = target.prepareStatement(sql)) {
            java.sql.Array regclasses = target.createArrayOf("text", names.toArray());
            ps.setArray(1, regclasses);
            ps.setArray(2, regclasses);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dropped.add(new Dropped(new TableRef(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return dropped;
    }

    /** Drops the keys {@link #find} returned, for the copy. */
    static void drop(Connection target, List<Dropped> keys) throws SQLException {
        try (Statement st = target.createStatement()) {
            for (Dropped d : keys) {
                st.execute("ALTER TABLE " + d.table().sql() + " DROP CONSTRAINT " + Sql.ident(d.name()));
            }
        }
    }

    /** The plan's note: which keys an apply checks in bulk, and what that means for readers. */
    static String note(List<Dropped> keys) {
        return "foreign key(s) " + keys.stream().map(k -> k.table() + "." + k.name()).collect(java.util.stream.Collectors.joining(", "))
                + " between tables that are empty now are checked once after the copy instead of per row:"
                + " readers of those tables wait until the commit";
    }

    /** Re-creates a key, validated over all its rows in one statement; throws on a violation. */
    static void restore(Connection target, Dropped key) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("ALTER TABLE " + key.table().sql() + " ADD CONSTRAINT " + Sql.ident(key.name()) + " " + key.definition());
            if (key.comment() != null) {
                st.execute("COMMENT ON CONSTRAINT " + Sql.ident(key.name()) + " ON " + key.table().sql() + " IS "
                        + Sql.literal(key.comment()));
            }
        }
    }
}
