package dev.supabaseops.health;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A query that must return exactly one row with one true value, e.g. {@code select count(*) = 0 from …}. */
public record SqlCheck(String name, String sql, Duration timeout) implements HealthCheck {

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
                        return Boolean.TRUE.equals(value) ? CheckOutcome.pass("true")
                                : CheckOutcome.fail("the query returned " + value + " (expected true)");
                    }
                }
            });
        } catch (SQLException e) {
            return CheckOutcome.fail("query failed: " + Queries.reason(e, timeout));
        }
    }
}
