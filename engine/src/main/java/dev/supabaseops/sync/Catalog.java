package dev.supabaseops.sync;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads table structure from pg_catalog (the same facts psql's \d shows). */
final class Catalog {
    private Catalog() {
    }

    /** The table, or empty when there is no such table (views and other relations count as missing). */
    static Optional<TableMeta> describe(Connection c, TableRef ref) throws SQLException {
        Long oid = oid(c, ref.schema(), ref.name());
        TableRef actual = ref;
        if (oid == null) {
            // Unquoted SQL names fold to lower case; accept --tables Plans for a table created as plans.
            actual = new TableRef(ref.schema().toLowerCase(Locale.ROOT), ref.name().toLowerCase(Locale.ROOT));
            oid = actual.equals(ref) ? null : oid(c, actual.schema(), actual.name());
        }
        if (oid == null) {
            return Optional.empty();
        }
        return Optional.of(new TableMeta(actual, columns(c, oid), keyColumns(c, oid), uniqueKeys(c, oid),
                foreignKeys(c, oid), triggers(c, oid)));
    }

    private static Long oid(Connection c, String schema, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'p')")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static List<TableMeta.Column> columns(Connection c, long oid) throws SQLException {
        String sql = "select a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated::text, a.attidentity::text,"
                + " pg_get_serial_sequence(a.attrelid::regclass::text, a.attname),"
                + " coalesce(nullif(t.typbasetype, 0), t.oid)::regtype::text, a.attnotnull or t.typnotnull"
                + " from pg_attribute a join pg_type t on t.oid = a.atttypid"
                + " where a.attrelid = ? and a.attnum > 0 and not a.attisdropped order by a.attnum";
        List<TableMeta.Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String identity = rs.getString(4);
                    out.add(new TableMeta.Column(rs.getString(1), rs.getString(2), "s".equals(rs.getString(3)),
                            identity == null || identity.isEmpty() ? 0 : identity.charAt(0), rs.getString(5),
                            urlKind(rs.getString(6)), rs.getBoolean(7)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Which columns can carry storage URLs (domains count as their base type). */
    private static String urlKind(String baseType) {
        return switch (baseType) {
            case "text", "character varying" -> "text";
            case "json" -> "json";
            case "jsonb" -> "jsonb";
            case "text[]", "character varying[]" -> "text[]";
            default -> null;
        };
    }

    private static List<String> keyColumns(Connection c, long oid) throws SQLException {
        List<List<String>> keys = indexColumns(c, oid, "i.indisprimary");
        return keys.isEmpty() ? List.of() : keys.get(0);
    }

    private static List<List<String>> uniqueKeys(Connection c, long oid) throws SQLException {
        return indexColumns(c, oid, "i.indisunique and i.indpred is null and i.indexprs is null");
    }

    private static List<List<String>> indexColumns(Connection c, long oid, String condition) throws SQLException {
        String sql = "select array(select a.attname from unnest(i.indkey) with ordinality k(n, o)"
                + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n order by k.o)"
                + " from pg_index i where i.indrelid = ? and " + condition + " order by i.indexrelid";
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(strings(rs.getArray(1)));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<TableMeta.ForeignKey> foreignKeys(Connection c, long oid) throws SQLException {
        String cols = "array(select a.attname from unnest(%s) with ordinality k(n, o)"
                + " join pg_attribute a on a.attrelid = %s and a.attnum = k.n order by k.o)";
        String sql = "select con.conname, rn.nspname, rc.relname, " + cols.formatted("con.conkey", "con.conrelid") + ", "
                + cols.formatted("con.confkey", "con.confrelid") + ", con.condeferrable"
                + " from pg_constraint con join pg_class rc on rc.oid = con.confrelid"
                + " join pg_namespace rn on rn.oid = rc.relnamespace"
                + " where con.conrelid = ? and con.contype = 'f' order by con.conname";
        List<TableMeta.ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableMeta.ForeignKey(rs.getString(1), strings(rs.getArray(4)),
                            new TableRef(rs.getString(2), rs.getString(3)), strings(rs.getArray(5)), rs.getBoolean(6)));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * A foreign key of another table (or of this one: a self-reference) that references this one.
     *
     * @param deferrable the key is DEFERRABLE: a sync defers its check to commit (its ON DELETE action still runs at once)
     */
    record Inbound(TableRef child, String name, List<String> columns, List<String> referencedColumns, String onDelete,
                   boolean deferrable) {
    }

    static List<Inbound> referencedBy(Connection c, TableRef parent) throws SQLException {
        String cols = "array(select a.attname from unnest(%s) with ordinality k(n, o)"
                + " join pg_attribute a on a.attrelid = %s and a.attnum = k.n order by k.o)";
        String sql = "select cn.nspname, cc.relname, con.conname, " + cols.formatted("con.conkey", "con.conrelid") + ", "
                + cols.formatted("con.confkey", "con.confrelid") + ", case con.confdeltype when 'c' then 'cascade'"
                + " when 'n' then 'set null' when 'd' then 'set default' when 'r' then 'restrict' else 'no action' end, con.condeferrable"
                + " from pg_constraint con join pg_class cc on cc.oid = con.conrelid"
                + " join pg_namespace cn on cn.oid = cc.relnamespace"
                + " where con.confrelid = ?::regclass and con.contype = 'f' and con.conparentid = 0 order by con.conname";
        List<Inbound> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parent.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Inbound(new TableRef(rs.getString(1), rs.getString(2)), rs.getString(3),
                            strings(rs.getArray(4)), strings(rs.getArray(5)), rs.getString(6), rs.getBoolean(7)));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<TableMeta.Trigger> triggers(Connection c, long oid) throws SQLException {
        List<TableMeta.Trigger> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select tgname, tgenabled::text from pg_trigger where tgrelid = ? and not tgisinternal order by tgname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableMeta.Trigger(rs.getString(1), rs.getString(2).charAt(0)));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.copyOf(Arrays.asList((String[]) a.getArray()));
    }
}
