package dev.supabaseops.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes staged rows into the live tables; the caller owns the transaction. */
final class Writer {
    private final Connection target;

    Writer(Connection target) {
        this.target = target;
    }

    /** Mirror mode: deletes target rows whose key is not staged (after the upserts: all that {@link #deleteUnreferenced} left). */
    long delete(SyncJob job) throws SQLException {
        return update("DELETE FROM " + job.ref().sql() + " t WHERE " + Staging.notInStage(job, "t"));
    }

    /**
     * Mirror mode, before the upserts (children first): deletes the target rows whose key is not
     * staged and that no row references through {@code holders} any more, so that their unique
     * values are free for the rows the upserts insert. A row still referenced waits for
     * {@link #delete} after the upserts, which may have moved the referencing rows to another
     * parent. Rows of other tables are all still there when this runs (children are done first),
     * so any of them holds its parent. In a self-referencing table a row referenced only by rows
     * deleted here goes with them (a whole subtree in one statement, checked at its end), while a
     * row a staying row references, directly or through such rows, waits: found by one recursive
     * query, not a statement per level.
     *
     * @param holders the foreign keys of synced tables referencing this one whose check or ON
     *                DELETE action would act on the delete at once
     */
    long deleteUnreferenced(SyncJob job, List<Catalog.Inbound> holders) throws SQLException {
        String t = job.ref().sql();
        String gone = Staging.notInStage(job, "t");
        List<Catalog.Inbound> self = holders.stream().filter(in -> in.child().equals(job.ref())).toList();
        if (self.isEmpty()) {
            return update("DELETE FROM " + t + " t WHERE " + gone + holders.stream()
                    .map(in -> " AND NOT " + referenced(job, in, "t")).collect(Collectors.joining()));
        }
        // gone: the rows to delete; held: those a staying row references, directly or through rows of gone.
        // What may go is their difference, found by EXCEPT (hashed or sorted, whatever size the planner
        // expects): an anti-join against a CTE, which has no index, can become a nested loop.
        Set<String> cols = new LinkedHashSet<>(job.key());
        holders.forEach(in -> cols.addAll(in.referencedColumns()));
        self.forEach(in -> cols.addAll(in.columns()));
        String sql = "WITH RECURSIVE gone (" + Sql.idents(cols) + ") AS (SELECT " + Sql.qualified("t", cols) + " FROM " + t
                + " t WHERE " + gone + "), held (" + Sql.idents(cols) + ") AS (SELECT " + Sql.qualified("g", cols)
                + " FROM gone g WHERE " + holders.stream().map(in -> referenced(job, in, "g")).collect(Collectors.joining(" OR "))
                + " UNION SELECT " + Sql.qualified("t", cols) + " FROM held h JOIN " + t + " t ON "
                + self.stream().map(in -> "(" + refersTo("h", in, "t") + ")").collect(Collectors.joining(" OR "))
                + " WHERE " + gone + ") DELETE FROM " + t + " t USING (SELECT " + Sql.idents(job.key()) + " FROM gone EXCEPT SELECT "
                + Sql.idents(job.key()) + " FROM held) d WHERE " + Sql.joinOn("d", "t", job.key());
        return update(sql);
    }

    /** {@code EXISTS (a row referencing the parent row through in)}; in the same table, a row that stays. */
    private static String referenced(SyncJob job, Catalog.Inbound in, String parent) {
        boolean same = in.child().equals(job.ref());
        return "EXISTS (SELECT 1 FROM " + in.child().sql() + " c WHERE " + refersTo("c", in, parent)
                + (same ? " AND (" + Staging.notInStage(job, "c") + ") IS NOT TRUE" : "") + ")";
    }

