package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HealthGateCommandTest {
    private static final String TOKEN = "cli-SECRET-token-81f";
    private static final String ENV_VALUE = "cli-SECRET-anon-5e2";
    private static final String DB_PASSWORD = "cli-SECRET-pw-0c4";

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger readyHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"healthy\"}"));
        // not ready for the first two requests, then ready
        server.createContext("/readyz", ex -> reply(ex, readyHits.incrementAndGet() <= 2 ? 503 : 200,
                readyHits.get() <= 2 ? "{\"ready\":false}" : "{\"ready\":true}"));
        // echoes the Authorization header it got, and fails
        server.createContext("/echo", ex -> reply(ex, 500, "{\"auth\":\"" + ex.getRequestHeaders().getFirst("Authorization") + "\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        try (ex) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void flagChecksPassAfterRetriesAndWriteJUnit() throws Exception {
        Cli.Result r = Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--interval", "50ms", "--timeout", "30s",
                "--http", url("/readyz"), "--expect", "/ready=true", "--junit", "reports/health.xml");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("CHECK +KIND +STATUS +ATTEMPTS +DURATION +LAST FAILURE")
                .containsPattern("http +http +passed +3 ")
                .contains("HTTP 503 (expected 200-299)")
                .contains("health gate prod passed: 1/1 checks");
        assertThat(r.err()).contains("JUnit report written to reports/health.xml");
        Element suite = (Element) xml(dir.resolve("reports/health.xml")).getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
    }

    @Test
    void failingCheckAtTheDeadlineExitsOneWithReasonInTableJsonAndJUnit() throws Exception {
        Files.writeString(dir.resolve("supabase-ops.yml"), "health:\n  prod:\n"
                + "    - { name: api, http: \"" + url("/health") + "\", status: 200, json: { /status: healthy } }\n"
                + "    - { name: wrong, http: \"" + url("/health") + "\", json: { /status: degraded } }\n");
        Cli.Result r = Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--timeout", "0", "--json", "--junit", "h.xml");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("passed").asBoolean()).isFalse();
        assertThat(json.path("checks").get(0).path("passed").asBoolean()).isTrue();
        assertThat(json.path("checks").get(1).path("lastFailure").asText())
                .isEqualTo("HTTP 200 but /status is \"healthy\" (expected \"degraded\")");
        Document doc = xml(dir.resolve("h.xml"));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(((Element) doc.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("HTTP 200 but /status is \"healthy\" (expected \"degraded\")");

        Cli.Result text = Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--timeout", "0");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).containsPattern("wrong +http +FAILED +1 ").contains("health gate prod FAILED: 1 of 2 checks still failing");
    }

    @Test
    void badConfigurationExitsTwoOnOneLineBeforeAnythingRuns() throws IOException {
        Files.writeString(dir.resolve("supabase-ops.yml"), "health:\n  prod:\n"
                + "    - { name: ready, http: \"" + url("/readyz") + "\" }\n"
                + "    - { name: api, http: \"" + url("/health") + "\", json: { status: healthy } }\n");
        Cli.Result r = Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--junit", "h.xml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: health.prod check #2 (api): invalid JSON Pointer 'status': "
                + "it must start with / (e.g. /status or /checks/0/ok)");
        assertThat(readyHits.get()).isZero();
        assertThat(dir.resolve("h.xml")).doesNotExist();

        assertThat(Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--http", "not a url").err().strip())
                .isEqualTo("error: flags check #1 (http): invalid URL 'not a url': expected http(s)://host/path");
        assertThat(Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--http", url("/health"), "--status", "600").err().strip())
                .startsWith("error: flags check #1 (http): invalid status '600'");
        assertThat(Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--expect", "/ok").err().strip())
                .isEqualTo("error: --method, --header, --status, --expect and --contains apply to --http checks: add --http URL");
        assertThat(Cli.run(Map.of(), dir, "health-gate", "--env", "prod", "--http", url("/health"), "--timeout", "soon").err().strip())
                .isEqualTo("error: --timeout must be a duration such as 500ms, 10s, 5m or 1h (got 'soon')");
        assertThat(Cli.run(Map.of(), dir, "health-gate", "--env", "staging").exitCode()).isEqualTo(2);
    }

    @Test
    void databaseChecksFromFlags() throws Exception {
        String db = Pg.newSupabaseDb();
        try (Connection c = DriverManager.getConnection("jdbc:" + db.replace("postgres@", "") + "?user=postgres");
             Statement s = c.createStatement()) {
            s.execute("create table public.plans (id int primary key, name text)");
            s.execute("create schema ops");
            s.execute("create table ops.audit (id int)");
            s.execute("grant usage on schema ops to anon");
        }
        Map<String, String> env = Map.of("SUPABASE_PROD_DB_URL", db);
        Cli.Result r = Cli.run(env, dir, "health-gate", "--env", "prod", "--timeout", "0",
                "--rls", "--privileges", "ops=service_role", "--sql", "select count(*) = 0 from plans where name is null");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("rls +rls +FAILED +1 .*row level security is disabled on 1 table: public.plans")
                .containsPattern("privileges +privileges +FAILED .*anon has USAGE on schema ops")
                .containsPattern("sql +sql +passed");

        Cli.Result plan = Cli.run(env, dir, "health-gate", "--env", "prod", "--rls", "public,auth", "--dry-run");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).contains("rls [rls] row level security on every table in public, auth");
    }

    @Test
    void migrationsCheckUsesThePushEnginesPlan() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("supabase/migrations"));
        Files.writeString(migrations.resolve("20250101000000_plans.sql"), "create table plans (id int primary key);\n");
        Map<String, String> env = Map.of("SUPABASE_PROD_DB_URL", Pg.newSupabaseDb());

        Cli.Result pending = Cli.run(env, dir, "health-gate", "--env", "prod", "--timeout", "0", "--migrations");
        assertThat(pending.exitCode()).as(pending.all()).isEqualTo(1);
        assertThat(pending.out()).contains("20250101000000_plans.sql");

        assertThat(Cli.run(env, dir, "push", "--env", "prod").exitCode()).isZero();
        Cli.Result current = Cli.run(env, dir, "health-gate", "--env", "prod", "--timeout", "0", "--migrations");
        assertThat(current.exitCode()).as(current.all()).isZero();
    }

    @Test
    void noSecretInOutputJsonOrJUnit() throws Exception {
        Files.writeString(dir.resolve(".env.worker"), "SUPABASE_ANON_KEY=" + ENV_VALUE + "\n"
                + "DATABASE_URL=postgresql://postgres.abcdefghij:" + DB_PASSWORD + "@db.abcdefghij.supabase.co:5432/postgres\n");
        Files.writeString(dir.resolve("supabase-ops.yml"), "health:\n  prod:\n"
                + "    - { name: echo, http: \"" + url("/echo") + "\", headers: { Authorization: \"Bearer ${TOKEN}\" } }\n"
                + "    - { name: worker-env, env: { file: .env.worker, forbidden: [SUPABASE_ANON_KEY] } }\n"
                + "    - { name: pooler-url, dburl: { var: DATABASE_URL, file: .env.worker } }\n"
                + "    - { name: runtime-url, dburl: RUNTIME_DATABASE_URL }\n");
        Map<String, String> env = Map.of("TOKEN", TOKEN, "RUNTIME_DATABASE_URL",
                "postgresql://app:" + DB_PASSWORD + "@127.0.0.1:5432/app?sslmode=disable");
        for (String[] args : new String[][]{
                {"health-gate", "--env", "prod", "--timeout", "120ms", "--interval", "50ms", "--junit", "h.xml"},
                {"health-gate", "--env", "prod", "--timeout", "0", "--json", "--junit", "h.xml"},
                {"health-gate", "--env", "prod", "--dry-run"},
                {"health-gate", "--env", "prod", "--dry-run", "--json"},
                {"health-gate", "--env", "prod", "--debug", "--http", url("/echo"), "--header", "Authorization: Bearer ${TOKEN}",
                        "--header", "apikey: " + ENV_VALUE, "--timeout", "0"}}) {
            Cli.Result r = Cli.run(env, dir, args);
            assertThat(r.exitCode()).as(r.all()).isIn(0, 1);
            String xml = Files.exists(dir.resolve("h.xml")) ? Files.readString(dir.resolve("h.xml")) : "";
            for (String secret : new String[]{TOKEN, ENV_VALUE, DB_PASSWORD}) {
                assertThat(r.all() + xml).as(String.join(" ", args)).doesNotContain(secret);
            }
        }
        Cli.Result r = Cli.run(env, dir, "health-gate", "--env", "prod", "--timeout", "0");
        assertThat(r.out()).contains("HTTP 500 (expected 200-299): {\"auth\":\"******\"}") // the whole header value is the secret
                .contains("RUNTIME_DATABASE_URL (postgresql://app@127.0.0.1:5432/app)");
    }
}
