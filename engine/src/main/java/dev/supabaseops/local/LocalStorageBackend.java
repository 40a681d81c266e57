package dev.supabaseops.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Buckets and objects of {@link LocalStorageServer}. Object bytes live in files with random names
 * under a data folder (so hostile keys never become paths); the index lives in memory. ETags are the
 * quoted MD5 of the content, as the Storage file backend reports them.
 */
final class LocalStorageBackend {
    record Bucket(String id, boolean isPublic, Long fileSizeLimit, List<String> allowedMimeTypes, Instant createdAt) {
    }

    record StoredObject(String key, String id, Path blob, long size, String etag, String mimetype,
                        String cacheControl, Instant createdAt, Instant updatedAt) {
    }

    private final Path dataDir;
    private final Map<String, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final Map<String, NavigableMap<String, StoredObject>> objects = new ConcurrentSkipListMap<>();

    LocalStorageBackend(Path dataDir) {
        this.dataDir = dataDir;
    }

    List<Bucket> buckets() {
        return List.copyOf(buckets.values());
    }

    Optional<Bucket> bucket(String id) {
        return Optional.ofNullable(buckets.get(id));
    }

    /** Returns false when the bucket exists already. */
    synchronized boolean createBucket(Bucket bucket) {
        if (buckets.containsKey(bucket.id())) {
            return false;
        }
        buckets.put(bucket.id(), bucket);
        objects.put(bucket.id(), new ConcurrentSkipListMap<>());
        return true;
    }

    synchronized boolean deleteBucket(String id) {
        buckets.remove(id);
        objects.remove(id);
        return true;
    }

    /** Objects of a bucket sorted by key (the server sorts with collation "C"; UTF-16 order matches for BMP names). */
    NavigableMap<String, StoredObject> objects(String bucket) {
        NavigableMap<String, StoredObject> m = objects.get(bucket);
        return m == null ? new ConcurrentSkipListMap<>() : m;
    }

    Optional<StoredObject> object(String bucket, String key) {
        return Optional.ofNullable(objects(bucket).get(key));
    }

    /** Streams {@code in} into a new blob and indexes it; replaces any object with the same key. */
    StoredObject put(String bucket, String key, InputStream in, String mimetype, String cacheControl) {
        Path blob = dataDir.resolve(UUID.randomUUID().toString());
        long size;
        String etag;
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(blob), md5)) {
                size = in.transferTo(out);
            }
            etag = "\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
        } catch (IOException e) {
            deleteQuietly(blob);
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return index(bucket, key, blob, size, etag, mimetype, cacheControl);
    }

    /** Indexes a file that is already in the data folder (used by the bench to seed large objects fast). */
    StoredObject index(String bucket, String key, Path blob, long size, String etag, String mimetype, String cacheControl) {
        NavigableMap<String, StoredObject> m = objects.get(bucket);
        if (m == null) {
            deleteQuietly(blob);
            throw new IllegalArgumentException("no bucket " + bucket);
        }
        Instant now = Instant.now();
        StoredObject previous = m.get(key);
        StoredObject o = new StoredObject(key, previous == null ? UUID.randomUUID().toString() : previous.id(), blob,
                size, etag, mimetype == null ? "application/octet-stream" : mimetype,
                cacheControl == null ? "no-cache" : cacheControl,
                previous == null ? now : previous.createdAt(), now);
        m.put(key, o);
        if (previous != null) {
            deleteQuietly(previous.blob());
        }
        return o;
    }

    Path newBlobPath() {
        return dataDir.resolve(UUID.randomUUID().toString());
    }

    Optional<StoredObject> delete(String bucket, String key) {
        StoredObject o = objects(bucket).remove(key);
        if (o != null) {
            deleteQuietly(o.blob());
        }
        return Optional.ofNullable(o);
    }

    StoredObject copy(String bucket, String from, String to) {
        StoredObject src = object(bucket, from).orElseThrow();
        Path blob = newBlobPath();
        try {
            Files.copy(src.blob(), blob, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index(bucket, to, blob, src.size(), src.etag(), src.mimetype(), src.cacheControl());
    }

    List<String> keys(String bucket) {
        return new ArrayList<>(objects(bucket).keySet());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover blob in a temp folder is harmless
        }
    }
}
