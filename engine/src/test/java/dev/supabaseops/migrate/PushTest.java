package dev.supabaseops.migrate;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushTest {
    @TempDir
    Path root;

    @Test
    void planWritesNothingAndPushAppliesAndRecordsLikeTheCli() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000000_create.sql", "create table public.plans (id int primary key, name text);\ninsert into plans values (1, 'free;basic');\n")
                .file("20240102000000_more.sql", "alter table plans add column price int;\n")
                .file("README.md", "not a migration");
        PushPlan plan = fx.migrations().load().plan();
        assertThat(plan.pending()).extracting(PendingMigration::version).containsExactly("20240101000000", "20240102000000");
        assertThat(plan.skipped()).containsExactly("README.md");
        assertThat(fx.exists("supabase_migrations.schema_migrations")).isFalse();
        assertThat(fx.exists("public.plans")).isFalse();

        PushResult r = fx.migrations().load().push();
        assertThat(r.succeeded()).isTrue();
        assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("20240101000000", "20240102000000");
        assertThat(fx.strings("select name || '|' || array_to_string(statements, '#') from supabase_migrations.schema_migrations order by version"))
                .containsExactly("create|create table public.plans (id int primary key, name text)#insert into plans values (1, 'free;basic')",
                        "more|alter table plans add column price int");
        assertThat(fx.strings("select column_name from information_schema.columns where table_schema = 'supabase_migrations' order by ordinal_position"))
                .containsExactly("version", "statements", "name");

        PushResult again = fx.migrations().load().push();
        assertThat(again.applied()).isEmpty();
        assertThat(again.alreadyApplied()).isEqualTo(2);
    }

    @Test
    void twoFilesWithOneVersionFailOnTheHistoryKeyAndTheSecondIsListedNotApplied() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000001_b.sql", "create table b (id int);")
                .file("20240101000002_c.sql", "create table c (id int);");
        PushResult r = fx.migrations().load().push();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().file()).isEqualTo("20240101000001_b.sql");
        assertThat(r.failure().sqlState()).isEqualTo("23505");
        assertThat(r.applied()).extracting(AppliedMigration::file).containsExactly(fx.dir.resolve("20240101000001_a.sql").toString());
        assertThat(r.notApplied()).containsExactly("20240101000001", "20240101000002");
        assertThat(fx.exists("public.b")).isFalse();

        PushResult atomic = new MigrationFixture(root.resolve("atomic"))
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000001_b.sql", "create table b (id int);")
                .migrations().atomic(true).load().push();
        assertThat(atomic.applied()).isEmpty();
        assertThat(atomic.notApplied()).containsExactly("20240101000001", "20240101000001");
    }

    @Test
    void failingStatementInFileThreeOfFiveKeepsOneAndTwoAndNothingOfThree() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000002_b.sql", "create table b (id int);")
                .file("20240101000003_c.sql", "create table c (id int);\n\ninsert into c values (1);\ninsert into missing_table values (1);\ncreate table c2 (id int);\n")
                .file("20240101000004_d.sql", "create table d (id int);")
                .file("20240101000005_e.sql", "create table e (id int);");
        PushResult r = fx.migrations().load().push();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("20240101000001", "20240101000002");
        assertThat(r.applied()).extracting(AppliedMigration::filesInRoundTrip).as("all five were sent in one round trip")
                .containsOnly(5);
        assertThat(r.notApplied()).containsExactly("20240101000003", "20240101000004", "20240101000005");
        MigrationFailure f = r.failure();
        assertThat(f.file()).isEqualTo("20240101000003_c.sql");
        assertThat(f.statementNumber()).isEqualTo(3);
        assertThat(f.statementCount()).isEqualTo(4);
        assertThat(f.line()).isEqualTo(4);
        assertThat(f.sqlState()).isEqualTo("42P01");
        assertThat(f.message()).isEqualTo("relation \"missing_table\" does not exist");
        assertThat(f.statement()).isEqualTo("insert into missing_table values (1)");
        assertThat(f.partiallyApplied()).isFalse();
        assertThat(f.summary()).isEqualTo("20240101000003_c.sql at statement 3 of 4 (line 4): SQLSTATE 42P01: relation \"missing_table\" does not exist");
        assertThat(fx.versions()).containsExactly("20240101000001", "20240101000002");
        assertThat(fx.exists("public.b")).isTrue();
        assertThat(fx.exists("public.c")).isFalse();
        assertThat(fx.exists("public.d")).isFalse();
    }

    @Test
    void deferredConstraintFailingAtCommitLeavesNothingOfThatFile() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table parent (id int primary key);\n"
                        + "create table child (id int primary key, parent_id int references parent deferrable initially deferred);")
                .file("20240101000002_b.sql", "insert into child values (1, 42);\ncreate table b (id int);") // checked at COMMIT
                .file("20240101000003_c.sql", "create table c (id int);");
        PushResult r = fx.migrations().load().push();
        assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("20240101000001");
        assertThat(r.failure().file()).isEqualTo("20240101000002_b.sql");
        assertThat(r.failure().sqlState()).isEqualTo("23503");
        assertThat(r.failure().statementNumber()).as("COMMIT is no statement of the file").isEqualTo(-1);
        assertThat(r.failure().summary()).startsWith("20240101000002_b.sql: SQLSTATE 23503: ");
        assertThat(fx.versions()).containsExactly("20240101000001");
        assertThat(fx.exists("public.b")).isFalse();
        assertThat(fx.strings("select count(*)::text from child")).containsExactly("0");

        fx.file("20240101000002_b.sql", "insert into parent values (42);\ninsert into child values (1, 42);\ncreate table b (id int);");
        PushResult fixed = fx.migrations().load().push(); // the failed block was ended: the session and server are clean
        assertThat(fixed.applied()).extracting(AppliedMigration::version).containsExactly("20240101000002", "20240101000003");
    }

    @Test
    void roundTripsEndAtFiftyFilesAThousandStatementsAndAroundFilesOutsideATransaction() {
        MigrationFixture fx = new MigrationFixture(root);
        for (int i = 1; i <= 120; i++) {
            String sql = i == 60 ? "create index concurrently t59_id on t59 (id);" // alone, outside a transaction
                    : i == 100 ? "select 1;\n".repeat(990) + "create table t100 (id int);" // 991 statements
                    : "create table t" + i + " (id int);";
            fx.file(String.format("2024010100%04d_t%d.sql", i, i), sql);
        }
        PushResult r = fx.migrations().load().push();
        assertThat(r.succeeded()).isTrue();
        assertThat(fx.versions()).hasSize(120);
        List<Integer> trips = r.applied().stream().map(AppliedMigration::filesInRoundTrip).toList();
        // 1–50, 51–59, 60 alone, 61–99 (99 + 991 statements would pass 1,000), 100 with 101–109, 110–120
        List<Integer> expected = new java.util.ArrayList<>();
        for (int[] trip : new int[][]{{50, 50}, {9, 9}, {1, 1}, {39, 39}, {10, 10}, {11, 11}}) {
            expected.addAll(java.util.Collections.nCopies(trip[0], trip[1]));
        }
        assertThat(trips).isEqualTo(expected);
        assertThat(r.applied().get(59).transactional()).isFalse();
        assertThat(fx.log).filteredOn(l -> l.startsWith("applying ")).hasSize(6)
                .contains("applying 9 files in one round trip, each in its own transaction (9 statements): "
                        + "20240101000051_t51.sql … 20240101000059_t59.sql");
    }

    @Test
    void atomicPushLeavesNothingWhenAnyFileFails() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000002_b.sql", "create table b (id int);")
                .file("20240101000003_c.sql", "select 1/0;");
        PushResult r = fx.migrations().atomic(true).load().push();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.applied()).isEmpty();
        assertThat(r.failure().sqlState()).isEqualTo("22012");
        assertThat(r.failure().statementNumber()).isEqualTo(1);
        assertThat(fx.exists("public.a")).isFalse();
        assertThat(fx.versions()).isEmpty();

        assertThat(r.failure().file()).isEqualTo("20240101000003_c.sql");

        fx.file("20240101000003_c.sql", "select 1;");
        PushResult ok = fx.migrations().atomic(true).load().push();
        assertThat(ok.applied()).hasSize(3);
        assertThat(ok.applied()).extracting(AppliedMigration::filesInRoundTrip).containsOnly(3);
        assertThat(fx.versions()).hasSize(3);
    }

    @Test
    void atomicPushWhoseCommitFailsLeavesNothingAndSaysSo() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table parent (id int primary key);\n"
                        + "create table child (id int primary key, parent_id int references parent deferrable initially deferred);")
                .file("20240101000002_b.sql", "insert into child values (1, 42);"); // checked at COMMIT
        PushResult r = fx.migrations().atomic(true).load().push();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.applied()).isEmpty();
        assertThat(r.failure().sqlState()).isEqualTo("23503");
        assertThat(r.failure().statementNumber()).isEqualTo(-1);
        assertThat(fx.versions()).isEmpty();
        assertThat(fx.exists("public.parent")).isFalse();
    }

    @Test
    void remoteVersionMissingLocallyIsRefusedWithRepairHint() {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000001_a.sql", "create table a (id int);");
        fx.migrations().load().push();
        fx.exec("insert into supabase_migrations.schema_migrations(version) values ('20230101000000')");
        assertThatThrownBy(() -> fx.migrations().load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
                .hasMessageContaining("20230101000000")
                .hasMessageContaining("migrations repair --env test --status reverted 20230101000000");
    }

    @Test
    void outOfOrderFileIsRefusedUnlessIncludeAll() {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000002_b.sql", "create table b (id int);");
        fx.migrations().load().push();
        fx.file("20240101000001_a.sql", "create table a (id int);");
        assertThatThrownBy(() -> fx.migrations().load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
                .hasMessageContaining("20240101000001").hasMessageContaining("--include-all");
        PushResult r = fx.migrations().includeAll(true).load().push();
        assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("20240101000001");
        assertThat(fx.exists("public.a")).isTrue();
    }

    @Test
    void driftWarnsAndStrictFails() {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000001_a.sql", "create table a (id int);");
        fx.migrations().load().push();
        fx.file("20240101000001_a.sql", "create table a (id bigint);");
        PushPlan plan = fx.migrations().load().plan();
        assertThat(plan.drifted()).containsExactly("20240101000001");
        assertThat(plan.warnings()).anyMatch(w -> w.contains("20240101000001_a.sql changed after it was applied"));
        assertThatThrownBy(() -> fx.migrations().strict(true).load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
                .hasMessageContaining("--strict");
    }

    @Test
    void nonTransactionalStatementsRunOutsideATransactionWithAWarning() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);\ninsert into a values (1);")
                .file("20240101000002_idx.sql", "create index concurrently a_id on a (id);\nvacuum a;");
        PushPlan plan = fx.migrations().load().plan();
        assertThat(plan.pending().get(1).transactional()).isFalse();
        assertThat(plan.pending().get(1).nonTransactionalReason()).contains("CREATE INDEX CONCURRENTLY");
        PushResult r = fx.migrations().load().push();
        assertThat(r.succeeded()).isTrue();
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("20240101000002_idx.sql will not run in one transaction: statement"));
        assertThat(fx.exists("public.a_id")).isTrue();
        assertThat(fx.versions()).hasSize(2);
        assertThatThrownBy(() -> fx.file("20240101000003_more.sql", "create index concurrently a_id2 on a (id);")
                .migrations().atomic(true).load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--atomic cannot include 20240101000003_more.sql");
    }

    @Test
    void protectedEnvironmentNeedsConfirmation() {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000001_a.sql", "create table a (id int);");
        assertThatThrownBy(() -> fx.migrations().protectedEnvironment(true).load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED))
                .hasMessage("environment 'test' is protected: pass --confirm test to change it");
        assertThat(fx.exists("public.a")).isFalse();
        assertThat(fx.migrations().protectedEnvironment(true).confirm("test").load().push().applied()).hasSize(1);
    }

    @Test
    void repairAndListWorkLikeTheCli() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000002_seed.sql", "insert into a values (1);");
        fx.migrations().load().push();
        fx.exec("insert into supabase_migrations.schema_migrations(version) values ('20240101000009')");
        MigrationList list = fx.migrations().load().list();
        assertThat(list.rows()).containsExactly(
                new MigrationList.Row("20240101000001", "20240101000001", "2024-01-01 00:00:01"),
                new MigrationList.Row("20240101000002", "20240101000002", "2024-01-01 00:00:02"),
                new MigrationList.Row("", "20240101000009", "2024-01-01 00:00:09"));
        RepairResult reverted = fx.migrations().load().repair(RepairStatus.REVERTED, List.of("20240101000009", "20240101000002"));
        assertThat(reverted.rowsChanged()).isEqualTo(2);
        assertThat(fx.versions()).containsExactly("20240101000001");
        RepairResult applied = fx.migrations().load().repair(RepairStatus.APPLIED, List.of("20240101000002"));
        assertThat(applied.rowsChanged()).isEqualTo(1);
        assertThat(fx.strings("select count(*) from a")).containsExactly("1"); // recorded, not run again
        assertThat(fx.strings("select statements[1] from supabase_migrations.schema_migrations where version = '20240101000002'"))
                .containsExactly("insert into a values (1)");
        assertThatThrownBy(() -> fx.migrations().load().repair(RepairStatus.APPLIED, List.of("20249999999999")))
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void missingDirectoryIsUsageError() {
        MigrationFixture fx = new MigrationFixture(root);
        assertThatThrownBy(() -> fx.migrations().dir(root.resolve("nope")).load().plan())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aDanglingSymbolicLinkIsNamedAsSuchBeforeAnythingIsApplied() throws Exception {
        MigrationFixture fx = new MigrationFixture(root).file("20240101000001_a.sql", "create table a (id int);");
        java.nio.file.Files.createSymbolicLink(fx.dir.resolve("20240101000002_gone.sql"), root.resolve("nowhere.sql"));
        assertThatThrownBy(() -> fx.migrations().load().push())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageEndingWith("20240101000002_gone.sql: it is a symbolic link to a file that does not exist");
        assertThat(fx.exists("public.a")).isFalse();
    }
}
