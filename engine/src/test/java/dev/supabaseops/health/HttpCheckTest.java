package dev.supabaseops.health;

import dev.supabaseops.health.LoopbackServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The http check against a real server on loopback. */
class HttpCheckTest {
    @TempDir
    Path dir;
    private final LoopbackServer server;

    HttpCheckTest() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private GateResult once(String checkYaml) {
        return Gates.once(dir, checkYaml, Map.of()).load().run();
    }

    @Test
    void unhealthyThenHealthyPassesWithinTheWindow() {
        server.route("/health", n -> n <= 2 ? new Reply(503, "starting") : new Reply(200, "{\"status\":\"healthy\"}"));
        GateResult r = Gates.once(dir, "    - { name: api, http: \"" + server.url("/health") + "\", status: 200, json: { /status: healthy } }\n", Map.of())
                .timeout(Duration.ofSeconds(20)).interval(Duration.ofMillis(50)).load().run();
        GateResult.CheckResult api = Gates.only(r);
        assertThat(r.passed()).isTrue();
        assertThat(api.attempts()).isEqualTo(3);
        assertThat(api.lastFailure()).isEqualTo("HTTP 503 (expected 200): starting");
        assertThat(api.detail()).isEqualTo("HTTP 200");
        assertThat(server.hits("/health")).isEqualTo(3); // stopped as soon as it passed
    }

