package dev.supabaseops.migrate.flyway;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FlywayMigrationsTest {
    /** The test server trusts every login, so any password works; this one must never show up. */
    private static final String PASSWORD = "Fly-s3cret-7f3a9c";

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final ProgressListener listener = new ProgressListener() {
        @Override
        public void info(String message) {
            lines.add("info " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("warn " + message);
        }
    };

    private static Database supabaseDb() {
        String url = Pg.newSupabaseDb().replace("postgres@", "postgres:" + PASSWORD + "@");
        return new Database("preprod", DbUrl.parse(url, "SUPABASE_PREPROD_DB_URL"));
    }

    private FlywayMigrations flyway(Database db) {
        return FlywayMigrations.configure().database(db).dir(dir).listener(listener).load();
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(dir.resolve(name), sql);
    }

    @Test
    void planListsPendingMigrationsAndWritesNothing() throws Exception {
        Database db = supabaseDb();
        write("V1__create_todos.sql", "create table public.todos (id bigint primary key, title text);");
        write("V2__add_done.sql", "alter table public.todos add column done boolean not null default false;");
        write("R__todo_view.sql", "create or replace view public.open_todos as select * from public.todos where not done;");

        FlywayPlan plan = flyway(db).plan();

        assertThat(plan.currentVersion()).isNull();
        assertThat(plan.appliedCount()).isZero();
        assertThat(plan.pending()).extracting(FlywayPlan.Migration::version).containsExactly("1", "2", null);
        assertThat(plan.pending().get(0)).isEqualTo(
                new FlywayPlan.Migration("1", "create todos", "V1__create_todos.sql", "SQL"));
        assertThat(plan.pending().get(2).isRepeatable()).isTrue();
        assertThat(plan.warnings()).isEmpty();
        assertThat(query(db, "select to_regclass('public.flyway_schema_history') is null"
                + " and to_regclass('public.todos') is null")).isEqualTo("t");
    }

    @Test
    void migrateAppliesPendingAndSecondMigrateAppliesNothing() throws Exception {
        Database db = supabaseDb();
        write("V1__create_todos.sql", "create table public.todos (id bigint primary key, title text);");
        write("V1.1__seed.sql", "insert into public.todos values (1, 'first');");
        write("V2__add_done.sql", "alter table public.todos add column done boolean not null default false;");

        FlywayResult first = flyway(db).migrate();

        assertThat(first.applied()).extracting(FlywayResult.Applied::version).containsExactly("1", "1.1", "2");
        assertThat(first.applied()).extracting(FlywayResult.Applied::script)
                .containsExactly("V1__create_todos.sql", "V1.1__seed.sql", "V2__add_done.sql");
        assertThat(first.applied()).allSatisfy(a -> assertThat(a.durationMs()).isNotNegative());
        assertThat(first.targetVersion()).isEqualTo("2");
        assertThat(query(db, "select count(*) || ':' || bool_and(not done) from public.todos")).isEqualTo("1:true");
        assertThat(query(db, "select string_agg(version, ',' order by installed_rank) from public.flyway_schema_history"
                + " where success")).isEqualTo("1,1.1,2");
        assertThat(lines).contains("info flyway: applying V1.1 seed (V1.1__seed.sql)");

        FlywayResult second = flyway(db).migrate();
        assertThat(second.applied()).isEmpty();
        assertThat(second.targetVersion()).isEqualTo("2");
        FlywayPlan plan = flyway(db).plan();
        assertThat(plan.pending()).isEmpty();
        assertThat(plan.appliedCount()).isEqualTo(3);
        assertThat(plan.currentVersion()).isEqualTo("2");
    }

    @Test
    void failingMigrationNamesVersionAndSqlstateAndKeepsEarlierOnesApplied() throws Exception {
        Database db = supabaseDb();
        write("V1__create_todos.sql", "create table public.todos (id bigint primary key);");
        write("V2__bad.sql", "create table public.tags (id bigint primary key);\ninsert into public.nope values (1);");
        write("V3__later.sql", "create table public.later (id bigint);");

        OpsException e = catchThrowableOfType(() -> flyway(db).migrate(), OpsException.class);

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage())
                .startsWith("flyway migration V2 (V2__bad.sql) failed at line 2: SQLSTATE 42P01:")
                .contains("relation \"public.nope\" does not exist")
                .contains("1 earlier migration(s) of this push stay applied")
                .doesNotContain("\n");
        assertThat(query(db, "select string_agg(version, ',') from public.flyway_schema_history")).isEqualTo("1");
        assertThat(query(db, "select (to_regclass('public.todos') is not null) || ','"
                + " || (to_regclass('public.tags') is null) || ',' || (to_regclass('public.later') is null)"))
                .isEqualTo("true,true,true");
        assertNoSecret(e);
    }

    @Test
    void changedAppliedMigrationIsReportedByPlanAndMigrate() throws Exception {
        Database db = supabaseDb();
        write("V1__create_todos.sql", "create table public.todos (id bigint primary key);");
        flyway(db).migrate();
        write("V1__create_todos.sql", "create table public.todos (id bigint primary key, title text);");
        write("V2__more.sql", "create table public.more (id bigint);");

        for (Runnable op : List.<Runnable>of(() -> flyway(db).plan(), () -> flyway(db).migrate())) {
            OpsException e = catchThrowableOfType(op::run, OpsException.class);
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).isEqualTo("flyway migration V1 (V1__create_todos.sql) was changed after it was"
                    + " applied (checksum mismatch): restore the applied file, or run `flyway repair` if the change is intended");
        }
        assertThat(query(db, "select to_regclass('public.more') is null")).isEqualTo("t");
    }

    @Test
    void appliedMigrationWithoutFileIsReported() throws Exception {
        Database db = supabaseDb();
        write("V1__a.sql", "select 1;");
        write("V2__b.sql", "select 2;");
        flyway(db).migrate();
        Files.delete(dir.resolve("V1__a.sql"));

        assertThatThrownBy(() -> flyway(db).plan())
                .isInstanceOf(OpsException.class)
                .hasMessageStartingWith("flyway migration V1 is applied on the database but has no file in " + dir.toAbsolutePath().normalize());
        // Flyway's default "*:future": an applied version newer than every local file (the database
        // was migrated by a newer build) is tolerated.
        Files.writeString(dir.resolve("V1__a.sql"), "select 1;");
        Files.delete(dir.resolve("V2__b.sql"));
        assertThat(flyway(db).plan().currentVersion()).isEqualTo("2");
    }

    @Test
    void olderPendingVersionNeedsOutOfOrder() throws Exception {
        Database db = supabaseDb();
        write("V1__a.sql", "create table public.a (id int);");
        write("V3__c.sql", "create table public.c (id int);");
        flyway(db).migrate();
        write("V2__b.sql", "create table public.b (id int);");

        assertThatThrownBy(() -> flyway(db).migrate())
                .isInstanceOf(OpsException.class)
                .hasMessageStartingWith("flyway migration V2 (V2__b.sql) is older than the schema's current version");
        assertThat(query(db, "select to_regclass('public.b') is null")).isEqualTo("t");

        FlywayMigrations outOfOrder = FlywayMigrations.configure().database(db).dir(dir).outOfOrder(true).load();
        assertThat(outOfOrder.plan().pending()).extracting(FlywayPlan.Migration::version).containsExactly("2");
        assertThat(outOfOrder.migrate().applied()).extracting(FlywayResult.Applied::version).containsExactly("2");
        assertThat(query(db, "select to_regclass('public.b') is not null")).isEqualTo("t");
    }

    @Test
    void missingFolderIsAUsageError() {
        Database db = supabaseDb();
        assertThatThrownBy(() -> FlywayMigrations.configure().database(db).dir(dir.resolve("nope")).load())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("nope does not exist");
    }

    @Test
    void filesFlywayWouldSkipAreWarnedAbout() throws Exception {
        Database db = supabaseDb();
        write("20240101000000_init.sql", "select 1;");
        FlywayPlan plan = flyway(db).plan();
        assertThat(plan.pending()).isEmpty();
        assertThat(plan.warnings().get(0)).startsWith("skipping 20240101000000_init.sql:");
        assertThat(plan.warnings().get(1)).contains("push them without --flyway");
        assertThat(plan.warnings()).contains("No migrations found. Are your locations set up correctly?");
        assertThat(lines).anyMatch(l -> l.startsWith("warn skipping 20240101000000_init.sql"));
    }

    @Test
    void flywayWarningsReachTheListenerAndTheResult() throws Exception {
        Database db = supabaseDb();
        // PostgreSQL raises a 42P07 notice for "if not exists" on an existing table; Flyway logs it as a warning.
        write("V1__a.sql", "create table public.a (id int);\ncreate table if not exists public.a (id int);");
        FlywayResult r = flyway(db).migrate();
        assertThat(r.warnings()).anyMatch(w -> w.contains("already exists"));
        assertThat(lines).anyMatch(l -> l.startsWith("warn flyway: ") && l.contains("already exists"));
    }

    @Test
    void wrongDatabaseGivesTheConnectionErrorWithoutThePassword() {
        DbUrl url = DbUrl.parse(Pg.newPlainDb().replace("postgres@", "postgres:" + PASSWORD + "@"), "X");
        Database missing = new Database("preprod", url.withDatabase("no_such_db"));
        OpsException e = catchThrowableOfType(() -> FlywayMigrations.configure().database(missing).dir(dir).load().plan(),
                OpsException.class);
        assertThat(e.getMessage()).isEqualTo("database \"no_such_db\" does not exist on preprod database "
                + "postgresql://postgres@localhost:" + url.port() + "/no_such_db");
        assertNoSecret(e);
    }

    @Test
    void worksOnAPlainDatabaseToo() throws Exception {
        Database db = new Database("dev", DbUrl.parse(Pg.newPlainDb(), "X"));
        write("V1__a.sql", "create table a (id int);");
        assertThat(flyway(db).migrate().targetVersion()).isEqualTo("1");
        assertThat(query(db, "select to_regclass('public.a') is not null")).isEqualTo("t");
    }

    @Test
    void noPasswordInAnyMessageResultOrListenerLine() throws Exception {
        Database db = supabaseDb();
        write("V1__a.sql", "create table public.a (id int);");
        write("V2__b.sql", "select * from public.missing;");
        FlywayPlan plan = flyway(db).plan();
        OpsException e = catchThrowableOfType(() -> flyway(db).migrate(), OpsException.class);
        assertNoSecret(e);
        assertThat(plan.toString() + lines + db + db.url()).doesNotContain(PASSWORD);
    }

    private static void assertNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            assertThat(t.toString()).doesNotContain(PASSWORD);
        }
    }

    private static String query(Database db, String sql) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
