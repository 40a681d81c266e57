package dev.supabaseops.storage;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;
import dev.supabaseops.core.Version;
import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.local.StorageFault;
import dev.supabaseops.testing.CapturedLines;
import dev.supabaseops.testing.StorageFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageClientTest {
    LocalStorageServer server;
    @TempDir
    Path dir;
    final CapturedLines capture = new CapturedLines();
    final List<String> lines = capture.lines();

    @BeforeEach
    void start() {
        server = StorageFixtures.seeded();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static final List<String> AVATARS = List.of("a/b/c.png", "a/b/d/deep.txt", "big/large.bin", "docs/héllo wörld ✓.txt",
            "docs/my file (1) & co.txt", "empty.bin", "hello.txt", "img/photo.jpg");

    @Test
    void listsRecursivelyWithV2CursorsOverSeveralPages() {
        try (StorageClient c = StorageFixtures.clientBuilder(server).pageSize(3).build()) {
            List<RemoteObject> all = c.listObjects("avatars");
            assertThat(all).extracting(RemoteObject::key).containsExactlyElementsOf(AVATARS);
            RemoteObject png = all.get(0);
            assertThat(png.size()).isEqualTo(2048);
            assertThat(png.contentType()).isEqualTo("image/png");
            assertThat(png.cacheControl()).isEqualTo("max-age=3600");
            assertThat(png.etag()).matches("\"[0-9a-f]{32}\"");
        }
        long pages = server.requests().stream().filter(r -> r.path().equals("/object/list-v2/avatars")).count();
        assertThat(pages).isEqualTo(3); // 8 objects, 3 per page
    }

    @Test
    void theNextPagesAreAskedForWhileAPageIsStillArriving() throws Exception {
        // the first page's body comes at 500 B/s (~2.7 s for three objects); its cursor is in the
        // first few dozen bytes, so pages 2 and 3 are asked for long before it has all arrived
        server.inject(StorageFault.slowBody(500).on("POST", "/object/list-v2/avatars").times(1));
        try (StorageClient c = StorageFixtures.clientBuilder(server).pageSize(3).build()) {
            server.clearRequests();
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<List<RemoteObject>> listing =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> c.listObjects("avatars"));
            while (pagesAsked("avatars") < 3 && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(5);
            }
            Duration allAsked = Duration.ofNanos(System.nanoTime() - start);
            assertThat(allAsked).as("all three pages asked for while the first was still arriving").isLessThan(Duration.ofMillis(1500));
            assertThat(listing.get()).extracting(RemoteObject::key).containsExactlyElementsOf(AVATARS);
            assertThat(pagesAsked("avatars")).isEqualTo(3);
        }
    }

    @Test
    void listingRequestsInFlightNeverExceedParallel() {
        // three buckets listed at once, pages asked for ahead, every answer 200 ms late: still two at a time
        try (LocalStorageServer far = LocalStorageServer.builder().unicodeKeys(true).latency(Duration.ofMillis(200)).start()) {
            StorageFixtures.seed(far);
            try (StorageClient c = StorageFixtures.clientBuilder(far).pageSize(3).parallel(2).build()) {
                Map<String, List<RemoteObject>> all = c.listObjects(List.of("avatars", "public-docs", "empty-bucket"), 3);
                assertThat(all.get("avatars")).extracting(RemoteObject::key).containsExactlyElementsOf(AVATARS);
            }
            assertThat(far.mostRequestsWaiting()).isEqualTo(2);
        }
    }

    private long pagesAsked(String bucket) {
        return server.requests().stream().filter(r -> r.path().equals("/object/list-v2/" + bucket)).count();
    }

    @Test
    void aPageAskedForAheadThatFailsFailsTheListing() {
        // the second page fails for good while the first is still arriving: the listing fails with
        // that page's error, as it did when pages were asked for one after another
        server.inject(StorageFault.slowBody(1_000).on("POST", "/object/list-v2/avatars").times(1));
        server.inject(StorageFault.status(500).on("POST", "/object/list-v2/avatars").always());
        try (StorageClient c = StorageFixtures.clientBuilder(server).pageSize(3)
                .retries(1, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            assertThatThrownBy(() -> c.listObjects("avatars")).isInstanceOfSatisfying(OpsException.class, e ->
                    assertThat(e.getMessage()).contains("list bucket 'avatars'").contains("500").doesNotContain(server.serviceKey()));
        }
    }

    @Test
    void fallsBackToRecursiveV1WhenListV2IsNotEnabled() {
        try (LocalStorageServer v1 = seededV1Server(Duration.ZERO)) {
            try (StorageClient c = StorageFixtures.clientBuilder(v1).pageSize(2).listener(capture).build()) {
                assertThat(c.listObjects("avatars")).extracting(RemoteObject::key).containsExactlyElementsOf(AVATARS); // key order
                assertThat(c.listObjects("empty-bucket")).isEmpty();
            }
            List<LocalStorageServer.RecordedRequest> v1Lists = v1.requests().stream()
                    .filter(r -> r.path().equals("/object/list/avatars")).toList();
            assertThat(v1Lists.size()).isGreaterThan(6); // root (5 rows → 3 pages), a/, a/b/, a/b/d/, big/, docs/, img/
            assertThat(v1.requests().stream().filter(r -> r.path().startsWith("/object/list-v2/")).count()).isEqualTo(1);
            assertThat(lines).anyMatch(l -> l.contains("list-v2 is not enabled"));
        }
    }

    /** A server without list-v2, with the fixture buckets, answering each request {@code latency} late. */
    private static LocalStorageServer seededV1Server(Duration latency) {
        LocalStorageServer v1 = LocalStorageServer.builder().listV2(false).unicodeKeys(true).latency(latency).start();
        StorageFixtures.seed(v1);
        return v1;
    }

    /** A client that has already found out that list-v2 is missing; the server's request log starts after that. */
    private static StorageClient v1Client(LocalStorageServer v1, int parallel) {
        StorageClient c = StorageFixtures.clientBuilder(v1).parallel(parallel).build();
        c.listObjects("empty-bucket");
        v1.clearRequests();
        return c;
    }

    @Test
    void v1FoldersAreListedAtTheSameTime() {
        // every answer comes 200 ms late: one folder after another, there would never be two waiting at once
        try (LocalStorageServer v1 = seededV1Server(Duration.ofMillis(200))) {
            try (StorageClient c = v1Client(v1, 4)) {
                assertThat(c.listObjects("avatars")).extracting(RemoteObject::key).containsExactlyElementsOf(AVATARS);
            }
            assertThat(v1.mostRequestsWaiting()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void v1ListingsOfSeveralBucketsShareTheClientsThreads() {
        try (LocalStorageServer v1 = seededV1Server(Duration.ofMillis(200))) {
            try (StorageClient c = v1Client(v1, 2)) {
                Map<String, List<RemoteObject>> all = c.listObjects(List.of("avatars", "public-docs", "empty-bucket"), 3);
                assertThat(all.get("avatars")).extracting(RemoteObject::key).containsExactlyElementsOf(AVATARS);
                assertThat(all.get("empty-bucket")).isEmpty();
            }
            assertThat(v1.mostRequestsWaiting()).isEqualTo(2); // three buckets at once, two listing threads
        }
    }

    @Test
    void aV1FolderThatCannotBeListedFailsTheListing() {
        try (LocalStorageServer v1 = seededV1Server(Duration.ZERO)) {
            v1.inject(StorageFault.status(500).on("POST", "/object/list/avatars").always());
            try (StorageClient c = StorageFixtures.clientBuilder(v1).retries(1, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
                assertThatThrownBy(() -> c.listObjects("avatars")).isInstanceOfSatisfying(OpsException.class, e ->
                        assertThat(e.getMessage()).contains("list bucket 'avatars'").contains("500").doesNotContain(v1.serviceKey()));
            }
        }
    }

    @Test
    void sendsKeyHeadersAndUserAgent() throws Exception {
        Path file = Files.writeString(dir.resolve("up.txt"), "up");
        try (StorageClient c = StorageFixtures.client(server)) {
            c.listBuckets(); // a JSON call (the JDK's client)
            c.download("avatars", "hello.txt", dir.resolve("h"), n -> {
            }); // a download (the JDK's client too)
            c.upload("avatars", "up.txt", file, "text/plain", null, true); // an upload (OkHttp)
        }
        assertThat(server.requests()).extracting(LocalStorageServer.RecordedRequest::method).containsExactly("GET", "GET", "POST");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.header("apikey")).isEqualTo(server.serviceKey());
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + server.serviceKey());
            assertThat(r.header("User-Agent")).isEqualTo("supabase-ops/" + Version.get());
        });
    }

    /**
     * The API's JSON calls go through another HTTP client than transfers: the same retries and
     * timeouts. (The JDK's client resends a request once by itself when the connection fails
     * before any answer, so a reset is only seen here, and warned about, the second time.)
     */
    @Test
    void jsonCallsRetryServerErrorsAndResetsAndTimeOut() {
        List<StorageFault> faults = List.of(
                server.inject(StorageFault.status(502).on("GET", "/bucket").times(1)),
                server.inject(StorageFault.dropConnection().on("POST", "/object/list-v2/avatars").times(2)));
        try (StorageClient c = StorageFixtures.clientBuilder(server).listener(capture).retries(4, Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            assertThat(c.listBuckets()).extracting(BucketInfo::name).contains("avatars");
            assertThat(c.listObjects("avatars")).extracting(RemoteObject::key).containsExactlyInAnyOrderElementsOf(AVATARS);
        }
        assertThat(faults).extracting(StorageFault::fired).containsExactly(1, 2);
        assertThat(lines).anyMatch(l -> l.startsWith("warn") && l.contains("list buckets") && l.contains("502"));
        assertThat(lines).anyMatch(l -> l.startsWith("warn") && l.contains("list bucket 'avatars'"));

        server.inject(StorageFault.slowBody(100).on("POST", "/object/list-v2/avatars").always());
        try (StorageClient c = StorageFixtures.clientBuilder(server)
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(50)).retries(2, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            assertThatThrownBy(() -> c.listObjects("avatars")).isInstanceOf(OpsException.class).hasMessageContaining("timed out");
        }
    }

    @Test
    void secretKeysGoInApikeyOnly() {
        try (LocalStorageServer s = LocalStorageServer.builder().serviceKey("sb_secret_localtest1234567890").start()) {
            s.createBucket("b");
            try (StorageClient c = StorageClient.builder(s.url(), Secret.of(s.serviceKey())).build()) {
                assertThat(c.listBuckets()).extracting(BucketInfo::name).containsExactly("b");
            }
            assertThat(s.requests().get(0).header("Authorization")).isNull();
            assertThat(s.requests().get(0).header("apikey")).isEqualTo("sb_secret_localtest1234567890");
        }
    }

    /** Not exchanged by the gateway, an sb_secret_ key reaches Storage as no authorization at all: a refused key, exit 2. */
    @Test
    void aWrongSecretKeyIsAUsageErrorNamingTheVariableButNotTheKey() {
        try (LocalStorageServer s = LocalStorageServer.builder().serviceKey("sb_secret_localtest1234567890").start();
             StorageClient c = StorageClient.builder(s.url(), Secret.of("sb_secret_mistyped0987654321"))
                     .environment("prod", "SUPABASE_PROD_").build()) {
            assertThatThrownBy(c::listBuckets).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(e.getMessage()).contains("refused the key").contains("required property 'authorization'")
                        .contains("SUPABASE_PROD_SERVICE_ROLE_KEY").doesNotContain("mistyped");
            });
        }
    }

    @Test
    void downloadsStreamToDiskWithSha256AndHeaders() {
        try (StorageClient c = StorageFixtures.client(server)) {
            Path f = dir.resolve("large.bin");
            StorageClient.Downloaded d = c.download("avatars", "big/large.bin", f, n -> {
            });
            assertThat(d.size()).isEqualTo(StorageFixtures.LARGE_SIZE);
            assertThat(d.sha256()).isEqualTo(Hashing.sha256(f));
            assertThat(d.cacheControl()).isEqualTo("max-age=60");
            StorageClient.Downloaded empty = c.download("avatars", "empty.bin", dir.resolve("e"), n -> {
            });
            assertThat(empty.size()).isZero();
            assertThat(Files.exists(dir.resolve("e"))).isTrue();
            c.download("avatars", "docs/héllo wörld ✓.txt", dir.resolve("u"), n -> {
            });
            assertThat(dir.resolve("u")).hasContent("unicode");
        }
    }

    /**
     * A download reads its body to the end and closes it, which hands the connection back to the
     * JDK's keep-alive cache: 40 objects on 4 threads travel over at most 4 connections.
     */
    @Test
    void parallelDownloadsReuseTheirConnections() throws Exception {
        server.createBucket("many");
        for (int i = 0; i < 40; i++) {
            server.putObject("many", "o" + i, ("object " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        server.clearRequests();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (StorageClient c = StorageFixtures.clientBuilder(server).parallel(4).build()) {
            List<java.util.concurrent.Future<StorageClient.Downloaded>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = "o" + i;
                done.add(threads.submit(() -> c.download("many", key, dir.resolve(key), n -> {
                })));
            }
            for (var f : done) {
                assertThat(f.get().size()).isPositive();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(dir.resolve("o39")).hasContent("object 39");
        List<LocalStorageServer.RecordedRequest> downloads = server.requests().stream()
                .filter(r -> r.path().startsWith("/object/many/")).toList();
        assertThat(downloads).hasSize(40);
        assertThat(downloads.stream().map(LocalStorageServer.RecordedRequest::clientPort).distinct().count())
                .as("connections used").isBetween(1L, 4L);
    }

    @Test
    void retriesServerErrorsRateLimitsResetsAndCutBodies() throws Exception {
        List<StorageFault> faults = List.of(
                server.inject(StorageFault.status(500).on("GET", "/object/avatars/hello.txt").times(2)),
                server.inject(StorageFault.rateLimit(1).on("POST", "/object/list-v2/avatars").times(1)),
                server.inject(StorageFault.dropConnection().on("GET", "/object/avatars/img/photo.jpg").times(1)),
                server.inject(StorageFault.truncatedBody().on("GET", "/object/avatars/big/large.bin").times(1)));
        try (StorageClient c = StorageFixtures.clientBuilder(server).listener(capture).build()) {
            long t0 = System.nanoTime();
            assertThat(c.listObjects("avatars")).hasSize(AVATARS.size());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900)); // Retry-After: 1
            c.download("avatars", "hello.txt", dir.resolve("h"), n -> {
            });
            assertThat(dir.resolve("h")).hasContent("hello world v2 (upserted)");
            c.download("avatars", "img/photo.jpg", dir.resolve("p"), n -> {
            });
            assertThat(Files.size(dir.resolve("p"))).isEqualTo(1000);
            long[] counted = {0};
            c.download("avatars", "big/large.bin", dir.resolve("l"), n -> counted[0] += n);
            assertThat(counted[0]).isEqualTo(StorageFixtures.LARGE_SIZE); // the cut attempt's bytes were taken back
        }
        assertThat(faults).extracting(StorageFault::fired).containsExactly(2, 1, 1, 1);
        assertThat(lines).anyMatch(l -> l.startsWith("warn") && l.contains("500"));
        assertThat(lines).anyMatch(l -> l.startsWith("warn") && l.contains("429"));
    }

    @Test
    void givesUpAfterMaxAttemptsWithOneLine() {
        server.inject(StorageFault.status(503).on("GET", "/object/avatars/hello.txt").always());
        try (StorageClient c = StorageFixtures.client(server)) {
            assertThatThrownBy(() -> c.download("avatars", "hello.txt", dir.resolve("h"), n -> {
            })).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
                assertThat(e.getMessage()).contains("download avatars/hello.txt failed: 503").contains("gave up after 4 attempts");
            });
        }
    }

    @Test
    void slowBodiesHitTheReadTimeout() {
        server.inject(StorageFault.slowBody(100).on("GET", "/object/avatars/img/photo.jpg").always());
        try (StorageClient c = StorageFixtures.clientBuilder(server)
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(50)).retries(2, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            assertThatThrownBy(() -> c.download("avatars", "img/photo.jpg", dir.resolve("p"), n -> {
            })).isInstanceOf(OpsException.class).hasMessageContaining("timed out");
        }
    }

    @Test
    void badKeyIsAUsageErrorNamingTheVariableButNotTheKey() {
        try (StorageClient c = StorageClient.builder(server.url(), Secret.of("eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.wrong-signature"))
                .environment("prod", "SUPABASE_PROD_").build()) {
            assertThatThrownBy(c::listBuckets).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(e.getMessage()).contains("refused the key").contains("SUPABASE_PROD_SERVICE_ROLE_KEY")
                        .contains("Invalid Compact JWS").doesNotContain("wrong-signature");
            });
        }
    }

    @Test
    void anonKeyIsRefusedBeforeAnyRequest() {
        String anon = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.sig-of-anon-key";
        assertThatThrownBy(() -> StorageClient.builder(server.url(), Secret.of(anon)).environment("prod", "SUPABASE_PROD_").build())
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.getMessage()).contains("anon").doesNotContain(anon));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void firewallPageIsNotReportedAsABadKey() {
        server.inject(StorageFault.htmlForbidden().always());
        try (StorageClient c = StorageFixtures.client(server)) {
            assertThatThrownBy(c::listBuckets).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
                assertThat(e.getMessage()).contains("firewall").doesNotContain("refused the key");
            });
        }
    }

    @Test
    void unreachableHostIsOneLineWithoutRetries() {
        try (StorageClient c = StorageClient.builder("https://project.invalid", Secret.of("sb_secret_unreachable_0000"))
                .environment("prod", "SUPABASE_PROD_").build()) {
            assertThatThrownBy(c::listBuckets).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
                assertThat(e.getMessage()).contains("cannot reach project.invalid").contains("SUPABASE_PROD_URL").doesNotContain("\n");
            });
        }
    }

    @Test
    void aLocalWriteErrorFailsTheDownloadAtOnceInWords() {
        // A folder that is not there (a full disk or a read-only mount fail the same way): nothing
        // to retry over the network, so one request, and a message about the file, not the server.
        Path target = dir.resolve("missing-folder/hello.txt");
        try (StorageClient c = StorageFixtures.clientBuilder(server).listener(capture).build()) {
            server.clearRequests();
            assertThatThrownBy(() -> c.download("avatars", "hello.txt", target, n -> {
            })).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
                assertThat(e.getMessage()).isEqualTo("cannot write " + target + ": no such file or folder"
                        + " (check the free space and permissions of " + target.getParent() + ")");
            });
        }
        assertThat(server.requests()).filteredOn(r -> r.path().startsWith("/object/")).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains("retry"));
    }

    @Test
    void bucketsCarryTheirSettingsAndCanBeCreated() {
        try (StorageClient c = StorageFixtures.client(server)) {
            assertThat(c.bucket("public-docs")).contains(new BucketInfo("public-docs", true, 1048576L, List.of("text/plain", "image/*")));
            assertThat(c.bucket("nope")).isEmpty();
            assertThat(c.createBucket(new BucketInfo("new", true, 10L, List.of("image/png")))).isTrue();
            assertThat(c.createBucket(new BucketInfo("new", true, 10L, null))).isFalse();
            assertThat(server.bucketSettings("new").orElseThrow()).containsExactly(true, 10L, List.of("image/png"));
        }
    }
}
