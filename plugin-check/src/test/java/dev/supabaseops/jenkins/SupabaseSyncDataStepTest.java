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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** supabaseSyncData: arguments to DataSync, its plan/result/manifest back as Maps, on two real databases. */
class SupabaseSyncDataStepTest {
    private static final String PREPROD_URL = "https://preprodref.supabase.co";
    private static final String PROD_URL = "https://prodref.supabase.co";

    @TempDir
    Path ws;
    String source;
    String target;
    StepHarness harness;

    @BeforeEach
    void databases() throws Exception {
        source = Pg.newSupabaseDb();
        target = Pg.newSupabaseDb();
        String ddl = "create table public.plans (id int primary key, name text, image text);"
                + "create table public.profiles (id int primary key, email text)";
        sql(source, ddl, "insert into plans values (1, 'free', '" + PREPROD_URL + "/storage/v1/object/public/img/free.png'),"
                + " (2, 'pro', null)", "insert into profiles values (1, 'a@example.com')");
        sql(target, ddl, "insert into plans values (3, 'legacy', null)");
        harness = new StepHarness()
                .credential("supabase-preprod-db-url", source)
                .credential("supabase-prod-db-url", target)
                .env("SUPABASE_PREPROD_URL", PREPROD_URL)
                .env("SUPABASE_PROD_URL", PROD_URL);
    }

    @Test
    void dryRunReturnsTheReviewablePlanAndWritesNothing() throws Exception {
        SupabaseSyncDataStep step = syncTo("prod");
        step.setFrom("preprod");
        step.setTables("plans");
        step.setDryRun(true);

        Map<String, Object> plan = harness.run(step, ws);

        assertThat(plan).containsEntry("source", "preprod").containsEntry("target", "prod").containsEntry("mode", "UPSERT")
                .containsEntry("rewriteTo", PROD_URL);
        Map<String, Object> table = table(plan, 0);
        assertThat(table).containsEntry("inserts", 2L).containsEntry("deletes", 0L);
        assertThat(table.get("urlRewrites")).isEqualTo(Map.of("image", 1L));
        assertThat(rows(target, "select id from plans order by id")).containsExactly("3");
    }

    @Test
    void applyRewritesUrlsAndMirrorDeletes() throws Exception {
        SupabaseSyncDataStep step = syncTo("prod");
        step.setFrom("preprod");
        step.setTables("plans");
        step.setMode("mirror");

        Map<String, Object> result = harness.run(step, ws);

        assertThat(result).containsEntry("rowsWritten", 3L);
        assertThat(rows(target, "select id || ':' || coalesce(image, '') from plans order by id"))
                .containsExactly("1:" + PROD_URL + "/storage/v1/object/public/img/free.png", "2:");
    }

    @Test
    void rewriteUrlsFalseKeepsValues() throws Exception {
        SupabaseSyncDataStep step = syncTo("prod");
        step.setFrom("preprod");
        step.setTables("plans");
        step.setRewriteUrls(false);

        harness.run(step, ws);

        assertThat(rows(target, "select image from plans where id = 1")).containsExactly(PREPROD_URL + "/storage/v1/object/public/img/free.png");
    }

    @Test
    void exportThenImport() throws Exception {
        SupabaseSyncDataStep export = new SupabaseSyncDataStep();
        export.setFrom("preprod");
        export.setTables("plans");
        export.setExport("snapshot");
        Map<String, Object> manifest = harness.run(export, ws);
        assertThat(manifest).containsEntry("source", "preprod");
        assertThat(ws.resolve("snapshot/manifest.json")).exists();
        assertThat(rows(target, "select count(*) from plans")).containsExactly("1");

        SupabaseSyncDataStep imp = syncTo("prod");
        imp.setImport("snapshot");
        harness.run(imp, ws);
        assertThat(rows(target, "select count(*) from plans")).containsExactly("3");
    }

    @Test
    void blockedTableIsRefusedWithExitCode3AndNothingWritten() throws Exception {
        Files.writeString(ws.resolve("supabase-ops.yml"), "sync: { blocked: [profiles] }\n");
        SupabaseSyncDataStep step = syncTo("prod");
        step.setFrom("preprod");
        step.setTables("plans, profiles");

        assertThatThrownBy(() -> harness.run(step, ws))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("profiles")
                .hasMessageEndingWith("(exit code 3)");
        assertThat(rows(target, "select count(*) from plans")).containsExactly("1");
    }

    @Test
    void dryRunOfAPlanApplyWouldRefuseExitsWithCode3() throws Exception {
        sql(source, "create table public.features (id int primary key, plan_id int references public.plans (id))",
                "insert into features values (10, 2)");
        sql(target, "create table public.features (id int primary key, plan_id int references public.plans (id))");
        SupabaseSyncDataStep step = syncTo("prod");
        step.setFrom("preprod");
        step.setTables("features");
        step.setDryRun(true);

        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessageStartingWith("supabaseSyncData: apply would be refused: 1 problem(s), first: ")
                .hasMessageEndingWith("(exit code 3)");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        SupabaseSyncDataStep step = syncTo("prod");
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabaseSyncData: no source: pass from (or import) (exit code 2)");

        step.setFrom("prod");
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabaseSyncData: from and to name the same environment 'prod' (exit code 2)");

        step.setFrom("preprod");
        step.setMode("replace");
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabaseSyncData: mode must be upsert or mirror (got 'replace') (exit code 2)");

        step.setMode(null);
        step.setDisableTriggers("all");
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessageStartingWith("supabaseSyncData: disableTriggers accepts only 'user' (got 'all')")
                .hasMessageEndingWith("(exit code 2)");
    }

    @Test
    void protectedTargetNeedsConfirmButADryRunDoesNot() throws Exception {
        Files.writeString(ws.resolve("supabase-ops.yml"), "environments:\n  prod: { protected: true }\nsync: { tables: [plans] }\n");
        SupabaseSyncDataStep step = syncTo("prod");
        step.setFrom("preprod");
        step.setDryRun(true);
        assertThat(table(harness.run(step, ws), 0)).containsEntry("inserts", 2L); // tables from sync.tables

        step.setDryRun(false);
        assertThatThrownBy(() -> harness.run(step, ws))
                .hasMessage("supabaseSyncData: environment 'prod' is protected: pass --confirm prod to change it (exit code 3)");
        step.setConfirm("prod");
        harness.run(step, ws);
        assertThat(rows(target, "select count(*) from plans")).containsExactly("3");
    }

    private static SupabaseSyncDataStep syncTo(String to) {
        SupabaseSyncDataStep step = new SupabaseSyncDataStep();
        step.setTo(to);
        return step;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(Map<String, Object> plan, int i) {
        return ((List<Map<String, Object>>) plan.get("tables")).get(i);
    }

    private static void sql(String url, String... statements) throws Exception {
        try (Connection c = new Database("t", DbUrl.parse(url, "t")).connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static List<String> rows(String url, String query) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = new Database("t", DbUrl.parse(url, "t")).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
