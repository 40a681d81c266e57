package dev.supabaseops.jenkins;

import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.testing.Pg;
import hudson.AbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** healthGate: arguments to the engine's HealthGate, its GateResult back as a Map, on real PostgreSQL. */
class HealthGateStepTest {
    private static final String CHECKS = """
            health:
              preprod:
                - { name: one-row, sql: "select count(*) = 1 from public.plans" }
                - { name: rls, rls: [public] }
            """;

    @TempDir
    Path ws;

    @Test
    void passingGateReturnsTheResultAsAMapAndWritesJUnitXml() throws Exception {
        String db = databaseWithPlans(true);
        Files.writeString(ws.resolve("supabase-ops.yml"), CHECKS);
        HealthGateStep step = new HealthGateStep("preprod");
        step.setTimeout("0s");
        step.setJunit("reports/health.xml");
        StepHarness harness = new StepHarness().credential("supabase-preprod-db-url", db);

        Map<String, Object> result = harness.run(step, ws);

        assertThat(result).containsEntry("environment", "preprod").containsEntry("passed", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) result.get("checks");
        assertThat(checks).extracting(c -> c.get("name")).containsExactly("one-row", "rls");
        assertThat(checks).allSatisfy(c -> assertThat(c).containsEntry("passed", true).containsEntry("attempts", 1));
        assertThat(result.get("startedAt")).isInstanceOf(String.class); // ISO-8601, as the CLI's --json
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ws.resolve("reports/health.xml").toFile());
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(harness.log()).contains("[healthGate] passed: one-row");
    }

    @Test
    void failingCheckFailsTheStepWithTheReasonAfterWritingTheReport() throws Exception {
        String db = databaseWithPlans(false);
        Files.writeString(ws.resolve("supabase-ops.yml"), CHECKS);
        HealthGateStep step = new HealthGateStep("preprod");
        step.setTimeout("0");
        step.setJunit("health.xml");
        StepHarness harness = new StepHarness().credential("supabase-preprod-db-url", db);

        assertThatThrownBy(() -> harness.run(step, ws))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("healthGate: 1 of 2 checks failed at the deadline: rls (")
                .hasMessageContaining("public.plans")
                .hasMessageEndingWith("(exit code 1)");
        assertThat(Files.readString(ws.resolve("health.xml"))).contains("<failure");
    }

    @Test
    void argumentsReachTheEngine() throws Exception {
        Files.writeString(ws.resolve("ops.yml"), """
                health:
                  preprod:
                    - { name: env, env: { required: [SOME_VAR] } }
                """);
        HealthGateStep step = new HealthGateStep("preprod");
        step.setConfig("ops.yml");
        step.setTimeout("1500ms");
        step.setInterval("250ms");
        step.setDbUrlCredentialsId("");
        StepHarness harness = new StepHarness().env("SOME_VAR", "x").env("SUPABASE_PREPROD_URL", "https://abcd.supabase.co");

        Map<String, Object> result = harness.run(step, ws);

        assertThat(result).containsEntry("timeoutMillis", 1500L).containsEntry("passed", true);
        assertThat(harness.log()).contains("every 250ms for up to 1.5s");
    }

    @Test
    void checksGivenAsArgumentsReplaceTheConfiguredOnes() throws Exception {
        String db = databaseWithPlans(false);
        HealthGateStep step = new HealthGateStep("preprod");
        step.setSql(List.of("select count(*) = 1 from public.plans", "select true"));
        step.setRls("public");
        step.setRequire("SOME_VAR, OTHER_VAR");
        step.setTimeout("0");
        step.setDryRun(true);
        StepHarness harness = new StepHarness().credential("supabase-preprod-db-url", db).env("SOME_VAR", "1");

        Map<String, Object> plan = harness.run(step, ws);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) plan.get("checks");
        assertThat(checks).extracting(c -> c.get("name")).containsExactly("sql-1", "sql-2", "rls", "env");

        step.setDryRun(false);
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessageStartingWith("healthGate: 2 of 4 checks failed at the deadline: ")
                .hasMessageContaining("rls (")
                .hasMessageContaining("env (")
                .hasMessageContaining("OTHER_VAR");

        step.setMethod("POST");
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("healthGate: --method, --header, --status, --expect and --contains apply to --http checks: add --http URL (exit code 2)");
    }

    @Test
    void migrationsCheckAsksThePushEngine() throws Exception {
        String db = databaseWithPlans(true);
        Files.createDirectories(ws.resolve("db/migrations"));
        Files.writeString(ws.resolve("db/migrations/20250101000000_x.sql"), "create table x (id int);\n");
        HealthGateStep step = new HealthGateStep("preprod");
        step.setMigrations("db/migrations");
        step.setTimeout("0");
        StepHarness harness = new StepHarness().credential("supabase-preprod-db-url", db);

        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessageStartingWith("healthGate: 1 of 1 checks failed at the deadline: migrations (")
                .hasMessageContaining("20250101000000_x.sql");

        SupabasePushStep push = new SupabasePushStep("preprod");
        push.setDir("db/migrations");
        harness.run(push, ws);
        assertThat(harness.run(step, ws)).containsEntry("passed", true);
    }

    @Test
    void badDurationIsAUsageErrorOnOneLine() throws Exception {
        Files.writeString(ws.resolve("supabase-ops.yml"), CHECKS);
        HealthGateStep step = new HealthGateStep("preprod");
        step.setTimeout("soon");
        StepHarness harness = new StepHarness().credential("supabase-preprod-db-url", "postgresql://postgres@localhost:1/x");

        assertThatThrownBy(() -> harness.run(step, ws))
                .isInstanceOf(AbortException.class)
                .hasMessage("healthGate: timeout must be a duration such as 500ms, 10s, 5m or 1h (got 'soon') (exit code 2)");
    }

    @Test
    void databasePasswordNeverReachesTheLogOrTheError() throws Exception {
        String password = "S3cr3t-pw-4242/@x";
        Files.writeString(ws.resolve("supabase-ops.yml"), """
                health:
                  preprod:
                    - { name: db, sql: "select true" }
                """);
        HealthGateStep step = new HealthGateStep("preprod");
        step.setTimeout("0");
        StepHarness harness = new StepHarness()
                .credential("supabase-preprod-db-url", "postgresql://postgres@db.unreachable.invalid:5432/postgres")
                .credential("pw-id", password);
        step.setDbPasswordCredentialsId("pw-id");

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> harness.run(step, ws));

        assertThat(thrown).isInstanceOf(AbortException.class).hasMessageContaining("db.unreachable.invalid");
        assertThat(thrown.getMessage()).doesNotContain(password).doesNotContain("S3cr3t");
        assertThat(harness.log()).doesNotContain("S3cr3t");
    }

    /** A Supabase-shaped database with a plans table, RLS on or off. */
    static String databaseWithPlans(boolean rls) throws Exception {
        String url = Pg.newSupabaseDb();
        try (Connection c = new Database("test", DbUrl.parse(url, "test")).connect();
             Statement s = c.createStatement()) {
            s.execute("create table public.plans (id int primary key, name text)");
            s.execute("insert into public.plans values (1, 'free')");
            if (rls) {
                s.execute("alter table public.plans enable row level security");
            }
        }
        return url;
    }
}
