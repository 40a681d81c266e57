package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SyncDataCommandTest {
    static final String PASSWORD = "Sup3r-Secret-Db-Pw!";
    static final String KEY = "sb_secret_abcdefghijklmnopqrstuvwxyz0123";
    static final String SCHEMA = "create table plans (id int primary key, name text, image text);"
            + " create table features (id int primary key, plan_id int references plans (id), code text);";
    @TempDir
    Path dir;
    String sourceUrl;
    String targetUrl;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void databases() throws Exception {
        sourceUrl = Pg.newSupabaseDb();
        targetUrl = Pg.newSupabaseDb();
        sql(sourceUrl, SCHEMA + "insert into plans values (1, 'free', 'http://127.0.0.1:54321/storage/v1/object/public/p/1.png'),"
                + " (2, 'pro', null); insert into features values (1, 1, 'a'), (2, 2, 'b')");
        sql(targetUrl, SCHEMA);
        env.put("SUPABASE_PREPROD_DB_URL", sourceUrl);
        env.put("SUPABASE_PREPROD_DB_PASSWORD", PASSWORD); // loopback trust auth ignores it; it must never be printed
        env.put("SUPABASE_PREPROD_SERVICE_ROLE_KEY", KEY);
        env.put("SUPABASE_PREPROD_URL", "https://abcdefgh.supabase.co");
        env.put("SUPABASE_PROD_DB_URL", targetUrl.replace("postgres@", "postgres:" + PASSWORD + "@"));
        env.put("SUPABASE_PROD_URL", "https://wxyzwxyz.supabase.co");
    }

    static String sql(String url, String sql) throws Exception {
        try (Connection c = new Database("t", DbUrl.parse(url, "t")).connect(); Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
            return null;
        }
    }

    private Cli.Result run(String... args) {
        Cli.Result r = Cli.run(env, dir, args);
        assertThat(r.all()).doesNotContain(PASSWORD).doesNotContain(KEY).doesNotContain("Sup3r");
        return r;
    }

    private String targetCount() throws Exception {
        return sql(targetUrl, "select (select count(*) from plans) + (select count(*) from features)");
    }

    @Test
    void dryRunPrintsAReadablePlanAndWritesNothingThenApplyWritesOnce() throws Exception {
        Cli.Result plan = run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "features,plans", "--dry-run");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).contains("sync-data plan: preprod → prod (mode upsert, 2 tables)")
                .contains("public.plans").contains("write order: public.plans, public.features")
                .contains("storage URLs: https://abcdefgh.supabase.co, http://127.0.0.1:54321, http://localhost:54321 → https://wxyzwxyz.supabase.co")
                .contains("public.plans.image: 1 row(s)").contains("4 row(s) to write").contains("dry run: nothing was written");
        assertThat(targetCount()).isEqualTo("0");

        Cli.Result apply = run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "features,plans", "--json");
        assertThat(apply.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(apply.out());
        assertThat(json.path("rowsWritten").asLong()).isEqualTo(4);
        assertThat(json.path("plan").path("tables").path(0).path("table").asText()).isEqualTo("public.plans");
        assertThat(json.path("plan").path("tables").path(0).path("urlRewrites").path("image").asLong()).isEqualTo(1);
        assertThat(sql(targetUrl, "select image from plans where id = 1")).isEqualTo("https://wxyzwxyz.supabase.co/storage/v1/object/public/p/1.png");

        Cli.Result again = run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "features,plans");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("no changes").contains("applied: 0 row(s)");
    }

    @Test
    void refusalsAndBadInputAreOneLineWithTheDocumentedExitCode() throws Exception {
        Files.writeString(dir.resolve("supabase-ops.yml"), """
                environments: { prod: { protected: true } }
                sync: { tables: [plans, features], blocked: [features] }
                """);
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--confirm", "prod"), 3, "public.features");
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans"), 3, "--confirm prod");
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans,auth.users", "--confirm", "prod"), 3, "auth.users");
        assertOneLine(run("sync-data", "--from", "nowhere", "--to", "prod", "--tables", "plans"), 2, "unknown environment 'nowhere'");
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans,ghost", "--dry-run"), 2, "public.ghost not found in source");
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans", "--mode", "sideways"), 2, "sideways");
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans", "--disable-triggers", "all"), 2, "only 'user'");
        Files.writeString(dir.resolve("supabase-ops.yml"), "environments: { prod: { protected: true } }");
        sql(targetUrl, "drop table features");
        assertOneLine(run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans,features", "--confirm", "prod"), 2,
                "public.features not found in target prod");
        assertThat(sql(targetUrl, "select count(*) from plans")).isEqualTo("0");
        Cli.Result ok = run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans", "--confirm", "prod");
        assertThat(ok.exitCode()).isZero();
    }

    @Test
    void unreachableDatabaseFailsWithoutShowingThePassword() {
        env.put("SUPABASE_PROD_DB_URL", "postgresql://postgres:" + PASSWORD + "@db.unreachable.invalid:5432/postgres");
        Cli.Result r = run("sync-data", "--from", "preprod", "--to", "prod", "--tables", "plans", "--debug");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect");
    }

    @Test
    void exportThenImportThroughTheCli() throws Exception {
        Cli.Result exp = run("sync-data", "--from", "preprod", "--export", "snap", "--tables", "plans,features");
        assertThat(exp.exitCode()).isZero();
        assertThat(exp.out()).contains("public.plans: 2 row(s), sha256 ");
        assertThat(Files.readString(dir.resolve("snap/manifest.json"))).contains("\"source\" : \"preprod\"");
        assertOneLine(run("sync-data", "--from", "preprod", "--export", "snap", "--tables", "plans"), 2, "already holds an export");
        // an import without --tables takes all the export's tables, not sync.tables
        Files.writeString(dir.resolve("supabase-ops.yml"), "sync: { tables: [plans] }");
        Cli.Result imp = run("sync-data", "--import", "snap", "--to", "prod", "--json");
        assertThat(imp.exitCode()).isZero();
        assertThat(targetCount()).isEqualTo("4");
        assertThat(sql(targetUrl, "select image from plans where id = 1")).startsWith("https://wxyzwxyz.supabase.co/");
    }

    private static void assertOneLine(Cli.Result r, int code, String text) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(code);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(text);
    }
}
