package dev.supabaseops.testing;

import dev.supabaseops.core.Secret;
import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.storage.StorageClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A Storage project for tests, shaped like the recorded session: a private bucket with nested
 * folders, a public bucket with a size limit and mime types, an empty bucket, and names with
 * spaces, parentheses, unicode, a 0-byte and a multi-MiB object.
 */
public final class StorageFixtures {
    public static final int LARGE_SIZE = 3 * 1024 * 1024 + 17;

    private StorageFixtures() {
    }

    /** A client with fast retries (tests should not wait seconds for backoff). */
    public static StorageClient client(LocalStorageServer server) {
        return clientBuilder(server).build();
    }

    public static StorageClient.Builder clientBuilder(LocalStorageServer server) {
        return StorageClient.builder(server.url(), Secret.of(server.serviceKey()))
                .environment("test", "SUPABASE_TEST_")
                .retries(4, Duration.ofMillis(10), Duration.ofMillis(100));
    }

    public static LocalStorageServer seeded() {
        LocalStorageServer s = LocalStorageServer.builder().unicodeKeys(true).start();
        seed(s);
        return s;
    }

    public static void seed(LocalStorageServer s) {
        s.createBucket("avatars");
        s.putObject("avatars", "hello.txt", "hello world v2 (upserted)\n".getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache");
        s.putObject("avatars", "img/photo.jpg", bytes(1000, 1), "image/jpeg", "no-cache");
        s.putObject("avatars", "a/b/c.png", bytes(2048, 2), "image/png", "max-age=3600");
        s.putObject("avatars", "a/b/d/deep.txt", "deep".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        s.putObject("avatars", "docs/my file (1) & co.txt", "spaces".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        s.putObject("avatars", "docs/héllo wörld ✓.txt", "unicode".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        s.putObject("avatars", "empty.bin", new byte[0], "application/octet-stream", null);
        s.putObject("avatars", "big/large.bin", bytes(LARGE_SIZE, 3), "application/octet-stream", "max-age=60");
        s.createBucket("public-docs", true, 1048576L, List.of("text/plain", "image/*"));
        s.putObject("public-docs", "readme.txt", "hello world\n".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        s.createBucket("empty-bucket");
    }

    public static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
