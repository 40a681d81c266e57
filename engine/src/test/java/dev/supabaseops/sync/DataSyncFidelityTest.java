package dev.supabaseops.sync;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips between two real databases must be exact, and a second sync must write nothing. */
class DataSyncFidelityTest {
    TestDb source;
    TestDb target;

    @BeforeEach
    void databases() {
        source = TestDb.create("preprod");
        target = TestDb.create("prod");
        source.exec(Fixtures.SCHEMA);
        target.exec(Fixtures.SCHEMA);
        source.exec(Fixtures.ROWS);
    }

    private DataSync sync() {
        // team_b/team_a named before their parents on purpose: the order comes from the FK graph
        return DataSync.configure().source(source.db).target(target.db)
                .tables(List.of("features", "team_b", "team_a", "categories", "plans")).load();
    }

    @Test
    void everyTypeRoundTripsExactlyAndASecondSyncWritesNothing() {
        SyncPlan plan = sync().plan();
        assertThat(plan.inserts()).isEqualTo(source.count("plans") + source.count("features") + source.count("categories") + 4);
        assertThat(target.count("plans")).isZero(); // the plan wrote nothing
        assertThat(plan.order().indexOf(TableRef.parse("plans"))).isLessThan(plan.order().indexOf(TableRef.parse("features")));

        SyncResult r = sync().apply();
        assertThat(r.rowsWritten()).isEqualTo(plan.inserts());
        for (String t : Fixtures.TABLES) {
            assertThat(target.digest(t)).as(t).isEqualTo(source.digest(t));
        }
        // identity and serial sequences moved past the synced ids: the app's next insert does not collide
        assertThat(r.sequencesAdvanced()).anyMatch(s -> s.contains("plans_id_seq")).anyMatch(s -> s.contains("categories_id_seq"));
        target.exec("insert into plans (name) values ('app insert'); insert into categories (name) values ('app')");

        target.exec("delete from plans where name = 'app insert'; delete from categories where name = 'app'");
        String before = statsOf(target);
        // the counters do reflect our writes (so the equality below could fail): 9 inserts, 1 delete on plans
        assertThat(target.writeStats("public.plans")).startsWith("9/0/1/");
        String digests = target.digest(Fixtures.TABLES);
        SyncPlan again = sync().plan();
        assertThat(again.changes()).isZero();
        assertThat(again.toText()).contains("no changes");
        SyncResult second = sync().apply();
        assertThat(second.rowsWritten()).isZero();
        assertThat(second.sequencesAdvanced()).isEmpty();
        assertThat(target.digest(Fixtures.TABLES)).isEqualTo(digests);
        assertThat(statsOf(target)).isEqualTo(before);
    }

    @Test
    void changedRowsAreUpdatedOthersUntouched() {
        sync().apply();
        source.exec("update plans set big = 0.000 where name = 'empty';" // equal to 0 for numeric '=', but reads back differently
                + "update features set label = 'Renamed' where code = 'root' and plan_id = 1;"
                + "insert into categories (id, parent_id, name) values (13, 12, 'deeper')");
        String statsBefore = target.writeStats("public.team_a");
        SyncPlan plan = sync().plan();
        assertThat(plan.tables()).filteredOn(t -> t.table().name().equals("plans")).first()
                .satisfies(t -> assertThat(t.updates()).isEqualTo(1));
        assertThat(plan.updates()).isEqualTo(2);
        assertThat(plan.inserts()).isEqualTo(1);
        SyncResult r = sync().apply();
        assertThat(r.rowsWritten()).isEqualTo(3);
        for (String t : Fixtures.TABLES) {
            assertThat(target.digest(t)).as(t).isEqualTo(source.digest(t));
        }
        assertThat(target.writeStats("public.team_a")).isEqualTo(statsBefore);
    }

    private static String statsOf(TestDb db) {
        StringBuilder b = new StringBuilder();
        for (String t : Fixtures.TABLES) {
            b.append(t).append(':').append(db.writeStats(t)).append(' ');
        }
        return b.toString();
    }
}
