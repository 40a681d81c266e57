package dev.supabaseops.sync;

import dev.supabaseops.core.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-syncs compare row digests on both servers and stage only the key buckets that differ: the
 * plan must stay exact (inserts, updates, mirror deletes) while unchanged rows never move.
 */
class DataSyncResyncTest {
    static final int ROWS = 5000;
    static final String SCHEMA = "create table items (id int primary key, label text, price numeric, meta jsonb, tags text[])";
    TestDb source;
    TestDb target;
    final AtomicLong staged = new AtomicLong();
    final ProgressListener listener = new ProgressListener() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void progress(String task, long done, long total, String unit) {
            if (task.equals("copy public.items") && done == total) {
                staged.addAndGet(done);
            }
        }
    };

    @BeforeEach
    void databases() {
        source = TestDb.create("preprod");
        target = TestDb.create("prod");
        source.exec(SCHEMA);
        target.exec(SCHEMA);
        source.exec("insert into items select i, 'item ' || i, i / 8.0, jsonb_build_object('n', i, 'u', 'http://127.0.0.1:54321/storage/v1/object/public/'"
                + " || i), array['t' || i % 3] from generate_series(1, " + ROWS + ") i");
    }

    private DataSync.Configuration sync() {
        return DataSync.configure().source(source.db).target(target.db).tables(List.of("items")).listener(listener)
                .rewriteUrls("https://abcdefgh.supabase.co", "https://wxyzwxyz.supabase.co", List.of("http://127.0.0.1:54321"));
    }

    @Test
    void onlyChangedBucketsAreStagedAndMirrorDeletesStayExact() {
        SyncResult first = sync().load().apply(); // empty target: copied straight in, URL counts taken on the way
        assertThat(first.plan().tables().get(0).urlRewrites()).containsEntry("meta", (long) ROWS);
        assertThat(first.plan().inserts()).isEqualTo(ROWS);
        assertThat(target.digest("items")).isNotEqualTo(source.digest("items")); // URLs were rewritten
        staged.set(0);
        SyncPlan same = sync().load().plan();
        assertThat(same.changes()).isZero();
        assertThat(same.tables().get(0).unchanged()).isEqualTo(ROWS);
        assertThat(same.tables().get(0).urlRewrites()).containsEntry("meta", (long) ROWS);
        assertThat(staged.get()).as("an unchanged table moves no rows").isZero();

        source.exec("update items set price = 2.50 where id = 20;" // 2.5000000000000000 before: equal for '=', not for a byte compare
                + "insert into items values (" + (ROWS + 1) + ", 'new', 1, null, null); delete from items where id = 7;"
                + "update items set label = case id when 100 then 'item 101' else 'item 100' end where id in (100, 101)");
        target.exec("insert into items values (-1, 'only in target', 0, null, null)");
        String before = target.writeStats("public.items");
        SyncResult r = sync().mode(SyncMode.MIRROR).load().apply();
        SyncPlan.TablePlan t = r.plan().tables().get(0);
        assertThat(t.inserts()).isEqualTo(1);
        assertThat(t.updates()).as("a changed scale and two swapped labels").isEqualTo(3);
        assertThat(t.deletes()).isEqualTo(2);
        assertThat(t.unchanged()).isEqualTo(ROWS - 4);
        assertThat(staged.get()).as("rows staged").isPositive().isLessThan(ROWS / 10);
        assertThat(delta(before, target.writeStats("public.items"))).containsExactly(1, 3, 2);
        assertThat(target.one("select price::text from items where id = 20")).isEqualTo("2.50");
        assertThat(target.one("select label from items where id = 100")).isEqualTo("item 101");
        assertThat(target.count("items")).isEqualTo(source.count("items"));
        assertThat(sync().mode(SyncMode.MIRROR).load().plan().changes()).isZero();
    }

    @Test
    void columnTypesThatDifferFallBackToStagingEveryRow() {
        target.exec("alter table items alter column id type bigint");
        // such a table is staged whole and has no digests: the digest threads used to be handed it
        // and die of a NullPointerException, printed raw, and with one source session the run failed
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            sync().load().apply();
            staged.set(0);
            assertThat(sync().load().plan().changes()).isZero();
            assertThat(staged.get()).isEqualTo(ROWS);
            source.exec("update items set label = 'changed' where id = 3");
            assertThat(sync().load().apply().rowsWritten()).isEqualTo(1);
            assertThat(target.one("select label from items where id = 3")).isEqualTo("changed");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).isEmpty();
    }

    /** [inserted, updated, deleted] between two writeStats readings. */
    private static List<Integer> delta(String before, String after) {
        int[] b = Arrays.stream(before.split("/")).mapToInt(Integer::parseInt).toArray();
        int[] a = Arrays.stream(after.split("/")).mapToInt(Integer::parseInt).toArray();
        return List.of(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    }
}
