package dev.supabaseops.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.supabaseops.core.OpsException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * {@code _backup_metadata.json}: what a backup holds and everything a restore needs — bucket
 * settings, and per object its real name, the file it is stored in, size, etag, content type,
 * cache control and SHA-256.
 *
 * @param incrementalFrom the backup unchanged objects were linked from, or null
 * @param refused         objects that were not backed up because their names cannot be addressed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupMetadata(int format, String tool, String toolVersion, String environment, String projectRef,
                             Instant startedAt, Instant finishedAt, String incrementalFrom,
                             List<Bucket> buckets, List<Refused> refused, Totals totals) {
    public static final String FILE_NAME = "_backup_metadata.json";
    public static final int FORMAT = 1;

    public BackupMetadata {
        buckets = List.copyOf(buckets);
        refused = refused == null ? List.of() : List.copyOf(refused);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name, @JsonProperty("public") boolean isPublic, Long fileSizeLimit,
                         List<String> allowedMimeTypes, List<ObjectEntry> objects) {
        public Bucket {
            allowedMimeTypes = allowedMimeTypes == null ? null : List.copyOf(allowedMimeTypes);
            objects = List.copyOf(objects);
        }

        public BucketInfo info() {
            return new BucketInfo(name, isPublic, fileSizeLimit, allowedMimeTypes);
        }
    }

    /** @param file path of the bytes below the bucket folder; differs from key only for unsafe names */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ObjectEntry(String key, String file, long size, String etag, String contentType,
                              String cacheControl, String sha256) {
    }

    public record Refused(String bucket, String key, String reason) {
        /** For people: {@code bucket/key (reason)}, control characters in the name shown as escapes. */
        public String line() {
            return StorageErrors.printable(bucket + "/" + key + " (" + reason + ")");
        }
    }

    public record Totals(int buckets, long objects, long bytes, long downloaded, long downloadedBytes, long linked) {
    }

    public static BackupMetadata read(Path backupDir) {
        Path file = backupDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw OpsException.usage(backupDir + " is not a backup: it has no " + FILE_NAME);
        }
        try {
            BackupMetadata m;
            try (InputStream in = Files.newInputStream(file)) {
                m = MetadataJson.read(in);
            }
            if (m.format() > FORMAT) {
                throw OpsException.usage(file + " has format " + m.format() + ", newer than this tool reads ("
                        + FORMAT + "): use a newer supabase-ops");
            }
            m.buckets().forEach(b -> ObjectPaths.bucketFolder(b.name()));
            return m;
        } catch (IOException e) {
            throw OpsException.usage(file + " is not valid backup metadata: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Writes via a temporary file and a rename, so a crash never leaves half a metadata file;
     * with {@code durability} on, the temporary file's data is synced before the rename.
     */
    void write(Path backupDir, Durability durability) throws IOException {
        Path tmp = backupDir.resolve(FILE_NAME + ".tmp");
        try (Durability.SyncedFile file = durability.create(tmp)) {
            MetadataJson.write(this, file.stream());
            file.sync();
        }
        Files.move(tmp, backupDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
