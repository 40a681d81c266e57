package dev.supabaseops.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local server answers like the recorded supabase/storage session (raw HTTP, no client of ours). */
class LocalStorageServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final MediaType JSON_TYPE = MediaType.get("application/json");
    static LocalStorageServer server;
    static OkHttpClient http = new OkHttpClient();

    @BeforeAll
    static void start() {
        server = LocalStorageServer.start();
        server.createBucket("avatars");
        server.putObject("avatars", "hello.txt", "hello world v2 (upserted)\n".getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache");
        server.putObject("avatars", "img/photo.jpg", new byte[1000], "image/jpeg", null);
        server.putObject("avatars", "a/b/c.png", new byte[2048], "image/png", "max-age=3600");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Answer(int status, JsonNode json, Response raw, String text) {
    }

    static Answer call(String method, String path, String body, String auth) throws IOException {
        Request.Builder b = new Request.Builder().url(server.url() + "/storage/v1" + path)
                .method(method, body == null ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null) : RequestBody.create(body, JSON_TYPE));
        if (auth != null) {
            b.header("Authorization", "Bearer " + auth);
        }
        try (Response r = http.newCall(b.build()).execute()) {
            String text = r.body().string();
            JsonNode json = null;
            if (r.header("content-type", "").startsWith("application/json")) {
                json = JSON.readTree(text);
            }
            return new Answer(r.code(), json, r, text);
        }
    }

    static Answer call(String method, String path, String body) throws IOException {
        return call(method, path, body, server.serviceKey());
    }

    @Test
    void errorsAreHttp400WithTheRealStatusAsAString() throws IOException {
        Answer dup = call("POST", "/bucket", "{\"name\":\"avatars\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.json().get("statusCode").asText()).isEqualTo("409");
        assertThat(dup.json().get("code").asText()).isEqualTo("BucketAlreadyExists");
        Answer missing = call("GET", "/bucket/nope", null);
        assertThat(missing.json().get("code").asText()).isEqualTo("NoSuchBucket");
        assertThat(missing.json().get("statusCode").asText()).isEqualTo("404");
        Answer badJwt = call("POST", "/object/list/avatars", "{\"prefix\":\"\"}", "not-a-jwt");
        assertThat(badJwt.status()).isEqualTo(400);
        assertThat(badJwt.json().get("statusCode").asText()).isEqualTo("403");
        assertThat(badJwt.json().get("message").asText()).isEqualTo("Invalid Compact JWS");
        Answer noAuth = call("POST", "/object/list/avatars", "{\"prefix\":\"\"}", null);
        assertThat(noAuth.json().get("code").asText()).isEqualTo("InvalidRequest");
    }

    @Test
    void v1ListsOneLevelWithFoldersAsNullRows() throws IOException {
        Answer root = call("POST", "/object/list/avatars", "{\"prefix\":\"\",\"limit\":100,\"offset\":0}");
        List<String> names = new ArrayList<>();
        root.json().forEach(n -> names.add(n.get("name").asText() + (n.get("id").isNull() ? "/" : "")));
        assertThat(names).containsExactly("a/", "hello.txt", "img/");
        JsonNode hello = root.json().get(1).get("metadata");
        assertThat(hello.get("eTag").asText()).matches("\"[0-9a-f]{32}\"");
        assertThat(hello.get("size").asInt()).isEqualTo(26);
        assertThat(hello.get("mimetype").asText()).isEqualTo("text/plain");
        // "a" and "a/" list the same level
        assertThat(call("POST", "/object/list/avatars", "{\"prefix\":\"a\",\"limit\":100,\"offset\":0}").text())
                .isEqualTo(call("POST", "/object/list/avatars", "{\"prefix\":\"a/\",\"limit\":100,\"offset\":0}").text());
        Answer page = call("POST", "/object/list/avatars", "{\"prefix\":\"\",\"limit\":1,\"offset\":1}");
        assertThat(page.json()).hasSize(1);
        assertThat(page.json().get(0).get("name").asText()).isEqualTo("hello.txt");
        assertThat(call("POST", "/object/list/nope", "{\"prefix\":\"\"}").text()).isEqualTo("[]"); // compact, as the real server sends it
    }

    @Test
    void v2ListsFlatWithCursors() throws IOException {
        Answer first = call("POST", "/object/list-v2/avatars", "{\"prefix\":\"\",\"limit\":2}");
        assertThat(first.json().get("hasNext").asBoolean()).isTrue();
        assertThat(first.json().get("nextCursorKey").asText()).isEqualTo("hello.txt");
        assertThat(first.json().get("nextCursor").asText()).isEqualTo("bDpoZWxsby50eHQ="); // as recorded
        assertThat(first.json().get("objects").get(0).get("name").asText()).isEqualTo("a/b/c.png");
        // as the real server sends it: one line, timestamps with milliseconds (JavaScript's toISOString)
        assertThat(first.text()).doesNotContain("\n");
        assertThat(first.json().get("objects").get(0).get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        Answer next = call("POST", "/object/list-v2/avatars", "{\"prefix\":\"\",\"limit\":2,\"cursor\":\"bDpoZWxsby50eHQ=\"}");
        assertThat(next.json().get("hasNext").asBoolean()).isFalse();
        assertThat(next.json().get("objects").get(0).get("name").asText()).isEqualTo("img/photo.jpg");
        Answer level = call("POST", "/object/list-v2/avatars", "{\"prefix\":\"\",\"limit\":100,\"with_delimiter\":true}");
        assertThat(level.json().get("folders").get(0).get("name").asText()).isEqualTo("a/");
        assertThat(level.json().get("folders").get(0).get("key").asText()).isEqualTo("a");
    }

    @Test
    void uploadsRefuseDuplicatesWithoutUpsertAndNonAsciiKeys() throws IOException {
        Request.Builder up = new Request.Builder().header("Authorization", "Bearer " + server.serviceKey());
        try (Response r = http.newCall(up.url(server.url() + "/storage/v1/object/avatars/new%20(1)%20%26.txt")
                .post(RequestBody.create("x", MediaType.get("text/plain"))).header("Cache-Control", "max-age=3600").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(JSON.readTree(r.body().string()).get("Key").asText()).isEqualTo("avatars/new (1) &.txt");
        }
        assertThat(server.objectHeaders("avatars", "new (1) &.txt").orElseThrow()).containsExactly("text/plain; charset=utf-8", "max-age=3600");
        try (Response r = http.newCall(up.url(server.url() + "/storage/v1/object/avatars/new%20(1)%20%26.txt")
                .post(RequestBody.create("y", MediaType.get("text/plain"))).build()).execute()) {
            assertThat(JSON.readTree(r.body().string()).get("code").asText()).isEqualTo("KeyAlreadyExists");
        }
        try (Response r = http.newCall(up.url(server.url() + "/storage/v1/object/avatars/new%20(1)%20%26.txt")
                .post(RequestBody.create("y", MediaType.get("text/plain"))).header("x-upsert", "true").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        try (Response r = http.newCall(up.url(server.url() + "/storage/v1/object/avatars/h%C3%A9llo.txt")
                .post(RequestBody.create("y", MediaType.get("text/plain"))).build()).execute()) {
            assertThat(JSON.readTree(r.body().string()).get("code").asText()).isEqualTo("InvalidKey");
        }
    }

    @Test
    void downloadsCarryEtagTypeCacheControlAndRanges() throws IOException {
        Request get = new Request.Builder().url(server.url() + "/storage/v1/object/avatars/hello.txt")
                .header("Authorization", "Bearer " + server.serviceKey()).build();
        try (Response r = http.newCall(get).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("etag")).isEqualTo("\"" + md5("hello world v2 (upserted)\n") + "\"");
            assertThat(r.header("content-type")).isEqualTo("text/plain");
            assertThat(r.header("cache-control")).isEqualTo("no-cache");
            assertThat(r.body().string()).isEqualTo("hello world v2 (upserted)\n");
        }
        try (Response r = http.newCall(get.newBuilder().header("Range", "bytes=0-4").build()).execute()) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("content-range")).isEqualTo("bytes 0-4/26");
            assertThat(r.body().string()).isEqualTo("hello");
        }
        Answer missing = call("GET", "/object/avatars/nope.txt", null);
        assertThat(missing.json().get("code").asText()).isEqualTo("NoSuchKey");
    }

    static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void latencyDelaysEveryAnswer() throws IOException {
        try (LocalStorageServer far = LocalStorageServer.builder().latency(java.time.Duration.ofMillis(300)).start()) {
            far.createBucket("b");
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                try (Response r = http.newCall(new Request.Builder().url(far.url() + "/storage/v1/bucket")
                        .header("Authorization", "Bearer " + far.serviceKey()).build()).execute()) {
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.body().string()).contains("\"b\"");
                }
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
            }
        }
    }
}
