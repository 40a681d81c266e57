package dev.supabaseops.health;

import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sql, rls, privileges and migrations checks against a real PostgreSQL shaped like Supabase. */
class DatabaseChecksTest {
    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void database() throws SQLException {
        url = Pg.newSupabaseDb();
        sql("create table public.plans (id int primary key, name text)",
                "create table public.features (id int primary key)",
                "alter table public.features enable row level security",
                "insert into public.plans values (1, 'free'), (2, 'pro')",
                "create schema ops",
                "create table ops.audit (id int)",
                "grant usage on schema ops to service_role",
                "grant select on ops.audit to service_role");
    }

    private void sql(String... statements) throws SQLException {
        String jdbc = "jdbc:" + url.replace("postgresql://postgres@", "postgresql://") + "?user=postgres";
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private GateResult once(String checksYaml) {
        return Gates.once(dir, checksYaml, Map.of("SUPABASE_PROD_DB_URL", url))
                .load().run();
    }

    @Test
    void rlsFailsNamingTheTableWithoutItAndPassesOnceEnabled() throws SQLException {
        GateResult off = once("    - { name: rls, rls: [public] }\n");
        assertThat(Gates.only(off).lastFailure()).isEqualTo("row level security is disabled on 1 table: public.plans");
        sql("alter table public.plans enable row level security");
        GateResult on = once("    - { name: rls, rls: public }\n");
        assertThat(on.passed()).isTrue();
        assertThat(Gates.only(on).detail()).isEqualTo("RLS on for all 2 tables");
    }

    @Test
    void rlsDefaultsToPublicAndReportsAMistypedSchema() {
        GateResult r = once("    - { name: default, rls: true }\n    - { name: typo, rls: [public, pubic] }\n");
        assertThat(Gates.named(r, "default").lastFailure()).contains("public.plans");
        assertThat(Gates.named(r, "typo").lastFailure()).isEqualTo("schema pubic does not exist");
    }

    @Test
    void privilegesFailOnAGrantToAnonAndPassWhenRevoked() throws SQLException {
        String check = "    - { name: ops-locked, privileges: { schema: ops, roles: [service_role] } }\n";
        assertThat(once(check).passed()).isTrue();
        sql("grant usage on schema ops to anon", "grant select, insert on ops.audit to anon",
                "alter default privileges in schema ops grant select on tables to authenticated");
        GateResult r = once(check);
        assertThat(Gates.only(r).lastFailure()).isEqualTo("schema ops grants to roles outside the allowed list: "
                + "anon has USAGE on schema ops, INSERT/SELECT on table ops.audit; "
                + "authenticated has SELECT on future tables of postgres");
        sql("revoke all on schema ops from anon", "revoke all on ops.audit from anon",
                "alter default privileges in schema ops revoke select on tables from authenticated");
        assertThat(once(check).passed()).isTrue();
    }

    @Test
    void privilegesWithoutRolesAllowOnlyOwnersAndSeePublicGrants() throws SQLException {
        sql("grant select on ops.audit to public");
        GateResult r = once("    - { name: owner-only, privileges: ops }\n");
        assertThat(Gates.only(r).lastFailure()).isEqualTo("schema ops grants to roles outside the allowed list: "
                + "PUBLIC has SELECT on table ops.audit; service_role has USAGE on schema ops, SELECT on table ops.audit");
        assertThat(Gates.only(once("    - { name: missing, privileges: { schema: nope } }\n")).lastFailure())
                .isEqualTo("schema nope does not exist");
    }

    @Test
    void sqlPassesOnTrueAndFailsForEachWrongShape() {
        GateResult r = once("""
                    - { name: no-orphans, sql: "select count(*) = 0 from plans where name is null" }
                    - { name: has-orphans, sql: "select count(*) = 2 from plans where name is null" }
                    - { name: not-boolean, sql: "select count(*) from plans" }
                    - { name: text-true, sql: "select 'true'" }
                    - { name: two-rows, sql: "select true from plans" }
                    - { name: no-rows, sql: "select true where false" }
                    - { name: two-columns, sql: "select true, true" }
                    - { name: broken, sql: "select nope from plans" }
                """);
        assertThat(Gates.named(r, "no-orphans").passed()).isTrue();
        assertThat(Gates.named(r, "has-orphans").lastFailure()).isEqualTo("the query returned false (expected true)");
        assertThat(Gates.named(r, "not-boolean").lastFailure())
                .isEqualTo("the query returned int8 2, not a boolean (expected true; compare, or cast with ::boolean)");
        assertThat(Gates.named(r, "text-true").lastFailure())
                .isEqualTo("the query returned text 'true', not a boolean (expected true; compare, or cast with ::boolean)");
        assertThat(Gates.named(r, "two-rows").lastFailure()).isEqualTo("the query returned more than one row: expected one true value");
        assertThat(Gates.named(r, "no-rows").lastFailure()).isEqualTo("the query returned no rows: expected one true value");
        assertThat(Gates.named(r, "two-columns").lastFailure()).isEqualTo("the query returned 2 columns: expected one true value");
        assertThat(Gates.named(r, "broken").lastFailure()).startsWith("query failed: ERROR: column \"nope\" does not exist");
    }

    @Test
    void sqlRunsReadOnlyAndWithinItsTimeout() throws SQLException {
        GateResult r = once("""
                    - { name: writes, sql: "with x as (delete from plans returning 1) select true" }
                    - { name: slow, sql: "select pg_sleep(5) is not null", timeout: 200ms }
                """);
        assertThat(Gates.named(r, "writes").lastFailure())
                // PostgreSQL names the top-level statement of a data-modifying CTE
                .isEqualTo("query failed: ERROR: cannot execute SELECT in a read-only transaction");
        assertThat(Gates.named(r, "slow").lastFailure()).isEqualTo("query failed: the query did not finish within 200ms (timeout)");
        GateResult still = once("    - { sql: \"select count(*) = 2 from plans\" }\n");
        assertThat(still.passed()).as("the delete was refused").isTrue();
    }

    @Test
    void migrationsFailWhileOneIsPendingAndPassOnceApplied() throws IOException, SQLException {
        Path migrations = Files.createDirectories(dir.resolve("supabase/migrations"));
        Files.writeString(migrations.resolve("20240101000000_plans.sql"), "create table plans (id int);");
        Files.writeString(migrations.resolve("20240202000000_features.sql"), "create table features (id int);");
        sql("create schema supabase_migrations",
                "create table supabase_migrations.schema_migrations (version text primary key, statements text[], name text)",
                "insert into supabase_migrations.schema_migrations (version, name) values ('20240101000000', 'plans')");
        String check = "    - { name: migrations-current, migrations: supabase/migrations }\n";
        assertThat(Gates.only(once(check)).lastFailure())
                .isEqualTo("1 migration is pending: 20240202000000_features.sql (run supabase-ops push)");
        sql("insert into supabase_migrations.schema_migrations (version, name) values ('20240202000000', 'features')");
        GateResult r = once("    - { name: default-dir, migrations: true }\n");
        assertThat(r.passed()).isTrue();
        assertThat(Gates.only(r).target()).isEqualTo("no pending migration from supabase/migrations");
    }

    @Test
    void unreachableDatabaseIsAFailedAttemptWithTheReason() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        GateResult r = Gates.once(dir, "    - { name: rls, rls: public }\n",
                Map.of("SUPABASE_PROD_DB_URL", "postgresql://postgres@127.0.0.1:" + closedPort + "/postgres")).load().run();
        assertThat(Gates.only(r).lastFailure()).startsWith("cannot connect to prod database postgresql://postgres@127.0.0.1:" + closedPort);
    }

