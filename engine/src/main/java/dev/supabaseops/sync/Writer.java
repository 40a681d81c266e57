package dev.supabaseops.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Writes staged rows into the live tables; the caller owns the transaction. */
final class Writer {
    private final Connection target;

    Writer(Connection target) {
        this.target = target;
    }

    /** Mirror mode: deletes target rows whose key is not staged. */
    long delete(SyncJob job) throws SQLException {
        return update("DELETE FROM " + job.ref().sql() + " t WHERE " + Staging.notInStage(job, "t"));
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
