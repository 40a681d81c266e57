package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The newest complete backup (null when there is none) and its objects by bucket and key, read on
 * a daemon thread while a backup lists the buckets; {@link #dir()} and {@link #objects()} wait for
 * it, and rethrow what the read threw (a damaged metadata file stops the backup exactly as it did
 * when read inline).
 */
final class PreviousBackup {
    static final PreviousBackup NONE = new PreviousBackup(null);

    /** What the thread read: the backup's folder and its objects by bucket and key. */
    private record Read(Path dir, Map<String, Map<String, ObjectEntry>> objects) {
    }

    private final FutureTask<Read> read;

    private PreviousBackup(FutureTask<Read> read) {
        this.read = read;
    }

    static PreviousBackup start(BackupStore store) {
        FutureTask<Read> task = new FutureTask<>(() -> {
            Path dir = store.newest().orElse(null);
            return new Read(dir, dir == null ? Map.of() : index(BackupMetadata.read(dir)));
        });
        Thread t = new Thread(task, "read-previous-backup");
        t.setDaemon(true);
        t.start();
        return new PreviousBackup(task);
    }

    Path dir() {
        return read == null ? null : result().dir();
    }

    Map<String, Map<String, ObjectEntry>> objects() {
        return read == null ? Map.of() : result().objects();
    }

    private Read result() {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted while reading the previous backup's metadata");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Map<String, Map<String, ObjectEntry>> index(BackupMetadata m) {
        Map<String, Map<String, ObjectEntry>> out = new HashMap<>();
        for (BackupMetadata.Bucket b : m.buckets()) {
            Map<String, ObjectEntry> byKey = new HashMap<>();
            b.objects().forEach(o -> byKey.put(o.key(), o));
            out.put(b.name(), byKey);
        }
        return out;
    }
}