    /** {@code child.fk1 = parent.ref1 AND …}: the child row references the parent row. */
    private static String refersTo(String child, Catalog.Inbound in, String parent) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < in.columns().size(); i++) {
            parts.add(child + "." + Sql.ident(in.columns().get(i)) + " = " + parent + "." + Sql.ident(in.referencedColumns().get(i)));
        }
        return String.join(" AND ", parts);
    }

    /**
     * Inserts new rows and updates changed ones. Unchanged rows are filtered out before the
     * INSERT sees them: ON CONFLICT … DO UPDATE … WHERE false would still fire BEFORE INSERT
     * triggers and take a row lock (which writes the tuple header) for every row. The ON CONFLICT
     * WHERE clause repeats the comparison so the statement stays correct on its own.
     *
     * @param allNew the plan found none of the staged keys in the target (under our lock): a plain INSERT
     */
    long upsert(SyncJob job, boolean allNew) throws SQLException {
        boolean overriding = job.written().stream()
                .anyMatch(c -> job.target().column(c).map(tc -> tc.identity() == 'a').orElse(false));
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(job.ref().sql()).append(" AS t (")
                .append(Sql.idents(job.written())).append(")");
        if (overriding) {
            sql.append(" OVERRIDING SYSTEM VALUE"); // identity GENERATED ALWAYS: keep the source's ids
        }
        sql.append(" SELECT ").append(Sql.qualified("s", job.written())).append(" FROM ").append(Sql.ident(job.temp())).append(" s");
        if (allNew) {
            return update(sql.toString());
        }
        sql.append(" WHERE NOT EXISTS (SELECT 1 FROM ").append(job.ref().sql()).append(" o WHERE ")
                .append(Sql.joinOn("s", "o", job.key())).append(" AND ").append(Sql.same("o", "s", job.compared())).append(")");
        sql.append(" ON CONFLICT (").append(Sql.idents(job.key())).append(")");
        if (job.updatable().isEmpty()) {
            sql.append(" DO NOTHING");
        } else {
            sql.append(" DO UPDATE SET ").append(job.updatable().stream()
                            .map(c -> Sql.ident(c) + " = EXCLUDED." + Sql.ident(c)).collect(Collectors.joining(", ")))
                    .append(" WHERE ").append(Sql.differs("t", "EXCLUDED", job.updatable()));
        }
        return update(sql.toString());
    }

    /**
     * Moves identity and serial sequences past the largest value in the table after the write
     * (which holds every synced row, also those left unchanged and never staged), only forward,
     * so the next insert by the application does not collide with a synced id.
     */
    List<String> advanceSequences(SyncJob job) throws SQLException {
        List<String> out = new ArrayList<>();
        for (TableMeta.Column c : job.target().columns()) {
            if (c.sequence() == null || !job.written().contains(c.name())) {
                continue;
            }
            String sql = "SELECT setval(" + Sql.literal(c.sequence()) + ", x.m) FROM (SELECT max(" + Sql.ident(c.name())
                    + ")::bigint AS m FROM " + job.ref().sql() + ") x, " + c.sequence() + " q"
                    + " WHERE x.m IS NOT NULL AND ((q.is_called AND q.last_value < x.m) OR (NOT q.is_called AND q.last_value <= x.m))";
            try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (rs.next()) {
                    out.add(c.sequence() + " → " + rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Disables the enabled user triggers of a table (never ALL: system triggers enforce foreign
     * keys, and hosted Supabase does not let non-superusers touch them). Returns what to re-enable.
     */
    List<TableMeta.Trigger> disableUserTriggers(SyncJob job) throws SQLException {
        List<TableMeta.Trigger> disabled = new ArrayList<>();
        for (TableMeta.Trigger t : job.target().triggers()) {
            if (t.enabled() != 'D') {
                update("ALTER TABLE " + job.ref().sql() + " DISABLE TRIGGER " + Sql.ident(t.name()));
                disabled.add(t);
            }
        }
        return disabled;
    }

    /** Restores each trigger's original firing mode (origin, always or replica). */
    void enableTriggers(SyncJob job, List<TableMeta.Trigger> triggers) throws SQLException {
        for (TableMeta.Trigger t : triggers) {
            String mode = switch (t.enabled()) {
                case 'A' -> "ENABLE ALWAYS TRIGGER ";
                case 'R' -> "ENABLE REPLICA TRIGGER ";
                default -> "ENABLE TRIGGER ";
            };
            update("ALTER TABLE " + job.ref().sql() + " " + mode + Sql.ident(t.name()));
        }
    }


    private long update(String sql) throws SQLException {
        try (Statement st = target.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }
}
