package dev.supabaseops.migrate.flyway;

import dev.supabaseops.db.Database;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Hands Flyway connections from {@link Database#connect()}, so a Flyway push gets exactly the
 * connection handling of every other command: sslmode, {@code prepareThreshold=0} on the
 * transaction pooler, {@code ApplicationName}, the password kept in a {@code Secret} and the
 * one-line connection errors with their hints (an {@code OpsException} passes through Flyway
 * untouched because it is not an {@code SQLException}).
 */
final class DatabaseDataSource implements DataSource {
    private final Database database;
    private PrintWriter logWriter;

    DatabaseDataSource(Database database) {
        this.database = database;
    }

    @Override
    public Connection getConnection() {
        return database.connect();
    }

    /** Credentials come from the environment's URL only; a second set would bypass redaction. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the environment's database URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // connectTimeout comes from DbUrl's defaults (or the URL's own parameter).
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return database.toString();
    }
}
