package dev.supabaseops.migrate;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushSafetyTest {
    @TempDir
    Path root;

    @Test
    void concurrentPushesApplyEachFileOnce() throws Exception {
        MigrationFixture fx = new MigrationFixture(root);
        fx.exec("create table applied_log (file text)");
        for (int i = 1; i <= 6; i++) {
            // pg_sleep widens the window in which a second push would apply the same file
            fx.file("2024010100000" + i + "_f" + i + ".sql", "insert into applied_log values ('f" + i + "');\nselect pg_sleep(0.05);");
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Callable<PushResult> push = () -> fx.migrations().load().push();
            List<Future<PushResult>> results = pool.invokeAll(List.of(push, push, push), 60, TimeUnit.SECONDS);
            int appliedTotal = 0;
            for (Future<PushResult> f : results) {
                PushResult r = f.get();
                assertThat(r.succeeded()).isTrue();
                appliedTotal += r.applied().size();
            }
            assertThat(appliedTotal).isEqualTo(6);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fx.strings("select file from applied_log order by file")).containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
        assertThat(fx.versions()).hasSize(6);
        assertThat(fx.log).anyMatch(l -> l.contains("another push to test is running; waiting"));
    }

    @Test
    void connectionKilledMidPushLeavesHistoryAndSchemaConsistent() throws Exception {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000002_slow.sql", "create table slow (id int);\nselect pg_sleep(30);\ncreate table after_sleep (id int);")
                .file("20240101000003_c.sql", "create table c (id int);");
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                List<String> killed = fx.strings("select pg_terminate_backend(pid)::text from pg_stat_activity"
                        + " where datname = current_database() and query like '%pg_sleep(30)%' and pid <> pg_backend_pid()");
                if (!killed.isEmpty()) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        killer.start();
        long t0 = System.nanoTime();
        PushResult r = fx.migrations().load().push();
        killer.join();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(25));
        assertThat(r.succeeded()).isFalse();
        assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("20240101000001");
        assertThat(r.failure().file()).isEqualTo("20240101000002_slow.sql");
        assertThat(r.failure().sqlState()).isNotNull();
        assertThat(fx.versions()).containsExactly("20240101000001");
        assertThat(fx.exists("public.a")).isTrue();
        assertThat(fx.exists("public.slow")).isFalse();
        assertThat(fx.exists("public.after_sleep")).isFalse();

        fx.file("20240101000002_slow.sql", "create table slow (id int);\nselect pg_sleep(0);\ncreate table after_sleep (id int);");
        PushResult retry = fx.migrations().load().push();
        assertThat(retry.applied()).extracting(AppliedMigration::version).containsExactly("20240101000002", "20240101000003");
    }

    @Test
    void lintFailRefusesNamingFileLineAndRuleAndWaiversAreReported() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int, old text);\ncreate table b (id int);")
                .file("20240101000002_risky.sql", "-- tidy up\nalter table a drop column old;\n\ndelete from a;\n")
                .file("20240101000003_policy.sql", "-- supabase-ops: allow drop-table b was a scratch table\ndrop table b;\n"
                        + "alter table a enable row level security;\ncreate policy p on a for select using (true);\n"
                        + "drop policy if exists q on a;\ncreate policy q on a for select using (true);\n");
        assertThatThrownBy(() -> fx.migrations().lint(LintMode.FAIL).load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED))
                .hasMessageContaining("lint refused 3 statement(s), first: 20240101000002_risky.sql:2 drop-column");
        assertThat(fx.exists("public.a")).isFalse();

        PushPlan plan = fx.migrations().lint(LintMode.FAIL).load().plan();
        assertThat(plan.lintFindings()).extracting(LintFinding::toString).containsExactly(
                "20240101000002_risky.sql:2 drop-column: " + Linter.RULES.get("drop-column"),
                "20240101000002_risky.sql:4 delete-without-where: " + Linter.RULES.get("delete-without-where"),
                "20240101000003_policy.sql:4 create-policy-without-drop: " + Linter.RULES.get("create-policy-without-drop"));
        assertThat(plan.waivers()).containsExactly(new LintWaiver("20240101000003_policy.sql", 1, "drop-table", "b was a scratch table", 1));

        PushResult warned = fx.migrations().lint(LintMode.WARN).load().push();
        assertThat(warned.succeeded()).isTrue();
        assertThat(warned.waivers()).hasSize(1);
        assertThat(warned.warnings()).anyMatch(w -> w.startsWith("lint 20240101000002_risky.sql:2 drop-column"));
    }

    @Test
    void protectedEnvironmentsDefaultToLintFail() {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000001_a.sql", "create table a (id int);\ntruncate a;");
        assertThatThrownBy(() -> fx.migrations().protectedEnvironment(true).confirm("test").load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED))
                .hasMessageContaining("20240101000001_a.sql:2 truncate");
        assertThat(fx.migrations().load().push().succeeded()).isTrue(); // unprotected: warn
    }

    @Test
    void waiverWithoutReasonIsUsageError() {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000001_a.sql", "-- supabase-ops: allow truncate\ncreate table a (id int);");
        assertThatThrownBy(() -> fx.migrations().lint(LintMode.FAIL).load().plan())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("20240101000001_a.sql:1: the waiver of truncate needs a reason");
    }
}
