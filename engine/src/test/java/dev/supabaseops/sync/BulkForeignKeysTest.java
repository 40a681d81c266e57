package dev.supabaseops.sync;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A first sync into empty tables checks their foreign keys once in bulk; the keys come back exactly as they were. */
class BulkForeignKeysTest {
    static final String SCHEMA = """
            create table plans (id int primary key, name text not null);
            create table features (id int primary key, plan_id int not null, code text not null,
              constraint features_plan_fk foreign key (plan_id) references plans (id) on delete cascade deferrable initially deferred);
            comment on constraint features_plan_fk on features is 'every feature belongs to a plan';
            create table programs (id int primary key, parent_id int references programs (id) on update restrict, title text);
            """;
    static final String KEYS = "select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' '"
            + " || condeferrable || condeferred || convalidated || ' ' || coalesce(obj_description(oid, 'pg_constraint'), '-')"
            + " from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace order by 1";
    TestDb source;
    TestDb target;
    final List<String> log = new ArrayList<>();
    final ProgressListener listener = new ProgressListener() {
        @Override
        public void info(String message) {
            log.add(message);
        }

        @Override
        public void warn(String message) {
            log.add(message);
        }
    };

    @BeforeEach
    void databases() {
        source = TestDb.create("preprod");
        target = TestDb.create("prod");
        source.exec(SCHEMA);
        target.exec(SCHEMA);
        source.exec("insert into plans select i, 'plan ' || i from generate_series(1, 20) i;"
                + "insert into features select i, 1 + i % 20, 'f' || i from generate_series(1, 500) i;"
                + "insert into programs select i, case when i > 1 then i / 2 end, 'p' || i from generate_series(1, 300) i");
    }

    private DataSync.Configuration sync() {
        return DataSync.configure().source(source.db).target(target.db).tables(List.of("plans", "features", "programs"))
                .listener(listener);
    }

    @Test
    void firstSyncIntoEmptyTablesChecksKeysInBulkAndRestoresThemExactly() {
        List<String> keysBefore = target.column(KEYS);
        assertThat(keysBefore).hasSize(2);
        SyncPlan plan = sync().load().plan();
        assertThat(plan.notes()).anyMatch(n -> n.contains("public.features.features_plan_fk") && n.contains("public.programs.programs_parent_id_fkey")
                && n.contains("readers of those tables wait until the commit"));
        assertThat(target.column(KEYS)).isEqualTo(keysBefore); // a dry-run drops nothing

        sync().load().apply();

        assertThat(target.column(KEYS)).isEqualTo(keysBefore);
        assertThat(log).anyMatch(l -> l.startsWith("checked foreign key features_plan_fk of public.features in bulk"));
        assertThat(log).anyMatch(l -> l.startsWith("checked foreign key programs_parent_id_fkey of public.programs in bulk"));
        for (String t : List.of("plans", "features", "programs")) {
            assertThat(target.digest(t)).as(t).isEqualTo(source.digest(t));
        }
        // the re-created key is enforced
        assertThrows(IllegalStateException.class, () -> target.exec("insert into features values (9999, 12345, 'orphan')"));
    }

    @Test
    void aRowTheKeyRejectsFailsTheSyncAndLeavesTargetAndKeysAsTheyWere() {
        List<String> keysBefore = target.column(KEYS);
        source.exec("alter table features drop constraint features_plan_fk; insert into features values (501, 777, 'orphan')");

        OpsException e = assertThrows(OpsException.class, () -> sync().load().apply());

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("features_plan_fk").contains("nothing was written").doesNotContain("\n");
        assertThat(target.count("plans") + target.count("features") + target.count("programs")).isZero();
        assertThat(target.column(KEYS)).isEqualTo(keysBefore);
    }

    @Test
    void aKeyToATableThatAlreadyHasRowsKeepsItsRowByRowChecks() {
        target.exec("insert into plans select i, 'plan ' || i from generate_series(1, 20) i");
        assertThat(sync().load().plan().notes()).anyMatch(n -> n.contains("programs_parent_id_fkey") && !n.contains("features_plan_fk"));

        sync().load().apply();

        assertThat(log).noneMatch(l -> l.contains("features_plan_fk") && l.contains("in bulk"));

        assertThat(log).anyMatch(l -> l.startsWith("checked foreign key programs_parent_id_fkey of public.programs in bulk"));
        assertThat(target.digest("features")).isEqualTo(source.digest("features"));
    }
}
