package dev.supabaseops.jenkins;

import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.testing.Pg;
import hudson.AbortException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** supabasePush: arguments to SupabaseMigrations, PushPlan/PushResult back as Maps, on real PostgreSQL. */
class SupabasePushStepTest {
    @TempDir
    Path ws;
    String db;
    StepHarness harness;

    @BeforeEach
    void project() throws Exception {
        db = Pg.newSupabaseDb();
        harness = new StepHarness().credential("supabase-preprod-db-url", db);
        Path dir = Files.createDirectories(ws.resolve("supabase/migrations"));
        Files.writeString(dir.resolve("20250101000000_plans.sql"), "create table plans (id int primary key, name text);\n");
        Files.writeString(dir.resolve("20250102000000_seed.sql"), "insert into plans values (1, 'free');\n");
    }

    @Test
    void dryRunReturnsThePlanAndWritesNothing() throws Exception {
        SupabasePushStep step = new SupabasePushStep("preprod");
        step.setDryRun(true);

        Map<String, Object> plan = harness.run(step, ws);

        assertThat(plan).containsEntry("environment", "preprod").containsEntry("applied", 0);
        assertThat(pending(plan)).extracting(p -> p.get("version")).containsExactly("20250101000000", "20250102000000");
        assertThat(tableExists("plans")).isFalse();
    }

    @Test
    void pushAppliesOnceAndASecondPushFindsNothingToDo() throws Exception {
        Map<String, Object> first = harness.run(new SupabasePushStep("preprod"), ws);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> applied = (List<Map<String, Object>>) first.get("applied");
        assertThat(applied).extracting(a -> a.get("version")).containsExactly("20250101000000", "20250102000000");
        assertThat(first).containsEntry("failure", null);

        Map<String, Object> second = harness.run(new SupabasePushStep("preprod"), ws);
        assertThat((List<?>) second.get("applied")).isEmpty();
        assertThat(second).containsEntry("alreadyApplied", 2);
        assertThat(harness.log()).contains("[supabasePush]");
    }

    @Test
    void dirAndAtomicReachTheEngine() throws Exception {
        Path other = Files.createDirectories(ws.resolve("db/migrations"));
        Files.writeString(other.resolve("1_a.sql"), "create table a (id int);\n");
        Files.writeString(other.resolve("2_b.sql"), "create table b (id int);\nselect 1/0;\n");
        SupabasePushStep step = new SupabasePushStep("preprod");
        step.setDir("db/migrations");
        step.setAtomic(true);

        assertThatThrownBy(() -> harness.run(step, ws))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("supabasePush: migration ")
                .hasMessageContaining("2_b.sql at statement 2 of 2")
                .hasMessageContaining("SQLSTATE 22012")
                .hasMessageEndingWith("(exit code 1)");
        assertThat(tableExists("a")).as("atomic: nothing stays applied").isFalse();
    }

    @Test
    void lintArgumentRefusesWithExitCode3() throws Exception {
        Files.writeString(ws.resolve("supabase/migrations/20250103000000_drop.sql"), "drop table plans;\n");
        SupabasePushStep step = new SupabasePushStep("preprod");
        step.setLint("fail");

        assertThatThrownBy(() -> harness.run(step, ws))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("supabasePush: lint refused")
                .hasMessageEndingWith("(exit code 3)");
        assertThat(tableExists("plans")).isFalse();

        step.setLint("nonsense");
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabasePush: lint must be fail, warn or off (got 'nonsense') (exit code 2)");
    }

    @Test
    void dryRunThatLintWouldRefuseExitsWithCode3() throws Exception {
        Files.writeString(ws.resolve("supabase/migrations/20250103000000_drop.sql"), "drop table plans;\n");
        SupabasePushStep step = new SupabasePushStep("preprod");
        step.setLint("fail");
        step.setDryRun(true);

        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessageStartingWith("supabasePush: lint would refuse this push: ")
                .hasMessageEndingWith("(exit code 3)");
    }

    @Test
    void flywayProjectsGoThroughFlyway() throws Exception {
        Path dir = Files.createDirectories(ws.resolve("db/flyway"));
        Files.writeString(dir.resolve("V1__plans.sql"), "create table fw_plans (id int primary key);\n");
        Files.writeString(ws.resolve("supabase-ops.yml"),
                "environments:\n  preprod: { protected: true }\nmigrations: { tool: flyway, dir: db/flyway }\n");
        SupabasePushStep step = new SupabasePushStep("preprod");
        step.setDryRun(true);
        Map<String, Object> plan = harness.run(step, ws);
        assertThat((List<?>) plan.get("pending")).hasSize(1);

        step.setDryRun(false);
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabasePush: environment 'preprod' is protected: pass --confirm preprod to change it (exit code 3)");
        step.setConfirm("preprod");
        Map<String, Object> result = harness.run(step, ws);
        assertThat(result).containsEntry("targetVersion", "1");
        assertThat(tableExists("fw_plans")).isTrue();
    }

    @Test
    void protectedEnvironmentNeedsConfirm() throws Exception {
        Files.writeString(ws.resolve("supabase-ops.yml"), "environments:\n  preprod: { protected: true }\n");
        SupabasePushStep step = new SupabasePushStep("preprod");

        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabasePush: environment 'preprod' is protected: pass --confirm preprod to change it (exit code 3)");

        step.setConfirm("preprod");
        step.setLint("warn");
        harness.run(step, ws);
        assertThat(tableExists("plans")).isTrue();
    }

    @Test
    void passwordCredentialIsBoundAndNeverShown() throws Exception {
        String password = "pw-Very-Secret-7781";
        SupabasePushStep step = new SupabasePushStep("preprod");
        step.setDbUrlCredentialsId("my-url");
        step.setDbPasswordCredentialsId("my-pw");
        harness.credential("my-url", "postgresql://postgres@127.0.0.1:1/postgres").credential("my-pw", password);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> harness.run(step, ws));

        assertThat(thrown).isInstanceOf(AbortException.class).hasMessageContaining("cannot connect to preprod database");
        assertThat(thrown.getMessage() + harness.log()).doesNotContain(password);
    }

    @Test
    void unknownEnvironmentIsAUsageError() {
        SupabasePushStep step = new SupabasePushStep("staging");
        step.setDbUrlCredentialsId("");

        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessageStartingWith("supabasePush: unknown environment 'staging'")
                .hasMessageEndingWith("(exit code 2)");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pending(Map<String, Object> plan) {
        return (List<Map<String, Object>>) plan.get("pending");
    }

    private boolean tableExists(String name) throws Exception {
        try (Connection c = new Database("t", DbUrl.parse(db, "t")).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select to_regclass('public." + name + "') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
