package dev.supabaseops.health;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every table in the given schemas has row level security enabled. Tables in a schema the Data
 * API exposes are readable with the public anon key unless RLS is on (Supabase database advisor,
 * lint 0013 "rls_disabled_in_public").
 */
public record RlsCheck(String name, List<String> schemas, Duration timeout) implements HealthCheck {
    // relkind r = table, p = partitioned table; views and foreign tables have no RLS of their own.
    private static final String TABLES_WITHOUT_RLS = """
            select quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any (?) and c.relkind in ('r', 'p') and not c.relrowsecurity
            order by n.nspname, c.relname""";
    private static final String MISSING_SCHEMAS = """
            select s from unnest(?::text[]) s
            where not exists (select 1 from pg_namespace n where n.nspname = s) order by s""";
    private static final String TABLE_COUNT = """
            select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any (?) and c.relkind in ('r', 'p')""";

    public RlsCheck {
        schemas = List.copyOf(schemas);
    }

    @Override
    public CheckKind kind() {
        return CheckKind.RLS;
    }

    @Override
    public String target() {
        return "row level security on every table in " + String.join(", ", schemas);
    }

    @Override
    public boolean needsDatabase() {
        return true;
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        try {
            return Queries.readOnly(context.database(), timeout, c -> {
                Array names = c.createArrayOf("text", schemas.toArray());
                List<String> missing = strings(c.prepareStatement(MISSING_SCHEMAS), names);
                if (!missing.isEmpty()) {
                    return CheckOutcome.fail("schema " + String.join(", ", missing) + " does not exist");
                }
                List<String> offenders = strings(c.prepareStatement(TABLES_WITHOUT_RLS), names);
                if (!offenders.isEmpty()) {
                    return CheckOutcome.fail("row level security is disabled on " + offenders.size()
                            + (offenders.size() == 1 ? " table: " : " tables: ") + Queries.list(offenders, 10));
                }
                List<String> count = strings(c.prepareStatement(TABLE_COUNT), names);
                return CheckOutcome.pass("RLS on for all " + count.get(0) + " tables");
            });
        } catch (SQLException e) {
            return CheckOutcome.fail("query failed: " + Queries.reason(e, timeout));
        }
    }

    private static List<String> strings(PreparedStatement ps, Array names) throws SQLException {
        try (ps) {
            ps.setArray(1, names);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
