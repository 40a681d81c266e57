package dev.supabaseops.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.supabaseops.health.LoopbackServer.Reply;
import dev.supabaseops.testing.CapturedLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Header values, env values and URL passwords never reach the plan, progress lines, the result,
 * its JSON, the table or the JUnit XML, even when a server echoes a header back.
 */
class SecretsTest {
    private static final String TOKEN = "tok-SECRET-4b9d2e";
    private static final String ENV_VALUE = "env-SECRET-77aa10";
    private static final String DB_PASSWORD = "db-SECRET-pw-31c";

    @TempDir
    Path dir;

    @Test
    void noSecretInAnyReport() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            // A misbehaving endpoint that echoes the credential it was sent, in a failure.
            server.routeExchange("/health", (n, ex) -> new Reply(500,
                    "{\"status\":\"bad\",\"got\":\"" + ex.getRequestHeaders().getFirst("Authorization") + "\"}"));
            Files.writeString(dir.resolve(".env.worker"), "SUPABASE_ANON_KEY=" + ENV_VALUE + "\nDATABASE_URL=postgresql://postgres.abcdefghij:"
                    + DB_PASSWORD + "@db.abcdefghij.supabase.co:5432/postgres\n");
            CapturedLines progress = new CapturedLines();
            HealthGate gate = Gates.once(dir, "    - { name: api, http: \"" + server.url("/health")
                                    + "\", headers: { Authorization: \"Bearer ${TOKEN}\" }, json: { /status: ok } }\n"
                                    + "    - { name: worker-env, env: { file: .env.worker, forbidden: [SUPABASE_ANON_KEY] } }\n"
                                    + "    - { name: pooler-url, dburl: { var: DATABASE_URL, file: .env.worker } }\n",
                            Map.of("TOKEN", TOKEN))
                    .timeout(Duration.ofMillis(200)).interval(Duration.ofMillis(50))
                    .listener(progress).load();
            GateResult result = gate.run();
            assertThat(result.passed()).isFalse();
            assertThat(Gates.named(result, "api").lastFailure()).startsWith("HTTP 500 (expected 200-299)").contains("******");
            Path xml = dir.resolve("health.xml");
            JUnitReport.write(result, xml);

