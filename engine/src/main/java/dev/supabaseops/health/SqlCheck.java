package dev.supabaseops.health;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.migrate.SqlText;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.core.QueryExecutor;
import org.postgresql.jdbc.PreferQueryMode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query that must return exactly one row with one true value, e.g. {@code select count(*) = 0 from …}.
 *
 * <p>The text must be <b>one statement without transaction control</b>: after a {@code commit}
 * inside the text, later statements would run outside the read-only, time-bounded transaction
 * ({@link Queries#readOnly}). This is enforced twice: when the check is built (exit 2), using the
 * driver's own statement splitter, and when it runs: the query goes over the extended protocol as
 * a single Parse message, which PostgreSQL itself refuses if it holds more than one command.
 */
public record SqlCheck(String name, String sql, Duration timeout) implements HealthCheck {
    /** First words of statements that end, start or change the transaction. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback",
            "abort", "savepoint", "release");

    /** @throws OpsException (usage) when the text is not one statement, or is transaction control */
    public SqlCheck {
        refuseUnsafe(sql);
    }

    static void refuseUnsafe(String sql) {
        List<NativeQuery> statements;
        try {
            // standard_conforming_strings on, as on every supported PostgreSQL; checked again at run time
            statements = Parser.parseJdbcSql(sql, true, false, true, false, false);
        } catch (SQLException e) {
            throw OpsException.usage("sql cannot be parsed: " + e.getMessage());
        }
        if (statements.size() > 1) {
            throw OpsException.usage("sql holds " + statements.size() + " statements: give one query"
                    + " (a check runs a single statement in a read-only transaction)");
        }
        List<String> words = leadingWords(sql);
        String first = words.isEmpty() ? "" : words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        if (TRANSACTION_CONTROL.contains(first) || first.equals("set") && (second.equals("transaction") || second.equals("session"))
                || first.equals("prepare") && second.equals("transaction")) {
            throw OpsException.usage("sql must not control the transaction (" + first.toUpperCase(Locale.ROOT)
                    + "): give one query; the check runs it in a read-only transaction that is rolled back");
        }
    }

    /** The first two words, after whitespace, comments and opening parentheses. */
    private static final Pattern LEADING_WORDS = Pattern.compile("^[(\\s]*([\\p{L}_][\\p{L}\\p{N}_]*)(?:[(\\s]*([\\p{L}_][\\p{L}\\p{N}_]*))?");

    /** The first two words, lower case (migrate's SqlText drops the comments and string contents). */
    private static List<String> leadingWords(String sql) {
        Matcher m = LEADING_WORDS.matcher(SqlText.head(SqlText.codeOnly(sql)));
        if (!m.find()) {
            return List.of();
        }
        return m.group(2) == null ? List.of(m.group(1).toLowerCase(Locale.ROOT))
                : List.of(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT));
    }

    @Override
    public CheckKind kind() {
        return CheckKind.SQL;
    }

    @Override
    public String target() {
        return sql;
    }

    @Override
    public boolean needsDatabase() {
        return true;
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        try {
            return Queries.readOnly(context.database(), timeout, c -> {
                String refused = singleStatementProtocol(c);
                if (refused != null) {
                    return CheckOutcome.fail(refused);
                }
                try (Statement s = c.createStatement()) {
                    if (!s.execute(sql)) {
                        return CheckOutcome.fail("the statement returned no rows: expected a query returning one true value");
                    }
                    try (ResultSet rs = s.getResultSet()) {
                        int columns = rs.getMetaData().getColumnCount();
                        if (columns != 1) {
                            return CheckOutcome.fail("the query returned " + columns + " columns: expected one true value");
                        }
                        if (!rs.next()) {
                            return CheckOutcome.fail("the query returned no rows: expected one true value");
                        }
                        Object value = rs.getObject(1);
                        if (rs.next()) {
                            return CheckOutcome.fail("the query returned more than one row: expected one true value");
                        }
                        if (value == null || value instanceof Boolean) {
                            return Boolean.TRUE.equals(value) ? CheckOutcome.pass("true")
                                    : CheckOutcome.fail("the query returned " + value + " (expected true)");
                        }
                        // 'true' as text or 1 as a number print like a boolean; say what the type was
                        String type = rs.getMetaData().getColumnTypeName(1);
                        return CheckOutcome.fail("the query returned " + type + " " + (value instanceof String ? "'" + value + "'" : value)
                                + ", not a boolean (expected true; compare, or cast with ::boolean)");
                    }
                }
            });
        } catch (SQLException e) {
            return CheckOutcome.fail("query failed: " + Queries.reason(e, timeout));
        }
    }

    /**
     * Makes the driver send the query as one extended-protocol Parse message (PostgreSQL refuses a
     * Parse holding several commands), even if the database URL asked for {@code preferQueryMode=simple};
     * the connection is this attempt's own. Null when fine, else why the query is not run.
     */
    private String singleStatementProtocol(Connection c) throws SQLException {
        QueryExecutor executor = c.unwrap(BaseConnection.class).getQueryExecutor();
        if (executor.getPreferQueryMode().compareTo(PreferQueryMode.EXTENDED) < 0) {
            executor.setPreferQueryMode(PreferQueryMode.EXTENDED);
        }
        // The same split the driver makes for Statement.execute, with the server's real
        // standard_conforming_strings: more than one part would be sent as several statements.
        if (executor.createQuery(sql, true, false).query.getSubqueries() != null) {
            return "sql holds more than one statement: not run (give one query)";
        }
        return null;
    }
}
