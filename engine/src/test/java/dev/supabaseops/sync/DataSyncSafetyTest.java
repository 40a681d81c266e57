package dev.supabaseops.sync;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failures leave the target as it was; refusals happen before anything is written. */
class DataSyncSafetyTest {
    static final String SCHEMA = """
            create table plans (id int primary key, name text not null, created_by uuid references auth.users (id));
            create table features (id int primary key, plan_id int not null references plans (id), code text not null);
            create table notes (body text);
            """;
    TestDb source;
    TestDb target;

    @BeforeEach
    void databases() {
        source = TestDb.create("preprod");
        target = TestDb.create("prod");
        source.exec(SCHEMA);
        target.exec(SCHEMA);
        source.exec("insert into plans values (1, 'free', null), (2, 'pro', null);"
                + "insert into features select i, 1 + i % 2, 'f' || i from generate_series(1, 50) i");
    }

    private DataSync.Configuration sync(String... tables) {
        return DataSync.configure().source(source.db).target(target.db).tables(List.of(tables));
    }

    private static ExitCode exit(Runnable r) {
        try {
            r.run();
        } catch (OpsException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.exitCode();
        }
        throw new AssertionError("expected an OpsException");
    }

    @Test
    void failureInTheMiddleOfTheLastTableLeavesTheTargetUnchanged() {
        sync("plans", "features").load().apply();
        // the target raises on one row in the middle of features, the last table in write order
        target.exec("create function boom() returns trigger language plpgsql as $$ begin"
                + " if new.code = 'boom' then raise exception 'injected failure on %', new.id; end if; return new; end $$;"
                + " create trigger boom before insert or update on features for each row execute function boom()");
        source.exec("update plans set name = 'Pro plan' where id = 2; insert into plans values (3, 'team', null);"
                + "update features set code = 'boom' where id = 25; update features set code = code || '!' where id in (1, 49)");
        String before = target.digest("plans", "features");
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> sync("plans", "features").load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("writing public.features").contains("injected failure on 25").contains("nothing was written");
        assertThat(target.digest("plans", "features")).isEqualTo(before);
    }

    @Test
    void checkConstraintFailureOnTheLastTableRollsBackEarlierTables() {
        target.exec("alter table features add constraint no_f30 check (code <> 'f30')");
        assertThat(exit(() -> sync("features", "plans").load().apply())).isEqualTo(ExitCode.FAILED);
        assertThat(target.count("plans")).isZero();
        assertThat(target.count("features")).isZero();
    }

    @Test
    void blockedTablesAreRefusedWithExit3AndNothingIsWritten() {
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class,
                () -> sync("plans", "auth.users", "storage.objects").load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(e.getMessage()).contains("auth.users").contains("storage.objects").doesNotContain("public.plans");
        assertThat(exit(() -> sync("plans", "features").blocked(List.of("features")).load().apply())).isEqualTo(ExitCode.REFUSED);
        assertThat(exit(() -> sync("plans").blocked(List.of("public.*")).load().plan())).isEqualTo(ExitCode.REFUSED);
        assertThat(target.count("plans")).isZero();
    }

    @Test
    void badInputIsOneLineExit2AndNothingWritten() {
        assertThat(exit(() -> sync("plans", "nope").load().apply())).isEqualTo(ExitCode.USAGE);
        target.exec("drop table features");
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> sync("plans", "features").load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("public.features not found in target prod");
        assertThat(exit(() -> sync().load().plan())).isEqualTo(ExitCode.USAGE);
        assertThat(target.count("plans")).isZero();
    }

