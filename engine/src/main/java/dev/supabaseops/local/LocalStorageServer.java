package dev.supabaseops.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.supabaseops.local.StorageExchange.ApiError;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A Supabase Storage API on loopback for tests, benchmarks and the demo: the routes and error
 * shapes of the real server (supabase/storage, reached under {@code /storage/v1} as on hosted
 * projects), objects kept in a temporary folder, and {@link StorageFault}s to inject 5xx, 429 with
 * {@code Retry-After}, dropped connections, truncated or slow bodies and firewall pages.
 *
 * <p>Auth like the hosted gateway: {@code Authorization: Bearer <service key>}; an {@code sb_secret_…}
 * key is accepted only in {@code apikey} (it is not a JWT, so a Bearer with it is an invalid JWS).
 */
public final class LocalStorageServer implements AutoCloseable {
    /**
     * A request as received (path below /storage/v1, decoded), for tests to assert on;
     * {@code receivedNanos} is {@link System#nanoTime()} when it arrived; {@code clientPort} the
     * client's end of its connection (requests with the same port came over one connection).
     */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, long receivedNanos,
                                  int clientPort) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().isEmpty() ? null : e.getValue().get(0);
                }
            }
            return null;
        }
    }

    static {
        // Answer without Nagle's delay, as the real server does: Node's http server sets TCP_NODELAY
        // on every connection since Node 18 (nodejs/node#42163). The JDK's server does only when
        // this property is set before its first use (sun.net.httpserver.ServerConfig); without it,
        // each small response on a kept-alive connection waited ~40 ms for the client's delayed
        // ACK: 50,000 objects of 1 KiB took 555 s to back up instead of ~19 s.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final String PREFIX = "/storage/v1";
    private static final int MAX_RECORDED = 20_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String serviceKey;
    private final LocalStorageBackend backend;
    private final LocalStorageApi api;
    private final List<StorageFault> faults = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recorded = new AtomicInteger();
    private final long latencyMillis;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger mostWaiting = new AtomicInteger();

    private LocalStorageServer(Builder b) throws IOException {
        this.latencyMillis = b.latencyMillis;
        this.ownsDataDir = b.dataDir == null;
        this.dataDir = b.dataDir != null ? Files.createDirectories(b.dataDir) : Files.createTempDirectory("local-storage-");
        this.serviceKey = b.serviceKey != null ? b.serviceKey
                : "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.local-" + UUID.randomUUID();
        this.backend = new LocalStorageBackend(dataDir);
        this.api = new LocalStorageApi(backend, b.listV2, b.unicodeKeys);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "local-storage-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LocalStorageServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int port;
        private String serviceKey;
        private Path dataDir;
        private boolean listV2 = true;
        private boolean unicodeKeys;
        private int threads = 16;
        private long latencyMillis;

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The key the server accepts; default a service_role-shaped JWT. */
        public Builder serviceKey(String key) {
            this.serviceKey = key;
            return this;
        }

        /** Where object bytes go; default a temporary folder deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** false = answer list-v2 with 400 FeatureNotEnabled, as tenants without search-v2 do. */
        public Builder listV2(boolean enabled) {
            this.listV2 = enabled;
            return this;
        }

        /** true = accept non-ASCII keys on upload (1.11.2 refuses them with InvalidKey, the default). */
        public Builder unicodeKeys(boolean accept) {
            this.unicodeKeys = accept;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Every request waits this long before it is answered: a project that far away, one round
         * trip a request (the benchmark's {@code LATENCY_MS}). Default 0.
         */
        public Builder latency(Duration latency) {
            this.latencyMillis = latency.toMillis();
            return this;
        }

        public LocalStorageServer start() {
            try {
                return new LocalStorageServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The project URL (Storage lives under {@code <url>/storage/v1}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String serviceKey() {
        return serviceKey;
    }

    public void createBucket(String id) {
        createBucket(id, false, null, null);
    }

    public void createBucket(String id, boolean isPublic, Long fileSizeLimit, List<String> allowedMimeTypes) {
        backend.createBucket(new LocalStorageBackend.Bucket(id, isPublic, fileSizeLimit,
                allowedMimeTypes == null ? null : List.copyOf(allowedMimeTypes), Instant.now()));
    }

    /**
     * Stores an object directly, bypassing the upload route's key check — the way objects with
     * names the REST upload refuses still end up in buckets (S3 protocol, older servers).
     */
    public void putObject(String bucket, String key, byte[] data, String contentType, String cacheControl) {
        backend.put(bucket, key, new java.io.ByteArrayInputStream(data), contentType, cacheControl);
    }

    public void putObject(String bucket, String key, byte[] data) {
        putObject(bucket, key, data, "application/octet-stream", null);
    }

    /** Stores {@code size} pseudo-random bytes (seeded) without holding them in memory. */
    public void putGeneratedObject(String bucket, String key, long size, long seed) {
        Path blob = backend.newBlobPath();
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            SplittableRandom random = new SplittableRandom(seed);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(blob), md5)) {
                for (long left = size; left > 0; left -= chunk.length) {
                    for (int i = 0; i < chunk.length; i += 8) {
                        long v = random.nextLong();
                        for (int j = 0; j < 8; j++) {
                            chunk[i + j] = (byte) (v >>> (8 * j));
                        }
                    }
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            backend.index(bucket, key, blob, size, "\"" + HexFormat.of().formatHex(md5.digest()) + "\"",
                    "application/octet-stream", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<byte[]> object(String bucket, String key) {
        return backend.object(bucket, key).map(o -> {
            try {
                return Files.readAllBytes(o.blob());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Content type and cache control as stored, e.g. {@code [image/png, max-age=3600]}. */
    public Optional<List<String>> objectHeaders(String bucket, String key) {
        return backend.object(bucket, key).map(o -> List.of(o.mimetype(), o.cacheControl()));
    }

    public List<String> keys(String bucket) {
        return backend.keys(bucket);
    }

    /** Bucket settings as stored: [public, file_size_limit, allowed_mime_types]. */
    public Optional<List<Object>> bucketSettings(String id) {
        return backend.bucket(id).map(b -> java.util.Arrays.asList(b.isPublic(), b.fileSizeLimit(), b.allowedMimeTypes()));
    }

    public void deleteObject(String bucket, String key) {
        backend.delete(bucket, key);
    }

    public StorageFault inject(StorageFault fault) {
        faults.add(fault);
        return fault;
    }

    public void clearFaults() {
        faults.clear();
    }

    public List<RecordedRequest> requests() {
        return new ArrayList<>(requests);
    }

    public void clearRequests() {
        requests.clear();
        recorded.set(0);
        mostWaiting.set(0);
    }

    /**
     * The most requests that were waiting out {@link Builder#latency} at one time since the start (or
     * {@link #clearRequests()}): how many requests a client had in flight at once. Counted before
     * anything is answered, so a client cannot have moved on to its next request meanwhile.
     */
    public int mostRequestsWaiting() {
        return mostWaiting.get();
    }

    private void handle(HttpExchange http) throws IOException {
        if (latencyMillis > 0) {
            mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            try {
                StorageFault.sleep(latencyMillis);
            } finally {
                waiting.decrementAndGet();
            }
        }
        String raw = http.getRequestURI().getRawPath();
        if (!raw.startsWith(PREFIX + "/")) {
            http.sendResponseHeaders(404, -1);
            http.close();
            return;
        }
        StringBuilder path = new StringBuilder();
        for (String segment : raw.substring(PREFIX.length() + 1).split("/", -1)) {
            path.append('/').append(StorageExchange.decodeSegment(segment));
        }
        StorageExchange x = new StorageExchange(http, path.toString());
        if (recorded.incrementAndGet() <= MAX_RECORDED) {
            requests.add(new RecordedRequest(x.method, x.path, Map.copyOf(http.getRequestHeaders()), System.nanoTime(),
                    http.getRemoteAddress().getPort()));
        }
        try {
            for (StorageFault f : faults) {
                if (f.claim(x.method, x.path)) {
                    if (f.apply(x)) {
                        return;
                    }
                    break;
                }
            }
            if (x.path.equals("/status")) {
                x.send(200, new byte[0]);
            } else if (x.path.equals("/version")) {
                x.text(200, "text/plain; charset=utf-8", "0.0.0");
            } else {
                authorize(x);
                api.route(x);
            }
        } catch (ApiError e) {
            x.error(e);
        }
    }

    private void authorize(StorageExchange x) {
        String auth = x.header("Authorization");
        String apikey = x.header("apikey");
        boolean secretKey = serviceKey.startsWith("sb_secret_");
        if (auth == null) {
            if (secretKey && serviceKey.equals(apikey)) {
                return; // the gateway swaps a valid sb_secret_ apikey for a service_role JWT
            }
            if (x.path.startsWith("/object/") && x.method.equals("GET")) {
                throw StorageExchange.noSuchBucket(); // as recorded: no auth reads like a missing bucket
            }
            throw new ApiError(400, "Error", "headers must have required property 'authorization'", "InvalidRequest");
        }
        if (secretKey || !auth.equals("Bearer " + serviceKey)) {
            throw new ApiError(403, "Unauthorized", "Invalid Compact JWS", "AccessDenied");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (ownsDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp folder: best effort
            }
        }
    }

    /**
     * Runs a server until killed (bench, manual tries): {@code --port N --key K --data DIR
     * --bucket NAME:COUNT:SIZE ...}. Prints {@code url=...} once the objects are in place.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder b = builder();
        List<String[]> seeds = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> b.port(Integer.parseInt(args[++i]));
                case "--key" -> b.serviceKey(args[++i]);
                case "--data" -> b.dataDir(Path.of(args[++i]));
                case "--bucket" -> seeds.add(args[++i].split(":"));
                case "--latency-ms" -> b.latency(Duration.ofMillis(Long.parseLong(args[++i])));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        LocalStorageServer s = b.start();
        for (String[] seed : seeds) {
            s.createBucket(seed[0]);
            int count = Integer.parseInt(seed[1]);
            long size = Long.parseLong(seed[2]);
            for (int i = 0; i < count; i++) {
                s.putGeneratedObject(seed[0], String.format("obj-%05d.bin", i), size, seed[0].hashCode() * 31L + i);
            }
        }
        System.out.println("url=" + s.url());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        Thread.currentThread().join();
    }
}
