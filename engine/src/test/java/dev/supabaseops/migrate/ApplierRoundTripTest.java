package dev.supabaseops.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What one round trip sends is bounded ({@link RoundTrip#MAX_BYTES}): pgjdbc sends a
 * whole batch before reading any result, so a batch with a big result early and much SQL after it
 * used to hang both ends (the server in ClientWrite, transaction open, advisory lock held).
 */
class ApplierRoundTripTest {
    private static final Duration HANG = Duration.ofSeconds(60);
    /**
     * Our socket's buffers pinned to 64 KiB (the kernel doubles it), as on many links: on loopback
     * Linux grows them to megabytes (tcp_rmem up to 32 MiB here), which hid the hang of a 5 MB result
     * followed by 4 MB of SQL on this machine. The server's own buffers still grow as they like.
     */
    private static final String SMALL_BUFFERS = "sendBufferSize=65536&receiveBufferSize=65536";

    @TempDir
    Path root;

    /**
     * A 20 MB result (more than the server's send buffer grows to, 4 MiB), then 48 files of ~40 KB:
     * 48 x 80 KB (statements and history insert) after it, all of it once in one round trip.
     */
    private MigrationFixture bigResultThenMuchSql() {
        MigrationFixture fx = new MigrationFixture(root, SMALL_BUFFERS);
        fx.file("20240101000000_big_result.sql", "select repeat('x', 20000000);\n");
        String value = "x".repeat(40_000);
        for (int i = 1; i <= 48; i++) {
            fx.file(String.format("202401010000%02d_t%d.sql", i, i),
                    "create table t" + i + " (v text);\ninsert into t" + i + " values ('" + value + "');\n");
        }
        return fx;
    }

    @Test
    void bigResultFollowedByMuchSqlDoesNotHang() {
        MigrationFixture fx = bigResultThenMuchSql();
        PushResult r = assertTimeoutPreemptively(HANG, () -> fx.migrations().load().push(),
                "the push hung: a round trip sent more than the socket buffers hold while the server wrote a big result");
        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(fx.versions()).hasSize(49);
        assertThat(fx.strings("select count(*)::text from t48")).containsExactly("1");
        assertThat(r.applied().get(0).filesInRoundTrip()).as("80 KB files do not join the small first one").isEqualTo(1);
        assertThat(fx.log).contains("applying 20240101000001_t1.sql (2 statements, sent in 2 round trips)");
        assertHistoryHoldsTheFilesStatements(fx, "20240101000048", 2);
    }

    @Test
    void atomicBigResultFollowedByMuchSqlDoesNotHang() {
        MigrationFixture fx = bigResultThenMuchSql();
        PushResult r = assertTimeoutPreemptively(HANG, () -> fx.migrations().atomic(true).load().push(),
                "the atomic push hung");
        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(r.applied()).hasSize(49);
        assertThat(fx.versions()).hasSize(49);
        assertHistoryHoldsTheFilesStatements(fx, "20240101000017", 2);
    }

    @Test
    void fileBiggerThanARoundTripFailingInALaterOneLeavesNothingOfIt() {
        String stmt = "insert into big values ('" + "y".repeat(1_000) + "')";
        StringBuilder big = new StringBuilder("create table big (v text);\n");
        for (int k = 0; k < 150; k++) { // ~150 KB of statements, ~150 KB more of history insert
            big.append(stmt).append(";\n");
        }
        big.append("select 1/0;\n");
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000002_big.sql", big.toString())
                .file("20240101000003_c.sql", "create table c (id int);");
        PushResult r = assertTimeoutPreemptively(HANG, () -> fx.migrations().load().push());
        assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("20240101000001");
        MigrationFailure f = r.failure();
        assertThat(f.file()).isEqualTo("20240101000002_big.sql");
        assertThat(f.statementNumber()).isEqualTo(152);
        assertThat(f.line()).isEqualTo(152);
        assertThat(f.sqlState()).isEqualTo("22012");
        assertThat(f.partiallyApplied()).isFalse();
        assertThat(fx.log).anyMatch(l -> l.matches("applying 20240101000002_big\\.sql \\(152 statements, sent in [3-9] round trips\\)"));
        assertThat(fx.exists("public.big")).isFalse();
        assertThat(fx.exists("public.c")).isFalse();
        assertThat(fx.versions()).containsExactly("20240101000001");

        fx.file("20240101000002_big.sql", big.toString().replace("select 1/0;\n", "select 1;\n"));
        PushResult fixed = fx.migrations().load().push(); // the failed block was ended: the session is clean
        assertThat(fixed.applied()).extracting(AppliedMigration::version).containsExactly("20240101000002", "20240101000003");
        assertThat(fx.strings("select count(*)::text from big")).containsExactly("150");
        assertHistoryHoldsTheFilesStatements(fx, "20240101000002", 152);
    }

    @Test
    void statementBiggerThanARoundTripTravelsAloneAndIsRecordedWhole() {
        String huge = "select '" + "z".repeat(200_000) + "' as v";
        MigrationFixture fx = new MigrationFixture(root)
                .file("20240101000001_a.sql", "create table a (id int);")
                .file("20240101000002_huge.sql", "create table h (id int);\n" + huge + ";\ncreate table h2 (id int);\n");
        PushResult r = assertTimeoutPreemptively(HANG, () -> fx.migrations().load().push());
        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(fx.strings("select (statements[2] = '" + huge.replace("'", "''") + "')::text"
                + " from supabase_migrations.schema_migrations where version = '20240101000002'")).containsExactly("true");
        assertThat(fx.exists("public.h2")).isTrue();
    }

    @Test
    void smallFilesStillTravelFiftyToARoundTrip() {
        MigrationFixture fx = new MigrationFixture(root);
        for (int i = 1; i <= 100; i++) { // bench/push.sh's files
            String v = String.format("2024%010d", i);
            fx.file(v + "_table_" + i + ".sql",
                    "create table public.t_" + i + " (id bigint primary key, name text not null, created_at timestamptz not null default now());\n"
                            + "create index t_" + i + "_name on public.t_" + i + " (name);\n"
                            + "insert into public.t_" + i + " (id, name) select g, 'row ' || g from generate_series(1, 20) g;\n"
                            + "comment on table public.t_" + i + " is 'bench table " + i + "; created by migration " + v + "';\n");
        }
        PushResult r = fx.migrations().load().push();
        assertThat(r.succeeded()).isTrue();
        assertThat(r.applied()).extracting(AppliedMigration::filesInRoundTrip).containsOnly(50);
    }

    private static void assertHistoryHoldsTheFilesStatements(MigrationFixture fx, String version, int statements) {
        PushPlan plan = fx.migrations().strict(true).load().plan(); // the rows hold the files' statements exactly
        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.drifted()).isEmpty();
        assertThat(fx.strings("select cardinality(statements)::text from supabase_migrations.schema_migrations where version = '"
                + version + "'")).containsExactly(String.valueOf(statements));
    }
}
