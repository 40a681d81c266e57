package dev.supabaseops.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files with a statement that cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM…)
 * are applied like the real Supabase CLI 3.1.0 applies them: that statement on its own, the
 * statements around it in transactions, the history insert in the last one. Each case runs both
 * tools on their own fresh database and compares what is left.
 */
class PushNonTransactionalTest {
    private static final String PASSWORD = "nontx-pw-41c2";
    private static final String STATE = "select string_agg(c.relname || ':' || c.relkind::text, ',' order by c.relname)"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'";
    private static final String HISTORY = "select coalesce(string_agg(version || '|' || name || '|' || to_json(statements)::text, ','"
            + " order by version), '') from supabase_migrations.schema_migrations";

    @TempDir
    Path root;

    private record Outcome(PushResult ours, SupabaseCli.Run cli, String oursState, String cliState, String oursHistory,
                           String cliHistory) {
    }

    private Outcome both(String name, String sql) throws Exception {
        MigrationFixture ours = new MigrationFixture(root.resolve("ours"));
        MigrationFixture viaCli = new MigrationFixture(root.resolve("viacli"));
        SupabaseCli cli = new SupabaseCli(root.resolve("cli"));
        ours.file(name, sql);
        Files.writeString(cli.project.resolve("supabase/migrations").resolve(name), sql);
        SupabaseCli.Run run = cli.push(SupabaseCli.url(viaCli.db.url().toPostgresUrlWithPassword().replace("?sslmode=disable", ""), PASSWORD));
        PushResult r = ours.migrations().load().push();
        return new Outcome(r, run, String.valueOf(ours.strings(STATE).get(0)), String.valueOf(viaCli.strings(STATE).get(0)),
                ours.strings(HISTORY).get(0), viaCli.strings(HISTORY).get(0));
    }

    @Test
    void failureBeforeTheConcurrentIndexLeavesNothingLikeTheCli() throws Exception {
        Outcome o = both("20240101000001_q.sql",
                "create table a (x int);\nselect 1/0;\ncreate table q (x int);\ncreate index concurrently q_x on q (x);\n");
        assertThat(o.cli().exit()).as(o.cli().err()).isNotZero();
        assertThat(o.cliState()).isEqualTo("null");
        assertThat(o.oursState()).as("what the CLI leaves: nothing").isEqualTo(o.cliState());
        assertThat(o.oursHistory()).isEmpty();
        assertThat(o.ours().failure().statementNumber()).isEqualTo(2);
        assertThat(o.ours().failure().sqlState()).isEqualTo("22012");
        assertThat(o.ours().failure().partiallyApplied()).isFalse();
    }

    @Test
    void failureAfterTheConcurrentIndexKeepsWhatCameBeforeLikeTheCli() throws Exception {
        Outcome o = both("20240101000001_q.sql",
                "create table a (x int);\ncreate index concurrently a_x on a (x);\ncreate table b (x int);\nselect 1/0;\n");
        assertThat(o.cli().exit()).as(o.cli().err()).isNotZero();
        assertThat(o.cliState()).isEqualTo("a:r,a_x:i");
        assertThat(o.oursState()).isEqualTo(o.cliState());
        assertThat(o.oursHistory()).isEqualTo(o.cliHistory()).isEmpty();
        MigrationFailure f = o.ours().failure();
        assertThat(f.statementNumber()).isEqualTo(4);
        assertThat(f.line()).isEqualTo(4);
        assertThat(f.partiallyApplied()).isTrue();
    }

    @Test
    void failingConcurrentIndexKeepsTheTransactionBeforeItLikeTheCli() throws Exception {
        Outcome o = both("20240101000001_q.sql",
                "create table a (x int);\ninsert into a values (1), (1);\ncreate unique index concurrently a_x on a (x);\ncreate table b (x int);\n");
        assertThat(o.cli().exit()).as(o.cli().err()).isNotZero();
        assertThat(o.oursState()).isEqualTo(o.cliState());
        assertThat(o.oursHistory()).isEqualTo(o.cliHistory()).isEmpty();
        assertThat(o.ours().failure().statementNumber()).isEqualTo(3);
        assertThat(o.ours().failure().partiallyApplied()).isTrue();
    }

    @Test
    void successfulFileIsRecordedAsTheCliRecordsIt() throws Exception {
        Outcome o = both("20240101000001_q.sql",
                "create table a (x int);\ncreate index concurrently a_x on a (x);\nvacuum a;\ninsert into a values (1);\n"
                        + "drop index concurrently a_x;\ncreate table b (x int);\n");
        assertThat(o.cli().exit()).as(o.cli().err()).isZero();
        assertThat(o.ours().succeeded()).as(String.valueOf(o.ours().failure())).isTrue();
        assertThat(o.oursState()).isEqualTo(o.cliState()).isEqualTo("a:r,b:r");
        assertThat(o.oursHistory()).isEqualTo(o.cliHistory()).isNotEmpty();
        assertThat(o.ours().applied()).extracting(AppliedMigration::transactional).containsExactly(false);
    }

    @Test
    void fileThatBeginsItsOwnTransactionStillRunsStatementByStatement() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_own.sql", "begin;\ncreate table a (x int);\nselect 1/0;\ncommit;\n");
        PushResult r = fx.migrations().load().push();
        assertThat(r.failure().statementNumber()).isEqualTo(3);
        assertThat(fx.exists("public.a")).isFalse();
        assertThat(fx.versions()).isEqualTo(List.of());
        // the whole block was rolled back: nothing of the file is applied, so no "stay applied"/repair advice
        assertThat(r.failure().partiallyApplied()).isFalse();
    }

    @Test
    void aStatementBeforeTheFilesOwnBlockIsCommittedAndReportedSo() {
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_own.sql", "create table before_block (x int);\nbegin;\ncreate table a (x int);\nselect 1/0;\ncommit;\n");
        PushResult r = fx.migrations().load().push();
        assertThat(r.failure().statementNumber()).isEqualTo(4);
        assertThat(fx.exists("public.before_block")).isTrue();
        assertThat(fx.exists("public.a")).isFalse();
        assertThat(r.failure().partiallyApplied()).isTrue();
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("20240101000001_own.sql will run statement by statement, because statement 2")
                && w.endsWith("what the file committed before it stays applied"));
    }
}
