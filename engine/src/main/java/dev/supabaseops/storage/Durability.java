package dev.supabaseops.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Makes a backup durable before it is named complete. A rename is atomic but not durable on its
 * own: after a power loss, a file system may keep the rename and lose data written just before it
 * (ext4's delayed allocation, XFS), leaving zero-length or truncated files under a "complete" name.
 * So a backup syncs every file it wrote ({@code fdatasync}), then every folder whose entries it
 * changed (new files, links, sub-folders), then its metadata file, and only then renames, and then
 * syncs the parent of the rename.
 *
 * <p>Folders cannot be opened for a sync on Windows (and NTFS journals its metadata anyway), so there
 * folders are skipped; any other failure to sync is an I/O error and fails the backup.
 */
final class Durability {
    private static final boolean FOLDERS_SYNCABLE = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    /** Syncs nothing: for copies whose loss is harmless (a sync's temporary files, {@code --no-fsync}). */
    static final Durability OFF = new Durability(false, p -> {
    });
    static final Durability ON = new Durability(true, p -> {
    });

    private final boolean enabled;
    private final Consumer<Path> synced;

    private Durability(boolean enabled, Consumer<Path> synced) {
        this.enabled = enabled;
        this.synced = synced;
    }

    static Durability of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    /** Tests: syncs, and tells {@code synced} each path once its sync returned. */
    static Durability observed(Consumer<Path> synced) {
        return new Durability(true, synced);
    }

    boolean enabled() {
        return enabled;
    }

    /** A file being written (created or truncated); {@link #sync} makes what was written durable. */
    final class SyncedFile implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final OutputStream out;

        SyncedFile(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            this.out = Channels.newOutputStream(channel);
        }

        OutputStream stream() {
            return out;
        }

        /** Data and the metadata needed to read it back (its size): {@code fdatasync}. */
        void sync() throws IOException {
            if (enabled) {
                out.flush();
                channel.force(false);
                synced.accept(file);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    SyncedFile create(Path file) throws IOException {
        return new SyncedFile(file);
    }

    /** Syncs a file written earlier (a copy made where a hard link was impossible). */
    void file(Path file) throws IOException {
        if (enabled) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            synced.accept(file);
        }
    }

    /** Syncs a folder's entries: the names of what was created, linked or renamed in it. */
    void folder(Path dir) throws IOException {
        if (enabled && FOLDERS_SYNCABLE) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
            synced.accept(dir);
        }
    }

    /**
     * Every folder from {@code top} (exclusive) down to each of {@code dirs} (inclusive), deepest
     * first: the folders a run created below {@code top}, each of which has new entries.
     */
    static Set<Path> foldersBelow(Path top, Collection<Path> dirs) {
        // deepest first, then by name; not Comparator.comparingInt(...).thenComparing(...), whose
        // serializable lambdas each run would generate again (see BackupStore's BY_NAME)
        Set<Path> all = new TreeSet<>((a, b) -> a.getNameCount() != b.getNameCount()
                ? Integer.compare(b.getNameCount(), a.getNameCount()) : a.compareTo(b));
        for (Path d : dirs) {
            for (Path p = d; p != null && p.startsWith(top) && !p.equals(top); p = p.getParent()) {
                if (!all.add(p)) {
                    break; // its ancestors are in already
                }
            }
        }
        return all;
    }
}
