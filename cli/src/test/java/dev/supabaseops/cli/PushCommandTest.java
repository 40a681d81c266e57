package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PushCommandTest {
    private static final String PASSWORD = "Sup3r-Secret-pw-7731";

    @TempDir
    Path dir;

    private Map<String, String> env(String name, String url) {
        Map<String, String> env = new HashMap<>();
        env.put("SUPABASE_" + name.toUpperCase() + "_DB_URL", url);
        return env;
    }

    /** A real database URL carrying a recognisable password (the test server trusts any). */
    private String urlWithPassword() {
        return Pg.newSupabaseDb().replace("postgresql://postgres@", "postgresql://postgres:" + PASSWORD + "@");
    }

    private void migration(String name, String sql) throws Exception {
        Files.createDirectories(dir.resolve("supabase/migrations"));
        Files.writeString(dir.resolve("supabase/migrations").resolve(name), sql);
    }

    private static void noSecret(Cli.Result r) {
        assertThat(r.out()).doesNotContain(PASSWORD);
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    private static void oneLineError(Cli.Result r, int code, String contains) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(code);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(contains);
        noSecret(r);
    }

    @Test
    void pushDryRunJsonListAndRepairNeverShowThePassword() throws Exception {
        migration("20240101000001_plans.sql", "create table plans (id int primary key);\ninsert into plans values (1);\n");
        migration("20240101000002_features.sql", "create table features (id int);\n");
        Map<String, String> env = env("dev", urlWithPassword());

        Cli.Result dry = Cli.run(env, dir, "push", "--env", "dev", "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("2 pending", "20240101000001_plans.sql  2 statements", "Dry run: nothing was written.");
        noSecret(dry);

        Cli.Result push = Cli.run(env, dir, "push", "--env", "dev", "--json");
        assertThat(push.exitCode()).as(push.all()).isZero();
        JsonNode json = new ObjectMapper().readTree(push.out());
        assertThat(json.path("applied")).hasSize(2);
        assertThat(json.path("applied").get(0).path("version").asText()).isEqualTo("20240101000001");
        assertThat(json.path("applied").get(0).has("durationMillis")).isTrue();
        assertThat(json.path("failure").isNull()).isTrue();
        noSecret(push);

        Cli.Result again = Cli.run(env, dir, "push", "--env", "dev");
        assertThat(again.out()).contains("Nothing to apply: dev is up to date (2 migrations applied).");

        Cli.Result list = Cli.run(env, dir, "migrations", "list", "--env", "dev");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("20240101000001 | 20240101000001 | 2024-01-01 00:00:01");
        noSecret(list);

        Cli.Result repair = Cli.run(env, dir, "migrations", "repair", "--env", "dev", "--status", "reverted", "20240101000002");
        assertThat(repair.exitCode()).as(repair.all()).isZero();
        assertThat(repair.out()).contains("[20240101000002] => reverted");
        noSecret(repair);
    }

    @Test
    void failingMigrationExitsOneWithFileStatementAndSqlState() throws Exception {
        migration("20240101000001_ok.sql", "create table ok (id int);");
        migration("20240101000002_bad.sql", "create table bad (id int);\nselect * from nope;\n");
        Map<String, String> env = env("dev", urlWithPassword());
        Cli.Result r = Cli.run(env, dir, "push", "--env", "dev");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("Applied 20240101000001_ok.sql",
                "FAILED 20240101000002_bad.sql at statement 2 of 2 (line 2): SQLSTATE 42P01: relation \"nope\" does not exist",
                "statement: select * from nope", "not applied: 20240101000002");
        assertThat(r.err()).contains("error: 20240101000002_bad.sql at statement 2 of 2");
        noSecret(r);
    }

    @Test
    void passwordFromItsOwnVariableIsNeverPrintedEither() throws Exception {
        migration("20240101000001_bad.sql", "select 1/0;");
        Map<String, String> env = env("dev", Pg.newSupabaseDb());
        env.put("SUPABASE_DEV_DB_PASSWORD", PASSWORD);
        Cli.Result r = Cli.run(env, dir, "push", "--env", "dev", "--json", "--debug");
        assertThat(r.exitCode()).isEqualTo(1);
        noSecret(r);
    }

    @Test
    void badInputIsExitTwoOnOneLine() throws Exception {
        migration("20240101000001_a.sql", "select 1;");
        oneLineError(Cli.run(env("dev", urlWithPassword()), dir, "push", "--env", "prod"), 2, "unknown environment 'prod'");
        oneLineError(Cli.run(env("prod", "postgresql://postgres@db.abcdefghijklmnop.supabase.invalid:5432/postgres"), dir,
                "push", "--env", "prod"), 2, "no database password for environment 'prod': set SUPABASE_PROD_DB_PASSWORD");
        oneLineError(Cli.run(env("dev", urlWithPassword()), dir, "push", "--env", "dev", "--dir", "nowhere"), 2,
                "migrations directory");
        oneLineError(Cli.run(env("dev", urlWithPassword()), dir, "push", "--env", "dev", "--lint", "sometimes"), 2, "--lint");
        Files.writeString(dir.resolve("supabase-ops.yml"), "environments:\n  dev: [unclosed\n");
        oneLineError(Cli.run(env("dev", urlWithPassword()), dir, "push", "--env", "dev"), 2, "supabase-ops.yml is not valid YAML");
        Files.writeString(dir.resolve("supabase-ops.yml"), "migrations:\n  folder: x\n");
        oneLineError(Cli.run(env("dev", urlWithPassword()), dir, "push", "--env", "dev"), 2, "unknown key 'migrations.folder'");
    }

    @Test
    void protectedEnvironmentAndLintRefuseWithExitThree() throws Exception {
        migration("20240101000001_a.sql", "create table a (id int);\n\ndrop table a;\n");
        Files.writeString(dir.resolve("supabase-ops.yml"), "environments:\n  prod: { protected: true }\n");
        Map<String, String> env = env("prod", urlWithPassword());
        oneLineError(Cli.run(env, dir, "push", "--env", "prod"), 3, "environment 'prod' is protected: pass --confirm prod");
        oneLineError(Cli.run(env, dir, "push", "--env", "prod", "--confirm", "prod"), 3,
                "20240101000001_a.sql:3 drop-table");
        Cli.Result dry = Cli.run(env, dir, "push", "--env", "prod", "--dry-run");
        assertThat(dry.exitCode()).isEqualTo(3);
        assertThat(dry.out()).contains("Lint (fail): 1 finding(s)", "20240101000001_a.sql:3 drop-table");
        Cli.Result warned = Cli.run(env, dir, "push", "--env", "prod", "--confirm", "prod", "--lint", "warn");
        assertThat(warned.exitCode()).as(warned.all()).isZero();
        assertThat(warned.out()).contains("warning: lint 20240101000001_a.sql:3 drop-table");
        noSecret(warned);
    }
}
