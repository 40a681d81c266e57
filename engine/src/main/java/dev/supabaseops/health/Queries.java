package dev.supabaseops.health;

import dev.supabaseops.db.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Read-only, time-bounded database work for the SQL-based checks. */
final class Queries {
    /** SQLSTATE query_canceled: what statement_timeout raises. */
    private static final String QUERY_CANCELED = "57014";

    private Queries() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a read-only transaction that is rolled back: a health check must not be
     * able to change the database it watches, even with a careless {@code sql:} query.
     * {@code set local} keeps the timeout inside the transaction, which also holds on the
     * transaction pooler (port 6543), where session settings would leak to other clients.
     */
    static <T> T readOnly(Database db, Duration timeout, Work<T> work) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("set local statement_timeout = " + Math.max(1, timeout.toMillis()));
                }
                return work.run(c);
            } finally {
                c.rollback();
            }
        }
    }

    /** One line for a failed query: the server's message, or what the timeout means. */
    static String reason(SQLException e, Duration timeout) {
        if (QUERY_CANCELED.equals(e.getSQLState())) {
            return "the query did not finish within " + Durations.format(timeout) + " (timeout)";
        }
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** "a, b, c … and 7 more": offender lists stay readable in a table cell. */
    static String list(java.util.List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " … and " + (items.size() - max) + " more";
    }
}
