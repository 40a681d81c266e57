package dev.supabaseops.db;

import dev.supabaseops.core.Environments;
import dev.supabaseops.core.OpsException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;

/**
 * One environment's database: opens connections with the right defaults and turns connection
 * failures into one-line messages with the fix (wrong password, IPv6-only direct host, …).
 */
public final class Database {
    private final String envName;
    private final DbUrl url;

    public Database(String envName, DbUrl url) {
        this.envName = envName;
        this.url = url;
    }

    public String envName() {
        return envName;
    }

    public DbUrl url() {
        return url;
    }

    /**
     * pgjdbc's driver, used directly rather than through {@code DriverManager}: that finds drivers
     * once per JVM through the context class loader of the thread that first asks, which in a
     * pipeline step on the Jenkins built-in node is workflow-step-api's and cannot see the pgjdbc
     * this plugin bundles ("No suitable driver found"; DatabaseDriverTest).
     */
    private static final Driver PGJDBC = new org.postgresql.Driver();

    public Connection connect() {
        try {
            Connection c = PGJDBC.connect(url.jdbcUrl(), url.jdbcProperties());
            if (c == null) { // pgjdbc answers null for a URL it does not take; ours are always jdbc:postgresql:
                throw new SQLException("pgjdbc did not accept the connection URL", "08001");
            }
            return c;
        } catch (SQLException e) {
            throw connectFailure(e);
        }
    }

    OpsException connectFailure(SQLException e) {
        String where = envName + " database " + url;
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if ("28P01".equals(state) || "28000".equals(state)) {
            return OpsException.failed("password authentication failed for " + where
                    + ": check SUPABASE_" + Environments.key(envName) + "_DB_PASSWORD (Jenkins credential supabase-"
                    + envName + "-db-password)", e);
        }
        if ("3D000".equals(state)) {
            return OpsException.failed("database \"" + url.database() + "\" does not exist on " + where, e);
        }
        boolean unreachable = state.startsWith("08") || hasCause(e, UnknownHostException.class)
                || hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class);
        if (unreachable && url.isDirectSupabaseHost()) {
            return OpsException.failed("cannot reach " + url.host() + ":" + url.port() + " for " + envName
                    + ": the direct host db.<ref>.supabase.co is IPv6-only; use the pooler's session-mode URL"
                    + " (port 5432 on <region>.pooler.supabase.com, user postgres." + url.projectRef()
                    + ") from the dashboard's Connect dialog", e);
        }
        if (unreachable) {
            return OpsException.failed("cannot connect to " + where + ": " + firstLine(e.getMessage()), e);
        }
        return OpsException.failed("cannot connect to " + where + ": " + firstLine(e.getMessage())
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return envName + " (" + url + ")";
    }
}
