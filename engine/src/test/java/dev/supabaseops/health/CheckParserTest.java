package dev.supabaseops.health;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.health.LoopbackServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every check is validated before any runs; each problem is one exit-2 line naming the check. */
class CheckParserTest {
    @TempDir
    Path dir;

    private OpsException loadError(String checksYaml, Map<String, String> vars) {
        return loadError(Gates.once(dir, checksYaml, vars), checksYaml);
    }

    private static OpsException loadError(HealthGate.Builder builder, String checksYaml) {
        try {
            builder.load();
        } catch (OpsException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).doesNotContain("\n");
            return e;
        }
        throw new AssertionError("expected a configuration error for " + checksYaml);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{ name: api, grpc: x } | health.prod check #1 (api): unknown check kind 'grpc' (known: http, sql, migrations, rls, privileges, env, dburl)",
            "{ name: api } | health.prod check #1 (api): no check kind: give one of http, sql, migrations, rls, privileges, env, dburl",
            "{ name: api, http: 'htp//nope' } | health.prod check #1 (api): invalid URL 'htp//nope': expected http(s)://host/path",
            "{ name: api, http: 'ftp://host/x' } | health.prod check #1 (api): invalid URL 'ftp://host/x': expected http(s)://host/path",
            "{ name: api, http: 'https://a.example/h', json: { status: healthy } } | health.prod check #1 (api): invalid JSON Pointer 'status': it must start with / (e.g. /status or /checks/0/ok)",
            "{ name: api, http: 'https://a.example/h', exists: [ok] } | health.prod check #1 (api): invalid JSON Pointer 'ok': it must start with / (e.g. /status or /checks/0/ok)",
            "{ name: api, http: 'https://a.example/h', status: 2000 } | health.prod check #1 (api): invalid status '2000': expected a code such as 200, a range such as 200-299, or a class such as 2xx",
            "{ name: api, http: 'https://a.example/h', status: 299-200 } | health.prod check #1 (api): invalid status '299-200': expected a code such as 200, a range such as 200-299, or a class such as 2xx",
            "{ name: api, http: 'https://a.example/h', method: BREW } | health.prod check #1 (api): unsupported method 'BREW' (supported: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)",
            "{ name: api, http: 'https://a.example/h', timeout: soon } | health.prod check #1 (api): timeout must be a duration such as 500ms, 10s, 5m or 1h (got 'soon')",
            "{ name: api, http: 'https://a.example/h', sql: 'select true' } | health.prod check #1 (api): more than one check kind (http, sql): one kind per check",
            "{ name: q, sql: 'select true', status: 200 } | health.prod check #1 (q): unknown key 'status' (accepted: name, sql, timeout)",
            "{ name: e, env: { required: [A], forbiden: [B] } } | health.prod check #1 (e): unknown key 'env.forbiden' (accepted: file, forbidden, required)",
            "{ name: e, env: { file: .env } } | health.prod check #1 (e): env needs required or forbidden variable names",
            "{ name: p, privileges: { roles: [anon] } } | health.prod check #1 (p): schema is empty: expected a schema name such as ops",
            "{ name: d, dburl: { var: DB, port: 99999 } } | health.prod check #1 (d): dburl.port must be a port number such as 6543 (got '99999')",
            "{ name: m, migrations: no/such/dir } | health.prod check #1 (m): migrations folder no/such/dir not found (relative to DIR)",
            "{ name: ~, rls: public } | health.prod check #1: name must be a non-empty text",
            "just-a-string | health.prod check #1: a check must be a mapping such as { name: api, http: https://example.com/health }",
    })
    void invalidCheckIsOneLineNamingIt(String check, String message) {
        OpsException e = loadError("    - " + check + "\n", Map.of());
        assertThat(e.getMessage()).isEqualTo(message.replace("DIR", dir.toString()));
    }

    @Test
    void laterChecksAreNamedByPosition() {
        OpsException e = loadError("    - { rls: public }\n    - { http: 'https://a.example/h', status: abc }\n",
                Map.of("SUPABASE_PROD_DB_URL", "postgresql://postgres@localhost:1/x"));
        assertThat(e.getMessage()).startsWith("health.prod check #2: invalid status 'abc'");
    }

    @Test
    void duplicateNamesUnsetVariablesAndMissingDatabaseAreConfigurationErrors() {
        assertThat(loadError("    - { rls: public }\n    - { rls: [auth] }\n", Map.of("SUPABASE_PROD_DB_URL", "postgresql://postgres@localhost:1/x"))
                .getMessage()).isEqualTo("health.prod check #2: another check is also named 'rls': give each check a unique name");
        assertThat(loadError("    - { name: api, http: 'https://a.example/h', headers: { apikey: '${ANON_KEY}' } }\n", Map.of())
                .getMessage()).isEqualTo("health.prod check #1 (api): header apikey uses ${ANON_KEY}, which is not set");
        assertThat(loadError("    - { name: rls, rls: public }\n", Map.of()).getMessage())
                .startsWith("unknown environment 'prod'");
        assertThat(loadError("    - { name: auth, http: /auth/v1/health }\n", Map.of("SUPABASE_PROD_DB_URL", "postgresql://postgres@localhost:1/x"))
                .getMessage()).startsWith("health.prod check #1 (auth): the URL /auth/v1/health is relative, but environment 'prod' has no project URL");
    }

    @Test
    void noChecksForTheEnvironmentSaysWhereToAddThem() {
        assertThatThrownBy(() -> dev.supabaseops.health.HealthGate.configure()
                .config(Gates.config(dir, "health:\n  preprod:\n    - { rls: public }\n", Map.of())).environment("prod").load())
                .hasMessage("no health checks for environment 'prod': add a health.prod list to supabase-ops.yml "
                        + "or pass checks as flags (--http, --sql, --rls, …)");
    }

    @Test
    void nothingRunsWhenAnyCheckIsInvalid() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            server.route("/health", n -> new Reply(200, "{}"));
            loadError("    - { name: api, http: '" + server.url("/health") + "' }\n    - { name: bad, http: '" + server.url("/x")
                    + "', json: { nope: 1 } }\n", Map.of());
            assertThat(server.hits("/health")).isZero();
        }
    }

    @Test
    void planListsChecksWithoutSecrets() {
        HealthPlan plan = Gates.once(dir, """
                    - name: api
                      http: https://app.example.com/api/v1/health
                      headers: { Authorization: "Bearer ${TOKEN}" }
                      status: 200
                      json: { /status: healthy }
                    - { name: worker-env, env: { file: .env.production, required: [SUPABASE_URL], forbidden: [SUPABASE_ANON_KEY] } }
                    - { name: pooler-url, dburl: DATABASE_URL }
                """, Map.of("TOKEN", "plan-secret-token-1")).load().plan();
        assertThat(plan.checks()).extracting(HealthPlan.PlannedCheck::target).containsExactly(
                "GET https://app.example.com/api/v1/health (headers: Authorization) expecting status 200, /status = \"healthy\"",
                ".env.production (required: SUPABASE_URL; forbidden: SUPABASE_ANON_KEY)",
                "DATABASE_URL uses port 6543 and sslmode require|verify-ca|verify-full");
        assertThat(plan.toString()).doesNotContain("plan-secret-token-1");
    }

    @Test
    void absurdDurationsAreUsageErrorsNotOverflows() {
        for (String huge : List.of("9999999999999999h", "9999999999999999m", "9223372036854775807s")) {
            OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> Durations.parse(huge, "--timeout"));
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).isEqualTo("--timeout is too large (got '" + huge + "')");
        }
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(OpsException.class, () -> Durations.parse("3000000h", "--timeout"))
                .getMessage()).isEqualTo("--timeout is too large (got '3000000h')"); // beyond what nanoseconds hold
        OpsException gate = loadError(Gates.once(dir, "    - { http: 'https://a.example/h' }\n", Map.of())
                .timeout(Durations.parse("1000h", "--timeout")), "--timeout 1000h");
        assertThat(gate.getMessage()).isEqualTo("--timeout must be at most 24h");
        OpsException interval = loadError(Gates.once(dir, "    - { http: 'https://a.example/h' }\n", Map.of())
                .interval(Durations.parse("25h", "--interval")), "--interval 25h");
        assertThat(interval.getMessage()).isEqualTo("--interval must be at most 24h");
        assertThat(loadError("    - { name: q, sql: 'select true', timeout: 2000h }\n", Map.of()).getMessage())
                .isEqualTo("health.prod check #1 (q): timeout must be at most 1h (got '2000h')");
        assertThat(loadError("    - { name: q, sql: 'select true', timeout: 3000000h }\n", Map.of()).getMessage())
                .isEqualTo("health.prod check #1 (q): timeout is too large (got '3000000h')");
        assertThat(loadError("    - { name: q, sql: 'select true', timeout: 9999999999999999h }\n", Map.of()).getMessage())
                .isEqualTo("health.prod check #1 (q): timeout is too large (got '9999999999999999h')");
        // the limits themselves are accepted
        Gates.once(dir, "    - { http: 'https://a.example/h', timeout: 1h }\n", Map.of())
                .timeout(Duration.ofHours(24)).interval(Duration.ofHours(24)).load();
    }
}
