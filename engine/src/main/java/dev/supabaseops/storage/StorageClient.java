package dev.supabaseops.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Secret;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * The Supabase Storage API over HTTP: JSON calls and downloads through the JDK's
 * {@code HttpURLConnection}, uploads through one OkHttp client per environment with a connection pool
 * sized for the parallel transfers ({@link StorageHttp} says why). Paths live under {@code <project url>/storage/v1}. Every call
 * retries 429, 5xx, timeouts and resets with exponential backoff and jitter, honouring
 * {@code Retry-After}; failures become one-line {@link OpsException}s that never carry the key.
 */
public final class StorageClient implements AutoCloseable {
    /**
     * For the calls that still build JSON trees (bucket settings, deletes, error bodies). Built on
     * first use: listings and downloads, all a backup does, are read with {@link ListingJson}.
     */
    static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();

        private Mapper() {
        }
    }
    private static final int MAX_PAGE = 1000; // the v1 list caps a page at 1000 rows

    /** What a download wrote: bytes, their SHA-256, and the headers a restore must reproduce. */
    public record Downloaded(long size, String sha256, String etag, String contentType, String cacheControl) {
    }

    private final StorageHttp http;
    private final String environment;
    private final int pageSize;
    private final int parallel;
    /** The threads that fetch listing pages, shared by all buckets: made when first needed. */
    private ExecutorService listingThreads;
    private final ProgressListener listener;
    /** Set once by the first listing that finds list-v2 off; buckets may be listed on several threads. */
    private final AtomicBoolean listV2Unavailable = new AtomicBoolean();

    private StorageClient(Builder b) {
        this.environment = b.environment;
        this.pageSize = Math.max(1, Math.min(MAX_PAGE, b.pageSize));
        this.parallel = b.parallel;
        this.listener = b.listener;
        String role = keyRole(b.key);
        if ("anon".equals(role) || "publishable".equals(role)) {
            throw OpsException.usage(environment + ": the key in " + b.varPrefix + "SERVICE_ROLE_KEY is the " + role
                    + " (public) key, which sees no objects: use the project's service_role key or an sb_secret_ key");
        }
        this.http = new StorageHttp(b.projectUrl, b.key, b.environment, b.varPrefix, b.parallel, b.connectTimeout,
                b.readTimeout, new RetryPolicy(b.maxAttempts, b.backoffBase, b.backoffMax), b.listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (listingThreads != null) {
                listingThreads.shutdownNow();
            }
        }
        http.close();
    }

    public static Builder builder(String projectUrl, Secret key) {
        return new Builder(projectUrl, key);
    }

    /** A builder for an environment's project URL and service key (exit 2 naming the variable if unset). */
    public static Builder forEnvironment(EnvironmentConfig env) {
        return new Builder(env.requireApiUrl(), env.requireServiceRoleKey()).environment(env.name(), env.varPrefix());
    }

    public static final class Builder {
        private final String projectUrl;
        private final Secret key;
        private String environment = "storage";
        private String varPrefix = "SUPABASE_<ENV>_";
        private int parallel = 4;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 5;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private int pageSize = MAX_PAGE;
        private ProgressListener listener = ProgressListener.NONE;

        private Builder(String projectUrl, Secret key) {
            if (projectUrl == null || key == null) {
                throw new IllegalArgumentException("project URL and key are required");
            }
            this.projectUrl = projectUrl;
            this.key = key;
        }

        /** Name used in messages, and the variable prefix a bad-key message names. */
        public Builder environment(String name, String variablePrefix) {
            this.environment = name;
            this.varPrefix = variablePrefix;
            return this;
        }

        /** Concurrent transfers, and folders listed at a time where a server has no list-v2; sizes the connection pool. */
        public Builder parallel(int n) {
            this.parallel = Math.max(1, n);
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        /** Attempts per request (first try included) and the backoff's base and cap. */
        public Builder retries(int maxAttempts, Duration base, Duration max) {
            this.maxAttempts = Math.max(1, maxAttempts);
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /** Listing page size, at most 1000. */
        public Builder pageSize(int n) {
            this.pageSize = n;
            return this;
        }

        /** Receives retry warnings. */
        public Builder listener(ProgressListener l) {
            this.listener = l == null ? ProgressListener.NONE : l;
            return this;
        }

        public StorageClient build() {
            return new StorageClient(this);
        }
    }


    public List<BucketInfo> listBuckets() {
        return http.api("list buckets", "GET", StorageHttp.path("bucket"), null, ListingJson::buckets);
    }

    public Optional<BucketInfo> bucket(String name) {
        try {
            return Optional.of(http.api("get bucket '" + name + "'", "GET", StorageHttp.path("bucket", name), null,
                    in -> bucketOf(Mapper.JSON.readTree(in))));
        } catch (OpsException e) {
            if (e.getMessage().endsWith("bucket not found")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates a bucket with its settings; false when it exists already. */
    public boolean createBucket(BucketInfo b) {
        ObjectNode body = Mapper.JSON.createObjectNode();
        body.put("id", b.name());
        body.put("name", b.name());
        body.put("public", b.isPublic());
        if (b.fileSizeLimit() != null) {
            body.put("file_size_limit", b.fileSizeLimit());
        }
        if (b.allowedMimeTypes() != null) {
            b.allowedMimeTypes().forEach(body.putArray("allowed_mime_types")::add);
        }
        try {
            http.api("create bucket '" + b.name() + "'", "POST", StorageHttp.path("bucket"), StorageHttp.json(body), in -> null);
            return true;
        } catch (OpsException e) {
            if (e.getMessage().contains("BucketAlreadyExists")) {
                return false;
            }
            throw e;
        }
    }

    /** Every object of a bucket, recursively: list-v2 with cursors, else recursive v1 pages. */
    public List<RemoteObject> listObjects(String bucket) {
        if (!listV2Unavailable.get()) {
            try {
                return listV2(bucket);
            } catch (ListV2Unavailable e) {
                if (listV2Unavailable.compareAndSet(false, true)) {
                    listener.info(environment + ": list-v2 is not enabled on this Storage server; listing folder by folder (v1)");
                }
            }
        }
        return listV1(bucket);
    }

    /**
     * Every object of each bucket, by bucket name. The buckets are listed at the same time on up to
     * {@code parallel} threads: a listing is a chain of pages, one cursor after another, so against
     * a hosted project each bucket costs at least one round trip, and ten buckets listed one after
     * another cost ten. The first failure is thrown.
     */
    public Map<String, List<RemoteObject>> listObjects(List<String> buckets, int parallel) {
        List<Callable<List<RemoteObject>>> tasks = new ArrayList<>();
        buckets.forEach(b -> tasks.add(() -> listObjects(b)));
        TransferPool.Outcome<List<RemoteObject>> outcome = TransferPool.run(parallel, tasks, true);
        if (!outcome.failures().isEmpty()) {
            throw outcome.failures().get(0);
        }
        Map<String, List<RemoteObject>> byBucket = new HashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            byBucket.put(buckets.get(i), outcome.results().get(i));
        }
        return byBucket;
    }

    /**
     * {@link #listObjects(List, int)} on a thread of its own, for a caller with another request to
     * make meanwhile; {@link Futures#await} gives its result or rethrows its failure. A caller
     * that stops waiting leaves it to end by itself (a daemon thread).
     */
    public Future<Map<String, List<RemoteObject>>> listObjectsMeanwhile(List<String> buckets, int parallel) {
        return Futures.onThread("list-buckets", () -> listObjects(buckets, parallel));
    }

    private static final class ListV2Unavailable extends RuntimeException {
        ListV2Unavailable() {
            super(null, null, false, false);
        }
    }

    private List<RemoteObject> listV2(String bucket) {
        return PagedListing.all((cursor, onCursor) -> {
            byte[] body = ListingJson.listV2Body(pageSize, cursor);
            return http.api("list bucket '" + bucket + "'", "POST", StorageHttp.path("object", "list-v2", bucket), body,
                    in -> ListingJson.listV2Page(in, onCursor), f -> {
                        // Tenants without search-v2 answer 400 FeatureNotEnabled; servers before it, 404.
                        if ("FeatureNotEnabled".equals(f.code()) || f.status() == 404 && !"NoSuchBucket".equals(f.code())
                                || f.message() != null && f.message().contains("not available for your tenant")) {
                            throw new ListV2Unavailable();
                        }
                    });
        }, listingThreads());
    }

    /** v1: one level per request (folders are rows with a null id), offset pages of at most 1000. */
    private List<RemoteObject> listV1(String bucket) {
        return FolderListing.all((folder, offset) -> {
            byte[] body = ListingJson.listV1Body(folder, pageSize, offset);
            return http.api("list bucket '" + bucket + "'", "POST", StorageHttp.path("object", "list", bucket), body,
                    in -> ListingJson.listV1Rows(folder, in));
        }, pageSize, listingThreads());
    }

    /**
     * {@code parallel} threads for every listing page of this client (list-v2 pages asked for
     * ahead, v1 folders): buckets listed at the same time share them, so at most {@code parallel}
     * listing requests are in flight however many buckets there are.
     */
    private synchronized ExecutorService listingThreads() {
        if (listingThreads == null) {
            AtomicInteger n = new AtomicInteger();
            listingThreads = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, "listing-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return listingThreads;
    }

    /**
     * Streams an object into {@code target} (replacing it), hashing as it goes; memory does not grow
     * with the object. {@code onBytes} gets byte counts as they arrive (negative to undo a failed attempt).
     */
    public Downloaded download(String bucket, String key, Path target, LongConsumer onBytes) {
        return download(bucket, key, target, Durability.OFF, onBytes);
    }

    /** With {@code durability} on, the file's data is on stable storage when this returns (a backup's files). */
    Downloaded download(String bucket, String key, Path target, Durability durability, LongConsumer onBytes) {
        String path = StorageHttp.objectPath("object", bucket, key);
        return http.download("download " + bucket + "/" + StorageErrors.printable(key), path, (c, in) -> {
            MessageDigest sha = Hashing.sha256();
            long written = 0;
            byte[] buf = new byte[64 * 1024];
            long expected = c.getContentLengthLong();
            // Network errors (reading the body) are retried by download(); errors of the local file
            // (permissions, a full disk) are not: they fail this object at once, in words.
            Durability.SyncedFile file;
            try {
                file = durability.create(target);
            } catch (IOException e) {
                throw cannotWrite(target, e);
            }
            try (file) {
                OutputStream out = file.stream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    try {
                        out.write(buf, 0, n);
                    } catch (IOException e) {
                        throw cannotWrite(target, e);
                    }
                    sha.update(buf, 0, n);
                    written += n;
                    onBytes.accept(n);
                }
                if (expected >= 0 && expected != written) {
                    throw new IOException("short body: " + written + " of " + expected + " bytes");
                }
                try {
                    file.sync();
                } catch (IOException e) {
                    throw cannotWrite(target, e);
                }
            } catch (IOException | RuntimeException e) {
                onBytes.accept(-written);
                throw e;
            }
            return new Downloaded(written, HexFormat.of().formatHex(sha.digest()), c.getHeaderField("ETag"),
                    c.getHeaderField("Content-Type"), c.getHeaderField("Cache-Control"));
        });
    }

    private static OpsException cannotWrite(Path target, IOException e) {
        return OpsException.failed("cannot write " + target + ": " + StorageErrors.localReason(e)
                + " (check the free space and permissions of " + target.getParent() + ")");
    }

    /** Uploads a file (streamed from disk); {@code upsert} replaces an existing object. */
    public void upload(String bucket, String key, Path file, String contentType, String cacheControl, boolean upsert) {
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        http.upload("upload " + bucket + "/" + StorageErrors.printable(key), () -> {
            Request.Builder r = new Request.Builder().url(http.objectUrl("object", bucket, key))
                    .post(RequestBody.create(file.toFile(), type));
            if (contentType != null) {
                r.header("Content-Type", contentType); // exactly as stored, charset included
            }
            if (cacheControl != null) {
                r.header("Cache-Control", cacheControl);
            }
            if (upsert) {
                r.header("x-upsert", "true");
            }
            return r.build();
        }, r -> null);
    }

    /** Deletes objects by exact name, 1000 per request (the API's limit); returns how many it removed. */
    public int deleteObjects(String bucket, List<String> keys) {
        int deleted = 0;
        for (int i = 0; i < keys.size(); i += 1000) {
            ObjectNode body = Mapper.JSON.createObjectNode();
            keys.subList(i, Math.min(keys.size(), i + 1000)).forEach(body.putArray("prefixes")::add);
            deleted += http.api("delete from bucket '" + bucket + "'", "DELETE", StorageHttp.path("object", bucket), StorageHttp.json(body),
                    in -> Mapper.JSON.readTree(in).size());
        }
        return deleted;
    }

    static BucketInfo bucketOf(JsonNode n) {
        List<String> mimes = null;
        if (n.path("allowed_mime_types").isArray()) {
            mimes = new ArrayList<>();
            for (JsonNode m : n.get("allowed_mime_types")) {
                mimes.add(m.asText());
            }
        }
        return new BucketInfo(n.path("id").asText(n.path("name").asText()), n.path("public").asBoolean(false),
                n.hasNonNull("file_size_limit") ? n.get("file_size_limit").asLong() : null, mimes);
    }

    /** The {@code role} claim of a JWT key ("service_role", "anon"), "secret" for sb_secret_ keys, else null. */
    public static String keyRole(Secret key) {
        String k = key.reveal();
        if (k.startsWith("sb_secret_")) {
            return "secret";
        }
        if (k.startsWith("sb_publishable_")) {
            return "publishable";
        }
        String[] parts = k.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return ListingJson.jwtRole(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

}