            List<String> outputs = List.of(gate.plan().toString(), String.join("\n", progress.lines()), result.toString(),
                    new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(result),
                    String.join("\n", GateTable.lines(result)), Files.readString(xml));
            for (String out : outputs) {
                assertThat(out).doesNotContain(TOKEN).doesNotContain(ENV_VALUE).doesNotContain(DB_PASSWORD);
            }
        }
    }

    /** A token made for one test: no other test (the redactor's list is process-wide) has registered it. */
    private static String freshToken() {
        return "eyJ" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    /** Every text the gate produces for a run: plan, progress, result, its JSON, the table, the JUnit XML. */
    private List<String> allOutputs(HealthGate.Builder builder) throws Exception {
        CapturedLines progress = new CapturedLines();
        HealthGate gate = builder.listener(progress).load();
        GateResult result = gate.run();
        assertThat(result.passed()).isFalse();
        Path xml = dir.resolve("health.xml");
        JUnitReport.write(result, xml);
        return List.of(gate.plan().toString(), String.join("\n", progress.lines()), result.toString(),
                new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(result),
                String.join("\n", GateTable.lines(result)), Files.readString(xml));
    }

    @Test
    void theTokenOfABearerHeaderFromAVariableIsMaskedWhenTheServerQuotesIt() throws Exception {
        String token = freshToken();
        try (LoopbackServer server = new LoopbackServer()) {
            // the server quotes the token without the "Bearer " scheme, as JWT libraries do
            server.routeExchange("/auth", (n, ex) -> new Reply(401, "{\"error\":\"invalid JWT "
                    + ex.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length()) + "\"}"));
            List<String> outputs = allOutputs(Gates.once(dir, "    - { name: auth, http: \"" + server.url("/auth")
                    + "\", headers: { Authorization: \"Bearer ${TOK}\" } }\n", Map.of("TOK", token)));
            for (String out : outputs) {
                assertThat(out.contains(token)).as("token in an output").isFalse();
            }
            assertThat(outputs.get(4).contains("HTTP 401 (expected 200-299): {\"error\":\"invalid JWT ******\"}")).isTrue();
        }
    }

    @Test
    void theTokenOfALiteralBearerHeaderIsMaskedToo() throws Exception {
        String token = freshToken();
        try (LoopbackServer server = new LoopbackServer()) {
            server.routeExchange("/auth", (n, ex) -> new Reply(401, "invalid JWT "
                    + ex.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length())));
            List<String> outputs = allOutputs(Gates.once(dir, "    - { name: auth, http: \"" + server.url("/auth")
                    + "\", headers: { Authorization: \"Bearer " + token + "\" } }\n", Map.of()));
            for (String out : outputs) {
                assertThat(out.contains(token)).as("token in an output").isFalse();
            }
        }
    }

    @Test
    void aSecretNearTheCutOfABodySnippetIsMaskedNotCut() throws Exception {
        String token = freshToken();
        String x150 = "x".repeat(150);
        try (LoopbackServer server = new LoopbackServer()) {
            // the secret starts 150 characters in: a snippet cut at 160 would keep its first 10
            server.routeExchange("/err", (n, ex) -> new Reply(500, x150 + ex.getRequestHeaders().getFirst("Authorization")));
            server.routeExchange("/notjson", (n, ex) -> new Reply(200, "y".repeat(70) + ex.getRequestHeaders().getFirst("apikey")));
            server.routeExchange("/json", (n, ex) -> new Reply(200, "{\"v\":\"" + "z".repeat(70)
                    + ex.getRequestHeaders().getFirst("apikey") + "\"}"));
            List<String> outputs = allOutputs(Gates.once(dir,
                    "    - { name: err, http: \"" + server.url("/err") + "\", headers: { Authorization: \"Bearer ${TOK}\" } }\n"
                            + "    - { name: notjson, http: \"" + server.url("/notjson") + "\", headers: { apikey: \"${TOK}\" }, json: { /ok: true } }\n"
                            + "    - { name: json, http: \"" + server.url("/json") + "\", headers: { apikey: \"${TOK}\" }, json: { /v: ok } }\n",
                    Map.of("TOK", token)));
            String start = "Bearer " + token.substring(0, 3); // what a cut before masking leaves
            for (String out : outputs) {
                assertThat(out.contains(x150 + start)).as("start of the Authorization value in an output").isFalse();
                assertThat(out.contains("y".repeat(70) + token.substring(0, 3))).as("start of the key after a non-JSON body").isFalse();
                assertThat(out.contains("z".repeat(70) + token.substring(0, 3))).as("start of the key in a JSON value").isFalse();
            }
            String json = outputs.get(3); // the JSON carries the whole reason
            assertThat(json.contains(x150 + "***") || json.contains(x150 + "Bearer ***")).as("masked value after the x's").isTrue();
        }
    }

    @Test
    void aVariableInTheQueryStringIsMaskedInTheTargetAndInAnEcho() throws Exception {
        String key = freshToken();
        try (LoopbackServer server = new LoopbackServer()) {
            server.routeExchange("/nf", (n, ex) -> new Reply(404, "no route for /nf?" + ex.getRequestURI().getRawQuery()));
            // AKEY is used in this URL only, never as a header
            List<String> outputs = allOutputs(Gates.once(dir, "    - { name: nf, http: \"" + server.url("/nf")
                    + "?apikey=${AKEY}\" }\n", Map.of("AKEY", key)));
            for (String out : outputs) {
                assertThat(out.contains(key)).as("key in an output").isFalse();
            }
            assertThat(outputs.get(0).contains("/nf?apikey=******")).as("the plan shows the URL masked").isTrue();
        }
    }
}
