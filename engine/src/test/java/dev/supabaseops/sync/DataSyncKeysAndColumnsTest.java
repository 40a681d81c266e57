package dev.supabaseops.sync;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Columns a sync cannot treat like the others: keys that allow NULL are never matched, so they
 * are refused before anything is written; identity GENERATED ALWAYS columns outside the key are
 * set on insert only, so a difference there alone is no change; generated source columns that
 * are plain columns in the target are copied.
 */
class DataSyncKeysAndColumnsTest {
    TestDb source;
    TestDb target;
    @TempDir
    Path dir;
    final AtomicLong staged = new AtomicLong();
    final ProgressListener listener = new ProgressListener() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            throw new AssertionError("unexpected warning: " + message);
        }

        @Override
        public void progress(String task, long done, long total, String unit) {
            if (task.startsWith("copy ") && done == total) {
                staged.addAndGet(done);
            }
        }
    };

    @BeforeEach
    void databases() {
        source = TestDb.create("preprod");
        target = TestDb.create("prod");
    }

    private DataSync.Configuration sync(String... tables) {
        return DataSync.configure().source(source.db).target(target.db).tables(List.of(tables)).listener(listener);
    }

    private static OpsException usage(Runnable r) {
        OpsException e = assertThrows(OpsException.class, r::run);
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(e.exitCode()).as(e.getMessage()).isEqualTo(ExitCode.USAGE);
        return e;
    }

    @Test
    void aConfiguredKeyThatAllowsNullIsRefusedBeforeAnythingIsWritten() {
        String schema = "create table settings (name text unique, value text)";
        source.exec(schema);
        target.exec(schema);
        source.exec("insert into settings values ('theme', 'dark'), (null, 'orphan')");
        target.exec("insert into settings values ('lang', 'en'), (null, 'old')");
        Map<String, List<String>> keys = Map.of("settings", List.of("name"));
        String before = target.digest("public.settings");

        OpsException e = usage(() -> sync("settings").keys(keys).load().plan());
        assertThat(e.getMessage()).contains("public.settings").contains("(name)").contains("allows NULL in the target and the source")
                .contains("SET NOT NULL").contains("primary key");
        usage(() -> sync("settings").keys(keys).load().apply());
        usage(() -> sync("settings").keys(keys).mode(SyncMode.MIRROR).load().plan());
        usage(() -> sync("settings").keys(keys).mode(SyncMode.MIRROR).load().apply());

        // an export folder as the source: the target's column decides
        Path out = dir.resolve("settings");
        DataSync.configure().source(source.db).tables(List.of("settings")).keys(keys).load().exportTo(out);
        for (int i = 0; i < 3; i++) {
            usage(() -> DataSync.configure().source(out).target(target.db).keys(keys).listener(listener).load().apply());
        }
        // source and target column types differ (every row staged on the target): the same
        target.exec("alter table settings alter column name type varchar(80)");
        usage(() -> sync("settings").keys(keys).load().apply());
        assertThat(target.digest("public.settings")).isEqualTo(before);
        assertThat(target.count("settings")).isEqualTo(2);

        // NOT NULL in the target but nullable in the source database: refused too, naming the source
        target.exec("delete from settings where name is null; alter table settings alter column name set not null");
        OpsException inSource = usage(() -> sync("settings").keys(keys).load().apply());
        assertThat(inSource.getMessage()).contains("public.settings").contains("allows NULL in the source:");

        // NOT NULL on both sides: synced, and a re-sync changes nothing
        source.exec("delete from settings where name is null; alter table settings alter column name set not null");
        SyncResult r = sync("settings").keys(keys).mode(SyncMode.MIRROR).load().apply();
        assertThat(r.plan().inserts()).isEqualTo(1);
        assertThat(r.plan().deletes()).isEqualTo(1);
        assertThat(target.column("select name || '=' || value from settings order by name")).containsExactly("theme=dark");
        assertThat(sync("settings").keys(keys).mode(SyncMode.MIRROR).load().plan().changes()).isZero();
    }

    @Test
    void importingAnExportIntoANotNullKeyIsIdempotent() {
        String schema = "create table settings (name text unique, value text)";
        source.exec(schema);
        target.exec("create table settings (name text not null unique, value text)");
        source.exec("insert into settings values ('theme', 'dark'), ('lang', 'fr')");
        Map<String, List<String>> keys = Map.of("settings", List.of("name"));
        Path out = dir.resolve("settings");
        DataSync.configure().source(source.db).tables(List.of("settings")).keys(keys).load().exportTo(out);
        for (int i = 0; i < 3; i++) { // an export records no nullability: the target's NOT NULL is what counts
            DataSync.configure().source(out).target(target.db).keys(keys).listener(listener).load().apply();
            assertThat(target.count("settings")).isEqualTo(2);
        }
        assertThat(DataSync.configure().source(out).target(target.db).keys(keys).load().plan().changes()).isZero();

        source.exec("insert into settings values (null, 'orphan')"); // the target's NOT NULL keeps it out: the write fails whole
        Path withNull = dir.resolve("with-null");
        DataSync.configure().source(source.db).tables(List.of("settings")).keys(keys).load().exportTo(withNull);
        String before = target.digest("public.settings");
        OpsException e = assertThrows(OpsException.class,
                () -> DataSync.configure().source(withNull).target(target.db).keys(keys).load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("not-null").contains("nothing was written");
        assertThat(target.digest("public.settings")).isEqualTo(before);
    }

    @Test
    void aPrimaryKeyColumnThatAllowsNullInTheSourceIsRefused() {
        source.exec("create table tiers (code text, label text)"); // no key in the source
        target.exec("create table tiers (code text primary key, label text)");
        source.exec("insert into tiers values ('a', 'A'), (null, 'no code')");
        target.exec("insert into tiers values ('b', 'B')");
        OpsException e = usage(() -> sync("tiers").load().plan());
        assertThat(e.getMessage()).contains("public.tiers").contains("(code)").contains("allows NULL in the source:");
        usage(() -> sync("tiers").mode(SyncMode.MIRROR).load().apply());
        assertThat(target.column("select code from tiers")).containsExactly("b");
    }

    @Test
    void anIdentityAlwaysColumnOutsideTheKeyIsSetOnInsertOnlyAndNeverAPhantomUpdate() {
        String schema = "create table opts (seq int generated always as identity, code text primary key, label text)";
        source.exec(schema);
        target.exec(schema);
        source.exec("insert into opts (code, label) values ('a', 'A'), ('b', 'B')"); // seq 1, 2
        target.exec("insert into opts (seq, code, label) overriding system value values (10, 'a', 'A'), (11, 'b', 'B')");

        SyncPlan plan = sync("opts").load().plan();
        assertThat(plan.changes()).as("seq differs only: nothing an update could write").isZero();
        assertThat(plan.tables().get(0).unchanged()).isEqualTo(2);
        staged.set(0);
        SyncResult none = sync("opts").load().apply(); // the listener fails on a "wrote N, the plan said M" warning
        assertThat(none.rowsWritten()).isZero();
        assertThat(staged.get()).as("digests leave seq out: no bucket differs").isZero();

        source.exec("update opts set label = 'A2' where code = 'a'; insert into opts (code, label) values ('c', 'C')"); // seq 3
        SyncPlan changed = sync("opts").load().plan();
        assertThat(changed.inserts()).isEqualTo(1);
        assertThat(changed.updates()).isEqualTo(1);
        SyncResult r = sync("opts").load().apply();
        assertThat(r.rowsWritten()).isEqualTo(2);
        assertThat(target.column("select code || ':' || seq || ':' || label from opts order by code"))
                .containsExactly("a:10:A2", "b:11:B", "c:3:C"); // existing rows keep the target's seq, the new one the source's
        assertThat(sync("opts").load().plan().changes()).isZero();
        assertThat(sync("opts").mode(SyncMode.MIRROR).load().plan().changes()).isZero();

        // every row staged (an export folder; column types that differ): the same counts
        Path out = dir.resolve("opts");
        DataSync.configure().source(source.db).tables(List.of("opts")).load().exportTo(out);
        assertThat(DataSync.configure().source(out).target(target.db).load().plan().changes()).isZero();
        assertThat(DataSync.configure().source(out).target(target.db).listener(listener).load().apply().rowsWritten()).isZero();
        target.exec("alter table opts alter column label type varchar(40)");
        assertThat(sync("opts").load().plan().changes()).isZero();
        source.exec("update opts set label = 'B2' where code = 'b'");
        target.exec("create table fired (code text); create function note() returns trigger language plpgsql as $$ begin"
                + " insert into fired values (new.code); return new; end $$;"
                + " create trigger note before insert on opts for each row execute function note()");
        assertThat(sync("opts").load().apply().rowsWritten()).isEqualTo(1);
        assertThat(target.one("select seq || ':' || label from opts where code = 'b'")).isEqualTo("11:B2");
        assertThat(target.column("select code from fired")).as("rows the write's filter let through to the INSERT")
                .containsExactly("b");
        assertThat(sync("opts").load().plan().changes()).isZero();
    }

    @Test
    void aGeneratedSourceColumnThatIsPlainInTheTargetIsCopied() {
        source.exec("create table pages (id int primary key, title text, slug text generated always as (lower(title)) stored,"
                + " shout text generated always as (upper(title)) stored, echo text generated always as (title || '!') stored)");
        // slug: plain in the target; shout: generated there too; echo: the target lacks it (derived, nothing to lose)
        target.exec("create table pages (id int primary key, title text, slug text,"
                + " shout text generated always as (upper(title) || '?') stored)");
        source.exec("insert into pages (id, title) values (1, 'Hello'), (2, 'World')");

        SyncResult first = sync("pages").load().apply(); // empty target: copied straight in
        assertThat(first.plan().inserts()).isEqualTo(2);
        assertThat(first.plan().tables().get(0).skipped()).containsExactly("shout");
        assertThat(first.plan().tables().get(0).ignored()).isEmpty();
        assertThat(target.column("select slug || ' ' || shout from pages order by id")).containsExactly("hello HELLO?", "world WORLD?");
        assertThat(sync("pages").load().plan().changes()).isZero();

        source.exec("update pages set title = 'Bonjour' where id = 1; insert into pages (id, title) values (3, 'New')");
        target.exec("update pages set slug = null where id = 2"); // drifted in the target: the source's value comes back
        SyncPlan plan = sync("pages").load().plan();
        assertThat(plan.inserts()).isEqualTo(1);
        assertThat(plan.updates()).isEqualTo(2);
        sync("pages").load().apply();
        assertThat(target.column("select slug from pages order by id")).containsExactly("bonjour", "world", "new");
        assertThat(sync("pages").load().plan().changes()).isZero();

        // column types that differ: every row staged on the target, the generated values still sent
        target.exec("alter table pages alter column slug type varchar(100)");
        source.exec("update pages set title = 'Monde' where id = 2");
        assertThat(sync("pages").load().apply().rowsWritten()).isEqualTo(1);
        assertThat(target.one("select slug from pages where id = 2")).isEqualTo("monde");
        assertThat(sync("pages").load().plan().changes()).isZero();
    }
}
