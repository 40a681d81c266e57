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
    private Connection connection;

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

    @Override
    public Optional<Table> describe(TableRef ref) throws SQLException {
        return Catalog.describe(connection(), ref).map(m -> new Table(m.ref(),
                m.columns().stream().filter(c -> !c.generated())
                        .map(c -> new ExportManifest.Column(c.name(), c.type())).toList(),
                !m.primaryKey().isEmpty() ? m.primaryKey()
                        : java.util.Objects.requireNonNullElse(SyncJob.configuredKey(keys, m.ref()), List.of())));
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

    @Override
    public long copy(Table table, List<String> columns, Sink sink) throws SQLException, IOException {
        String sql = "COPY (SELECT " + Sql.idents(columns) + " FROM " + table.ref().sql() + ") TO STDOUT";
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

    @Override
    public void close() {
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
