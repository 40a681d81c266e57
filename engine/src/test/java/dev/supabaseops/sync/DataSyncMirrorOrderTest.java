package dev.supabaseops.sync;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Mirror deletes run in two passes around the upserts: rows no target row references any more go
 * first (so a deleted row's unique values are free for an inserted one), rows that children still
 * reference wait until the upserts have moved those children elsewhere.
 */
class DataSyncMirrorOrderTest {
    static final String SCHEMA = """
            create table plans (id int primary key, name text not null unique);
            create table features (id int primary key, plan_id int not null references plans (id), code text not null);
            create table cats (id int primary key, parent_id int references cats (id), name text not null unique);
            """;
    static final String CATS = "insert into cats values (1, null, 'root'), (2, 1, 'old parent'), (3, 2, 'moved'), (4, null, 'new parent'),"
            + " (10, null, 'chain top'), (11, 10, 'chain middle'), (12, 11, 'chain moved'),"
            + " (20, null, 'gone top'), (21, 20, 'gone middle'), (22, 21, 'gone leaf')";
    TestDb source;
    TestDb target;
    @TempDir
    Path dir;

    @BeforeEach
    void databases() {
        source = TestDb.create("preprod");
        target = TestDb.create("prod");
        source.exec(SCHEMA);
        target.exec(SCHEMA);
        source.exec("insert into plans values (1, 'free'), (2, 'pro'), (3, 'legacy');"
                + "insert into features values (10, 1, 'moves'), (11, 2, 'stays'), (12, 1, 'goes'), (13, 3, 'goes too');" + CATS);
    }

    private DataSync.Configuration sync(String... tables) {
        return DataSync.configure().source(source.db).target(target.db).tables(List.of(tables)).mode(SyncMode.MIRROR);
    }

    @Test
    void aChildMovedToAnotherParentWhoseOldParentIsDeleted() {
        sync("plans", "features").load().apply();
        source.exec("update features set plan_id = 2 where id = 10; delete from features where id in (12, 13);"
                + "delete from plans where id in (1, 3)");
        SyncPlan plan = sync("plans", "features").load().plan();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.tables()).extracting(t -> t.table().name() + " " + t.inserts() + "/" + t.updates() + "/" + t.deletes())
                .containsExactly("plans 0/0/2", "features 0/1/2");

        SyncResult r = sync("plans", "features").load().apply();
        assertThat(r.rowsWritten()).isEqualTo(5).isEqualTo(r.plan().changes());
        assertThat(target.digest("plans", "features")).isEqualTo(source.digest("plans", "features"));
        assertThat(sync("plans", "features").load().plan().changes()).isZero();
    }

    @Test
    void aMovedChildIsNotCascadedAwayWithItsOldParent() {
        for (TestDb db : List.of(source, target)) {
            db.exec("alter table features drop constraint features_plan_id_fkey,"
                    + " add foreign key (plan_id) references plans (id) on delete cascade;"
                    + "create table usage (id int primary key, feature_id int not null references features (id) on delete cascade)");
        }
        sync("plans", "features").load().apply();
        target.exec("insert into usage values (1, 10), (2, 11)"); // not synced: must survive
        String before = target.writeStats("public.features");
        source.exec("update features set plan_id = 2 where id = 10; delete from plans where id = 1"); // cascades feature 12 in the source
        SyncPlan plan = sync("plans", "features").load().plan();
        assertThat(plan.problems()).isEmpty();

        sync("plans", "features").load().apply();
        assertThat(target.digest("plans", "features")).isEqualTo(source.digest("plans", "features"));
        assertThat(target.column("select id::text from usage order by id")).containsExactly("1", "2");
        assertThat(delta(before, target.writeStats("public.features"))).as("feature 10 updated in place, feature 12 deleted")
                .containsExactly(0, 1, 1);
    }

    @Test
    void aSelfReferencingChildMovedAwayFromADeletedParent() throws Exception {
        sync("cats").load().apply();
        source.exec("update cats set parent_id = 4 where id = 3; delete from cats where id = 2;" // moved child, deleted parent
                + "update cats set parent_id = 1 where id = 12; delete from cats where id in (11, 10);" // a chain above the moved one
                + "delete from cats where id in (22, 21, 20)"); // a whole subtree
        assertSyncs(sync("cats"), target);

        // the same through an export folder: every row staged, no key buckets
        TestDb fresh = TestDb.create("fresh");
        fresh.exec(SCHEMA);
        fresh.exec(CATS); // the target as before the source's changes
        Path out = dir.resolve("cats");
        DataSync.configure().source(source.db).tables(List.of("cats")).load().exportTo(out);
        assertSyncs(DataSync.configure().source(out).target(fresh.db).tables(List.of("cats")).mode(SyncMode.MIRROR), fresh);
    }

    private void assertSyncs(DataSync.Configuration sync, TestDb into) {
        SyncPlan plan = sync.load().plan();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.updates()).isEqualTo(2);
        assertThat(plan.deletes()).isEqualTo(6);
        SyncResult r = sync.load().apply();
        assertThat(r.rowsWritten()).isEqualTo(8);
        assertThat(into.digest("cats")).isEqualTo(source.digest("cats"));
        assertThat(sync.load().plan().changes()).isZero();
    }

    @Test
    void aDeletedRowsUniqueValueIsFreeForAnInsertedRow() {
        sync("plans", "features", "cats").load().apply();
        // 'free' (and its feature) deleted and created again under new keys; a subtree of cats likewise
        source.exec("delete from features where plan_id = 1; delete from plans where id = 1;"
                + "insert into plans values (5, 'free'); insert into features values (15, 5, 'moves'), (16, 5, 'goes');"
                + "delete from cats where id in (22, 21, 20);"
                + "insert into cats values (30, null, 'gone top'), (31, 30, 'gone middle'), (32, 31, 'gone leaf')");
        SyncResult r = sync("plans", "features", "cats").load().apply();
        assertThat(r.plan().inserts()).isEqualTo(6);
        assertThat(r.plan().deletes()).isEqualTo(6);
        assertThat(target.digest("plans", "features", "cats")).isEqualTo(source.digest("plans", "features", "cats"));
        assertThat(sync("plans", "features", "cats").load().plan().changes()).isZero();
    }

    @Test
    void aParentReplacedUnderTheSameUniqueValueNeedsADeferrableKey() {
        sync("plans", "features").load().apply();
        source.exec("alter table features drop constraint features_plan_id_fkey,"
                + " add constraint features_plan_id_fkey foreign key (plan_id) references plans (id) deferrable;"
                + "begin; set constraints all deferred; delete from plans where id = 1; insert into plans values (5, 'free');"
                + " update features set plan_id = 5 where plan_id = 1; commit");
        // the old row must go before the new one can take its name, and its children move only with the upserts:
        // with a NOT DEFERRABLE key no order works, and the failure rolls everything back
        String before = target.digest("plans", "features");
        OpsException e = assertThrows(OpsException.class, () -> sync("plans", "features").load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("plans_name_key").contains("nothing was written");
        assertThat(target.digest("plans", "features")).isEqualTo(before);
        // a deferrable key (checked at commit) lets the old parent go first
        target.exec("alter table features alter constraint features_plan_id_fkey deferrable");
        sync("plans", "features").load().apply();
        assertThat(target.digest("plans", "features")).isEqualTo(source.digest("plans", "features"));
        assertThat(sync("plans", "features").load().plan().changes()).isZero();
    }

    /** [inserted, updated, deleted] between two writeStats readings. */
    private static List<Integer> delta(String before, String after) {
        int[] b = Arrays.stream(before.split("/")).mapToInt(Integer::parseInt).toArray();
        int[] a = Arrays.stream(after.split("/")).mapToInt(Integer::parseInt).toArray();
        return List.of(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    }
}
