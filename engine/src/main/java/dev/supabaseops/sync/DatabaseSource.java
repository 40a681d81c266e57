package dev.supabaseops.sync;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tables from a live database with {@code COPY (SELECT …) TO STDOUT}, inside one
 * REPEATABLE READ READ ONLY transaction so every table comes from the same snapshot (a child row
 * copied later can never reference a parent row that was deleted in between).
 */
final class DatabaseSource implements SyncSource {
    private final Database database;
    private final String apiUrl;
    private final Map<String, List<String>> keys;
    private final Map<TableRef, TableMeta> metas = new java.util.HashMap<>();
    /** Session settings that change how values print; the source takes the target's (see matchOutputSettings). */
    private static final String[] OUTPUT_SETTINGS = {"TimeZone", "IntervalStyle", "bytea_output", "extra_float_digits"};
    private Connection connection;
    private Connection second;
    private boolean secondRefused;
    private String[] outputSettings;

    DatabaseSource(Database database, String apiUrl, Map<String, List<String>> keys) {
        this.database = database;
        this.apiUrl = apiUrl;
        this.keys = keys;
    }

    @Override
    public String name() {
        return database.envName();
    }

    @Override
    public String apiUrl() {
        return apiUrl;
    }

    @Override
    public List<TableRef> defaultTables() {
        return List.of();
    }

    Connection connection() {
        if (connection == null) {
            connection = database.connect();
        }
        return connection;
    }

    /**
     * A second read-only session on the same snapshot as {@link #connection()} (exported with
     * pg_export_snapshot, imported with SET TRANSACTION SNAPSHOT) and the same output settings,
     * so two digests of the source can run at once and still describe one point in time. Null
     * when the server refuses (a standby cannot export snapshots): callers then use one session.
     * Call after {@link #begin()}.
     */
    Connection secondSession() {
        if (second != null || secondRefused) {
            return second;
        }
        Connection c = null;
        try {
            String snapshot;
            try (var st = connection().createStatement(); var rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            c = database.connect();
            applyOutputSettings(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (var st = c.createStatement()) {
                st.execute("SET TRANSACTION SNAPSHOT " + Sql.literal(snapshot));
            }
            second = c;
        } catch (SQLException | RuntimeException e) {
            secondRefused = true;
            closeQuietly(c);
        }
        return second;
    }

    /**
     * The table's columns without its generated ones, which an export leaves out (they are
     * computed from the others); a sync still sends a generated column whose target column is a
     * plain one ({@link SyncJob#of}), from the catalog facts the table carries.
     */
    @Override
    public Optional<Table> describe(TableRef ref) throws SQLException {
        Optional<TableMeta> meta = Catalog.describe(connection(), ref);
        meta.ifPresent(m -> metas.put(m.ref(), m));
        return meta.map(m -> new Table(m.ref(),
                m.columns().stream().filter(c -> !c.generated())
                        .map(c -> new ExportManifest.Column(c.name(), c.type())).toList(),
                !m.primaryKey().isEmpty() ? m.primaryKey()
                        : java.util.Objects.requireNonNullElse(SyncJob.configuredKey(keys, m.ref()), List.of()), m));
    }

    @Override
    public void begin() throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try (var s = c.createStatement()) {
            s.execute("select 1"); // takes the snapshot now, before the first COPY
        }
    }

    /** The source catalog's view of a table {@link #describe described} before. */
    TableMeta meta(TableRef ref) {
        return metas.get(ref);
    }

    /**
     * Prints values the way the target session does (time zone, interval and bytea styles), so
     * equal rows digest equal on both servers; see {@link SourceSide}. Only this read-only session changes.
     */
    void matchOutputSettings(Connection target) throws SQLException {
        try (var st = target.createStatement();
             var rs = st.executeQuery("SELECT " + java.util.Arrays.stream(OUTPUT_SETTINGS).map(n -> "current_setting(" + Sql.literal(n) + ")")
                     .collect(java.util.stream.Collectors.joining(", ")))) {
            rs.next();
            outputSettings = new String[OUTPUT_SETTINGS.length];
            for (int i = 0; i < OUTPUT_SETTINGS.length; i++) {
                outputSettings[i] = rs.getString(i + 1);
            }
        }
        applyOutputSettings(connection());
    }

    /** The target's output settings (once {@link #matchOutputSettings} read them), no JIT and no parallel workers (see SyncRun), on a source session. */
    private void applyOutputSettings(Connection c) throws SQLException {
        try (var set = c.createStatement()) {
            set.execute("SET jit = off; SET max_parallel_workers_per_gather = 0"); // see SyncRun
            for (int i = 0; outputSettings != null && i < OUTPUT_SETTINGS.length; i++) {
                set.execute("SELECT set_config(" + Sql.literal(OUTPUT_SETTINGS[i]) + ", " + Sql.literal(outputSettings[i]) + ", false)");
            }
        }
    }

    @Override
    public long copy(Table table, List<String> columns, Sink sink) throws SQLException, IOException {
        return copy("SELECT " + Sql.idents(columns) + " FROM " + table.ref().sql(), sink);
    }

    /** Streams the rows of a query in COPY text format. */
    long copy(String select, Sink sink) throws SQLException, IOException {
        String sql = "COPY (" + select + ") TO STDOUT";
        CopyOut out = connection().unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        try {
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                sink.write(row, 0, row.length);
            }
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
        return out.getHandledRowCount();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // read-only: nothing to lose
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(second);
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                // read-only: nothing to lose; the server ends the session either way
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }

    static OpsException notFound(String where, TableRef ref) {
        return OpsException.usage("table " + ref + " not found in " + where + ": check --tables / sync.tables"
                + " (schema-qualify tables outside public, e.g. app.plans)");
    }
}
