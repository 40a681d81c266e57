package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The newest complete backup (null when there is none) and its objects by bucket and key, read on
 * a daemon thread while a backup lists the buckets; {@link #dir()} and {@link #objects()} wait for
 * it, and rethrow what the read threw (a damaged metadata file stops the backup exactly as it did
 * when read inline). The same thread checks each object's file there (one stat), so that the
 * backup's own thread only compares etags and sizes once its listings are in.
 */
final class PreviousBackup {
    static final PreviousBackup NONE = new PreviousBackup(null);

    /**
     * An object of the previous backup, and its file there when that file can be linked from: it
     * exists, is a regular file and still has the recorded size (else null, and the object is
     * downloaded again).
     */
    record Entry(ObjectEntry object, Path intactFile) {
    }

    /** What the thread read: the backup's folder and its objects by bucket and key. */
    private record Read(Path dir, Map<String, Map<String, Entry>> objects) {
    }

    private final Future<Read> read;

    private PreviousBackup(Future<Read> read) {
        this.read = read;
    }

    static PreviousBackup start(BackupStore store) {
        return new PreviousBackup(Futures.onThread("read-previous-backup", () -> {
            Path dir = store.newest().orElse(null);
            return new Read(dir, dir == null ? Map.of() : index(dir, BackupMetadata.read(dir)));
        }));
    }

    Path dir() {
        return read == null ? null : result().dir();
    }

    Map<String, Map<String, Entry>> objects() {
        return read == null ? Map.of() : result().objects();
    }

    private Read result() {
        return Futures.await(read, "reading the previous backup's metadata");
    }

    private static Map<String, Map<String, Entry>> index(Path dir, BackupMetadata m) {
        Map<String, Map<String, Entry>> out = new HashMap<>();
        for (BackupMetadata.Bucket b : m.buckets()) {
            Path root = safeFolder(b.name()) ? ObjectPaths.root(dir.resolve(b.name())) : null;
            Map<String, Entry> byKey = new HashMap<>();
            b.objects().forEach(o -> byKey.put(o.key(), new Entry(o, root == null ? null : intactFile(root, o))));
            out.put(b.name(), byKey);
        }
        return out;
    }

    /** A bucket name read from a metadata file is only used as a folder when a backup could have written it. */
    private static boolean safeFolder(String bucket) {
        try {
            ObjectPaths.bucketFolder(bucket);
            return true;
        } catch (OpsException e) {
            return false;
        }
    }

    /** The object's file below {@code root} (its bucket folder, absolute) if it is there with the recorded size. */
    private static Path intactFile(Path root, ObjectEntry o) {
        if (o.sha256() == null || o.file() == null) {
            return null; // nothing to carry over into the new metadata: download it
        }
        try {
            Path f = ObjectPaths.insideRoot(root, o.file());
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return a.isRegularFile() && a.size() == o.size() ? f : null;
        } catch (IOException | OpsException | InvalidPathException e) {
            return null;
        }
    }
}