    @Test
    void missingColumnsAreListedUnlessIgnored() {
        source.exec("alter table plans add column color text default 'red', add column rank int");
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> sync("plans").load().plan());
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("public.plans.color").contains("public.plans.rank").contains("--ignore-missing-columns");
        target.exec("alter table plans add column extra text default 'kept'");
        SyncResult r = sync("plans").ignoreMissingColumns(true).load().apply();
        assertThat(r.plan().tables().get(0).ignored()).containsExactly("color", "rank");
        assertThat(target.column("select extra from plans")).containsOnly("kept");
    }

    @Test
    void tablesWithoutPrimaryKeyNeedAConfiguredUniqueKey() {
        source.exec("insert into notes values ('a'), ('b')");
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> sync("notes").load().plan());
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("no primary key").contains("sync: { keys: { notes: [column] } }");
        assertThat(exit(() -> sync("notes").keys(Map.of("notes", List.of("body"))).load().plan())).isEqualTo(ExitCode.USAGE);
        target.exec("create unique index on notes (body)");
        OpsException nullable = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class,
                () -> sync("notes").keys(Map.of("notes", List.of("body"))).load().apply());
        assertThat(nullable.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(nullable.getMessage()).contains("public.notes").contains("allows NULL").contains("SET NOT NULL");
        assertThat(target.count("notes")).isZero();
        source.exec("alter table notes alter column body set not null");
        target.exec("alter table notes alter column body set not null");
        sync("notes").keys(Map.of("notes", List.of("body"))).load().apply();
        assertThat(target.digest("notes")).isEqualTo(source.digest("notes"));
        assertThat(sync("notes").keys(Map.of("public.notes", List.of("body"))).load().plan().changes()).isZero();
    }

    @Test
    void rowsReferencingMissingAuthUsersAreListedAndApplyRefusesBeforeWriting() {
        source.exec("insert into auth.users (id, email) values ('00000000-0000-0000-0000-000000000001', 'a@x'),"
                + " ('00000000-0000-0000-0000-000000000002', 'b@x');"
                + "update plans set created_by = ('00000000-0000-0000-0000-00000000000' || id)::uuid");
        SyncPlan plan = sync("plans", "features").load().plan();
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SyncPlan.Problem.MISSING_REFERENCE);
            assertThat(p.other()).isEqualTo(TableRef.parse("auth.users"));
            assertThat(p.rows()).isEqualTo(2);
            assertThat(p.examples()).contains("00000000-0000-0000-0000-000000000001");
        });
        assertThat(plan.toText()).contains("PROBLEMS").contains("auth.users");
        SyncRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(SyncRefusedException.class,
                () -> sync("plans", "features").load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(e.plan().problems()).hasSize(1);
        assertThat(target.count("plans") + target.count("features")).isZero();
        target.exec("insert into auth.users (id) values ('00000000-0000-0000-0000-000000000001'), ('00000000-0000-0000-0000-000000000002')");
        assertThat(sync("plans", "features").load().apply().rowsWritten()).isEqualTo(52);
    }

    @Test
    void mirrorDeletesChildrenFirstAndRefusesToTouchUnsyncedReferences() {
        sync("plans", "features").load().apply();
        target.exec("insert into plans values (9, 'legacy', null); insert into features values (900, 9, 'old'), (901, 1, 'stray')");
        SyncPlan upsert = sync("plans", "features").load().plan();
        assertThat(upsert.changes()).isZero();
        SyncResult r = sync("plans", "features").mode(SyncMode.MIRROR).load().apply();
        assertThat(r.plan().deletes()).isEqualTo(3);
        assertThat(target.digest("plans", "features")).isEqualTo(source.digest("plans", "features"));

        target.exec("insert into plans values (8, 'gone', null); create table subscriptions (id int primary key,"
                + " plan_id int references plans (id) on delete cascade); insert into subscriptions values (1, 8)");
        SyncRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(SyncRefusedException.class,
                () -> sync("plans", "features").mode(SyncMode.MIRROR).load().apply());
        assertThat(e.getMessage()).contains("public.subscriptions").contains("cascade");
        assertThat(target.count("subscriptions")).isEqualTo(1);
    }

    @Test
    void cyclesOfNotDeferrableKeysAreRefusedClearly() {
        String cycle = "create table x (id int primary key, y_id int); create table y (id int primary key, x_id int references x (id));"
                + " alter table x add foreign key (y_id) references y (id);";
        source.exec(cycle);
        target.exec(cycle);
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> sync("x", "y").load().plan());
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("public.x, public.y").contains("DEFERRABLE");
    }

    @Test
    void userTriggersCanBeDisabledForTheWriteAndComeBackAsTheyWere() {
        target.exec("create function shout() returns trigger language plpgsql as $$ begin new.code = upper(new.code); return new; end $$;"
                + " create trigger shout before insert or update on features for each row execute function shout();"
                + " create trigger shout_always before insert on features for each row execute function shout();"
                + " alter table features enable always trigger shout_always;"
                + " create trigger off_already before insert on features for each row execute function shout();"
                + " alter table features disable trigger off_already");
        SyncResult r = sync("plans", "features").disableUserTriggers(true).load().apply();
        assertThat(r.triggersDisabled()).containsExactlyInAnyOrder("public.features.shout", "public.features.shout_always");
        assertThat(target.digest("features")).isEqualTo(source.digest("features")); // no trigger fired
        assertThat(target.column("select tgname || '=' || tgenabled::text from pg_trigger where tgrelid = 'features'::regclass"
                + " and not tgisinternal order by 1")).containsExactly("off_already=D", "shout=O", "shout_always=A");
        // foreign keys are system triggers: they stay on (a source without the key sends an orphan; the target rejects it)
        source.exec("alter table features drop constraint features_plan_id_fkey; insert into features values (99, 77, 'orphan')");
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class,
                () -> sync("plans", "features").disableUserTriggers(true).load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("features_plan_id_fkey");
        // the failed run's trigger changes were rolled back with everything else
        assertThat(target.column("select count(*) from pg_trigger where tgrelid = 'features'::regclass and tgenabled = 'D'"))
                .containsExactly("1");
    }
}
