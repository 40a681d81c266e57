package dev.supabaseops.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads every file of a backup and checks it against {@code _backup_metadata.json}: present,
 * same size, same SHA-256. The restore drill's first step, and what to run before trusting a
 * backup copied between machines.
 */
public final class BackupVerifier {
    /** @param kind {@code missing}, {@code size} or {@code sha256} */
    public record Problem(String bucket, String key, String file, String kind, String detail) {
        /** For people: {@code sha256: bucket/key (detail)}, control characters in names shown as escapes. */
        public String line() {
            return StorageErrors.printable(kind + ": " + bucket + "/" + key + " (" + detail + ")");
        }
    }

    public record VerifyResult(String directory, String environment, String projectRef, Instant backupFinishedAt,
                               long objects, long bytes, long ok, List<Problem> problems) {
        @JsonProperty("valid")
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private BackupVerifier() {
    }

    public static VerifyResult verify(Path backupDir) {
        return verify(backupDir, ProgressListener.NONE);
    }

    public static VerifyResult verify(Path backupDir, ProgressListener listener) {
        Path dir = BackupStore.resolveBackup(backupDir);
        BackupMetadata m = BackupMetadata.read(dir);
        long total = m.buckets().stream().mapToLong(b -> b.objects().size()).sum();
        long totalBytes = m.buckets().stream().flatMap(b -> b.objects().stream()).mapToLong(ObjectEntry::size).sum();
        TransferProgress progress = new TransferProgress(listener, "verify " + dir.getFileName(), total, totalBytes);
        List<Problem> problems = new ArrayList<>();
        long ok = 0;
        for (BackupMetadata.Bucket b : m.buckets()) {
            for (ObjectEntry e : b.objects()) {
                Problem p = check(dir, b.name(), e);
                if (p == null) {
                    ok++;
                } else {
                    problems.add(p);
                    listener.warn(p.line());
                }
                progress.bytes(Math.max(0, e.size()));
                progress.objectDone();
            }
        }
        progress.finish();
        return new VerifyResult(dir.toString(), m.environment(), m.projectRef(), m.finishedAt(), total, totalBytes, ok,
                List.copyOf(problems));
    }

    private static Problem check(Path dir, String bucket, ObjectEntry e) {
        Path f;
        try {
            f = ObjectPaths.inside(dir.resolve(bucket), e.file());
        } catch (OpsException ex) {
            return new Problem(bucket, e.key(), e.file(), "missing", "path points outside the backup");
        }
        try {
            if (!Files.isRegularFile(f)) {
                return new Problem(bucket, e.key(), e.file(), "missing", "no file " + f);
            }
            long size = Files.size(f);
            if (size != e.size()) {
                return new Problem(bucket, e.key(), e.file(), "size", size + " bytes, metadata says " + e.size());
            }
            String sha = Hashing.sha256(f);
            if (!sha.equals(e.sha256())) {
                return new Problem(bucket, e.key(), e.file(), "sha256", "content changed since the backup");
            }
            return null;
        } catch (IOException | RuntimeException ex) {
            return new Problem(bucket, e.key(), e.file(), "missing", "unreadable: " + ex.getMessage());
        }
    }
}