    private int counter() throws SQLException {
        String jdbc = "jdbc:" + url.replace("postgresql://postgres@", "postgresql://") + "?user=postgres";
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select n from public.counter")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private dev.supabaseops.core.OpsException loadError(String checksYaml) {
        try {
            Gates.once(dir, checksYaml, Map.of("SUPABASE_PROD_DB_URL", url)).load();
        } catch (dev.supabaseops.core.OpsException e) {
            assertThat(e.exitCode()).isEqualTo(dev.supabaseops.core.ExitCode.USAGE);
            assertThat(e.getMessage()).doesNotContain("\n");
            return e;
        }
        throw new AssertionError("expected a configuration error for " + checksYaml);
    }

    @Test
    void sqlWithSeveralStatementsOrTransactionControlIsAConfigurationError() throws SQLException {
        sql("create table public.counter (n int)", "insert into public.counter values (0)");
        assertThat(loadError("    - { name: escape, sql: \"select true; commit; update public.counter set n = n + 100\" }\n")
                .getMessage()).isEqualTo("health.prod check #1 (escape): sql holds 3 statements: give one query"
                + " (a check runs a single statement in a read-only transaction)");
        long start = System.nanoTime();
        assertThat(loadError("    - { name: sleepy, sql: \"commit; select pg_sleep(8) is not null\", timeout: 2s }\n")
                .getMessage()).startsWith("health.prod check #1 (sleepy): sql holds 2 statements");
        assertThat(loadError("    - { name: c, sql: \"/* first */ COMMIT\" }\n").getMessage())
                .isEqualTo("health.prod check #1 (c): sql must not control the transaction (COMMIT): give one query;"
                        + " the check runs it in a read-only transaction that is rolled back");
        for (String control : java.util.List.of("begin", "end", "rollback", "abort", "savepoint s", "release s",
                "start transaction read write", "set transaction read write", "set session characteristics as transaction read write",
                "prepare transaction 'x'")) {
            assertThat(loadError("    - { name: c, sql: \"" + control + "\" }\n").getMessage()).contains("must not control the transaction");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(counter()).as("nothing was written").isZero();
    }

    @Test
    void semicolonsInsideStringsCommentsAndDollarQuotesAreOneStatement() {
        GateResult r = once("""
                    - { name: quoted, sql: "select ';' = ';'" }
                    - { name: dollar, sql: "select $$a; commit; b$$ <> ''" }
                    - { name: comment, sql: "select /* ; commit; */ true" }
                    - { name: trailing, sql: "select true;" }
                    - { name: ident, sql: "select true as \\"x;y\\"" }
                """);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    @Test
    void theDriverSplitIsCheckedAgainstTheServersStringRulesAtRunTime() throws SQLException {
        // With standard_conforming_strings off, \' does not end a string: this text is one statement
        // at load time (the default rules) but three for the driver talking to this server.
        sql("create table public.counter (n int)", "insert into public.counter values (0)",
                "do $$ begin execute format('alter database %I set standard_conforming_strings = off', current_database()); end $$");
        GateResult r = once("    - { name: sneaky, sql: \"select '\\\\' = '; commit; update public.counter set n = n + 100 where '' = ''\" }\n");
        assertThat(Gates.only(r).lastFailure()).isEqualTo("sql holds more than one statement: not run (give one query)");
        assertThat(counter()).as("nothing was written").isZero();
    }

    @Test
    void preferQueryModeSimpleInTheUrlStillRunsTheCheckAsOneExtendedStatement() {
        GateResult r = Gates.once(dir, "    - { name: q, sql: \"select count(*) = 2 from plans\" }\n",
                Map.of("SUPABASE_PROD_DB_URL", url + "?preferQueryMode=simple")).load().run();
        assertThat(r.passed()).as(r.toString()).isTrue();
    }
}