    /** A health URL that now redirects to a login page passes a status check only visibly, or fails when told not to follow. */
    @Test
    void aFollowedRedirectIsSaidAndCanBeTurnedOff() {
        server.routeExchange("/health", (n, ex) -> {
            ex.getResponseHeaders().set("Location", "/login?next=%2Fhealth");
            return new Reply(302, "");
        });
        server.route("/login", n -> new Reply(200, "<html>sign in</html>"));
        GateResult followed = once("    - { http: \"" + server.url("/health") + "\", status: 200 }\n");
        assertThat(Gates.only(followed).passed()).isTrue();
        assertThat(Gates.only(followed).detail()).isEqualTo("HTTP 200 after a redirect to /login");
        GateResult notFollowed = once("    - { http: \"" + server.url("/health") + "\", status: 200, followRedirects: false }\n");
        assertThat(Gates.only(notFollowed).passed()).isFalse();
        assertThat(Gates.only(notFollowed).lastFailure()).isEqualTo("HTTP 302 (expected 200)");
        assertThat(server.hits("/login")).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> once("    - { http: \"" + server.url("/health") + "\", followRedirects: maybe }\n"))
                .hasMessageContaining("followRedirects must be true or false");
    }

    @Test
    void stillUnhealthyAtTheDeadlineFailsWithTheLastReason() {
        server.route("/health", n -> new Reply(503, "{\"status\":\"starting\"}"));
        GateResult r = Gates.once(dir, "    - { name: api, http: \"" + server.url("/health") + "\" }\n", Map.of())
                .timeout(Duration.ofMillis(300)).interval(Duration.ofMillis(100)).load().run();
        assertThat(r.passed()).isFalse();
        GateResult.CheckResult api = Gates.only(r);
        assertThat(api.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(api.lastFailure()).isEqualTo("HTTP 503 (expected 200-299): {\"status\":\"starting\"}");
    }

    @Test
    void wrongJsonValueFailsNamingPointerAndValues() {
        server.route("/readyz", n -> new Reply(200, "{\"ready\":false,\"status\":\"degraded\"}"));
        GateResult r = once("    - { name: ready, http: \"" + server.url("/readyz") + "\", json: { /ready: true, /status: healthy } }\n");
        assertThat(Gates.only(r).passed()).isFalse();
        assertThat(Gates.only(r).lastFailure())
                .isEqualTo("HTTP 200 but /ready is false (expected true); /status is \"degraded\" (expected \"healthy\")");
    }

    @Test
    void bodyThatIsNotJsonFails() {
        server.route("/health", n -> new Reply(200, "<html>maintenance</html>"));
        GateResult r = once("    - { http: \"" + server.url("/health") + "\", json: { /status: healthy } }\n");
        assertThat(Gates.only(r).lastFailure()).isEqualTo("HTTP 200 but the body is not JSON: <html>maintenance</html>");
    }

    @Test
    void missingPointerFailsAndExistsPasses() {
        server.route("/health", n -> new Reply(200, "{\"checks\":[{\"db\":\"ok\"}],\"version\":\"1.2\"}"));
        GateResult bad = once("    - { http: \"" + server.url("/health") + "\", exists: [/version, /commit] }\n");
        assertThat(Gates.only(bad).lastFailure()).isEqualTo("HTTP 200 but /commit is missing");
        GateResult good = once("    - { http: \"" + server.url("/health") + "\", exists: /version, json: { /checks/0/db: ok } }\n");
        assertThat(good.passed()).isTrue();
    }

    @Test
    void typedExpectationsCompareTypeAndValue() {
        server.route("/health", n -> new Reply(200, "{\"ready\":\"true\",\"count\":3.0,\"err\":null}"));
        // YAML boolean true does not equal the string "true"; numbers compare by value; null matches null
        GateResult r = once("    - { http: \"" + server.url("/health") + "\", json: { /ready: true, /count: 3, /err: null } }\n");
        assertThat(Gates.only(r).lastFailure()).isEqualTo("HTTP 200 but /ready is \"true\" (expected true)");
        GateResult text = once("    - { http: \"" + server.url("/health") + "\", json: { /ready: \"true\", /count: 3 } }\n");
        assertThat(text.passed()).isTrue();
    }

    @Test
    void statusRangesAndBodyContains() {
        server.route("/gone", n -> new Reply(410, "gone for good"));
        server.route("/empty", n -> new Reply(204, ""));
        GateResult r = once("    - { name: gone, http: \"" + server.url("/gone") + "\", status: 410, contains: [gone, good] }\n"
                + "    - { name: empty, http: \"" + server.url("/empty") + "\", status: 2xx }\n"
                + "    - { name: not-there, http: \"" + server.url("/gone") + "\", contains: here }\n"
                + "    - { name: range, http: \"" + server.url("/gone") + "\", status: 400-409 }\n");
        assertThat(Gates.named(r, "gone").passed()).isTrue();
        assertThat(Gates.named(r, "empty").passed()).isTrue();
        assertThat(Gates.named(r, "not-there").lastFailure()).isEqualTo("HTTP 410 (expected 200-299): gone for good");
        assertThat(Gates.named(r, "range").lastFailure()).isEqualTo("HTTP 410 (expected 400-409): gone for good");
    }

    @Test
    void hangingEndpointIsCutByThePerRequestTimeout() {
        server.hang("/slow");
        long start = System.nanoTime();
        GateResult r = once("    - { name: slow, http: \"" + server.url("/slow") + "\", timeout: 300ms }\n");
        assertThat(Gates.only(r).lastFailure()).isEqualTo("no complete response within 300ms (per-request timeout)");
        assertThat(server.hits("/slow")).isEqualTo(1);
        // the server holds the request for 60 s; the check must not have waited for it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void connectionRefusedAndUnknownHostFailWithTheirReason() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        GateResult r = once("    - { name: refused, http: \"http://127.0.0.1:" + closedPort + "/health\" }\n"
                + "    - { name: nowhere, http: \"http://health.example.invalid/health\" }\n");
        assertThat(Gates.named(r, "refused").lastFailure()).isEqualTo("cannot connect to 127.0.0.1:" + closedPort + ": Connection refused");
        assertThat(Gates.named(r, "nowhere").lastFailure())
                .isEqualTo("unknown host health.example.invalid: check the URL and DNS");
    }

    @Test
    void methodBodyAndHeadersFromVariablesAreSent() {
        server.routeExchange("/rpc", (n, ex) -> {
            boolean ok = ex.getRequestMethod().equals("POST")
                    && "Bearer tok-9f8e7d6c5b4a".equals(ex.getRequestHeaders().getFirst("Authorization"))
                    && "anon-key-1234".equals(ex.getRequestHeaders().getFirst("apikey"));
            return ok ? new Reply(200, "{\"ok\":true}") : new Reply(401, "{\"error\":\"bad credentials\"}");
        });
        GateResult r = Gates.once(dir, "    - name: rpc\n      http: \"" + server.url("/rpc") + "\"\n      method: post\n"
                        + "      body: '{\"ping\":1}'\n      headers: { Authorization: \"Bearer ${TOKEN}\", apikey: \"${ANON}\" }\n"
                        + "      json: { /ok: true }\n",
                Map.of("TOKEN", "tok-9f8e7d6c5b4a", "ANON", "anon-key-1234")).load().run();
        assertThat(r.passed()).isTrue();
        assertThat(Gates.only(r).target()).contains("headers: Authorization, apikey").doesNotContain("tok-9f8e7d6c5b4a");
    }

    @Test
    void relativeUrlUsesTheProjectUrl() {
        server.route("/auth/v1/health", n -> new Reply(200, "{}"));
        String base = server.url("");
        GateResult r = Gates.once(dir, "    - { name: auth, http: /auth/v1/health }\n", Map.of("SUPABASE_PROD_URL", base))
                .load().run();
        assertThat(r.passed()).isTrue();
        assertThat(Gates.only(r).target()).startsWith("GET " + base + "/auth/v1/health");
    }

    @Test
    void controlCharactersInABodyAreShownAsEscapesNotSentToTheTerminal() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.route("/ansi", n -> new LoopbackServer.Reply(503, "down \u001b[31mred\u001b[0m\u0007 \u202eevil\u0000!"));
            GateResult r = Gates.once(dir, "    - { name: ansi, http: \"" + server.url("/ansi") + "\" }\n", Map.of())
                    .load().run();
            String reason = Gates.only(r).lastFailure();
            assertThat(reason).isEqualTo("HTTP 503 (expected 200-299): down \\u001b[31mred\\u001b[0m\\u0007 \\u202eevil\\u0000!");
            String table = String.join("\n", GateTable.lines(r));
            assertThat(table.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x202e)).as("raw control characters in the table").isFalse();
            assertThat(table).contains("\\u001b[31mred");
        }
    }
}
