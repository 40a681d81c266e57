package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, end to end: real servers, the real commands, real counts. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsTheWholePromotionWithRealCounts() throws Exception {
        Cli.Result r = Cli.run(Map.of(), dir, "demo", "--dir", "project");
        assertThat(r.exitCode()).as(r.all()).isZero();
        String out = r.out();
        assertThat(out).contains("[1] Plan", "Approval gate", "Prod: push migrations", "Summary");
        assertThat(out).contains("1 migration applied (20250301090000_profile_locale)");
        assertThat(out).containsPattern("3 tables: \\d+ rows inserted, \\d+ updated");
        assertThat(out).containsPattern("[1-9]\\d* storage URLs rewritten");
        assertThat(out).containsPattern("[1-9]\\d* objects \\(\\d+ bytes\\) in 2 buckets");
        assertThat(out).containsPattern("[1-9]\\d* objects copied");
        assertThat(out).contains("5/5 checks passed");
        assertThat(out).contains("storage URLs already rewritten").contains("0 rows written in one transaction"); // the re-run
        assertThat(out).doesNotContain("sb_secret_demo");
        assertThat(Files.exists(dir.resolve("project/reports/health-prod.xml"))).isTrue();
    }

    @Test
    void jsonSummaryHasTheCounts() throws Exception {
        Cli.Result r = Cli.run(Map.of(), dir, "demo", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertThat(summary.path("push --env prod: migrations applied").asInt()).isEqualTo(1);
        assertThat(summary.path("sync-data --from preprod --to prod: urls rewritten").asLong()).isPositive();
    }

    @Test
    void keepLeavesServersRunningWithVariablesInAPrivateFile() throws Exception {
        Cli.Result[] result = new Cli.Result[1];
        Thread demo = new Thread(() -> result[0] = Cli.run(Map.of(), dir, "demo", "--dir", "kept", "--keep"));
        demo.start();
        Path env = dir.resolve("kept/.demo/env.sh");
        for (int i = 0; i < 1200 && !Files.exists(env); i++) {
            Thread.sleep(100);
        }
        assertThat(env).exists();
        Thread.sleep(200); // the file is written before the prompt lines
        String vars = Files.readString(env);
        assertThat(vars).contains("export SUPABASE_PROD_DB_URL='postgresql://postgres@localhost:")
                .contains("export SUPABASE_PROD_SERVICE_ROLE_KEY='sb_secret_demo");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        // The servers answer: a dry-run against the kept project works from "another terminal".
        Map<String, String> exported = new java.util.HashMap<>();
        vars.lines().filter(l -> l.startsWith("export ")).forEach(l -> {
            String kv = l.substring("export ".length());
            exported.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 2, kv.length() - 1));
        });
        Cli.Result plan = Cli.run(exported, dir.resolve("kept"), "push", "--env", "prod", "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("0 pending");
        demo.interrupt();
        demo.join(30_000);
        assertThat(demo.isAlive()).isFalse();
        assertThat(result[0].exitCode()).isZero();
        assertThat(result[0].all()).doesNotContain("sb_secret_demo");
    }
}
