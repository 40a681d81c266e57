package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backup layout: {@code <out>/<env>-<ref>/<UTC timestamp>/<bucket>/<object path>}. A backup is
 * written as {@code <timestamp>.partial} and renamed when complete; only folders with a timestamp
 * name and a metadata file count as backups, so a failed run can never be mistaken for one, and
 * retention never touches a {@code .partial} folder.
 */
final class BackupStore {
    static final String PARTIAL = ".partial";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern COMPLETE_NAME = Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?");

    private final Path envDir;

    BackupStore(Path out, String environment, String projectRef) {
        this.envDir = out.resolve(safe(environment) + "-" + safe(projectRef));
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    Path envDir() {
        return envDir;
    }

    /** Complete backups, oldest first. */
    List<Path> complete() {
        return complete(envDir);
    }

    /**
     * Folders by name. Written out rather than {@code Comparator.comparing}, whose lambda is
     * serializable: JDK 17's class-data archive cannot hold such a class, so each run would generate
     * it again (~1 ms and the JIT's time on the class writer; docs/benchmarks.md, 2026-12-02).
     */
    private static final Comparator<Path> BY_NAME = (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString());

    static List<Path> complete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> COMPLETE_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(BackupMetadata.FILE_NAME)))
                    .sorted(BY_NAME)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Path> newest() {
        List<Path> all = complete();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Creates a fresh {@code <timestamp>.partial} folder (suffixing -2, -3… within the same second). */
    Path createPartial(Instant at) throws IOException {
        Files.createDirectories(envDir);
        String base = STAMP.format(at);
        for (int n = 1; ; n++) {
            String name = n == 1 ? base : base + "-" + n;
            Path partial = envDir.resolve(name + PARTIAL);
            if (!Files.exists(envDir.resolve(name)) && !Files.exists(partial)) {
                return Files.createDirectory(partial);
            }
        }
    }

    /**
     * Makes a fully written {@code .partial} backup complete: with {@code durability} on, first the folders a
     * run created ({@code folders} and their parents below {@code partial}) are synced, so every
     * file's name is durable (the files' data was synced as each was written); then the metadata is
     * written and synced, {@code partial} itself synced, renamed, and the rename synced in its parent
     * (and the backup root, which the first backup of an environment creates).
     */
    Path complete(Path partial, BackupMetadata metadata, Collection<Path> folders, Durability durability) throws IOException {
        if (durability.enabled()) {
            for (Path dir : Durability.foldersBelow(partial, folders)) {
                durability.folder(dir);
            }
        }
        metadata.write(partial, durability);
        durability.folder(partial);
        Path done = promote(partial);
        durability.folder(envDir);
        Path root = envDir.toAbsolutePath().getParent();
        if (root != null) {
            durability.folder(root);
        }
        return done;
    }

    /** Renames {@code x.partial} to {@code x}: the moment the backup starts to exist. */
    static Path promote(Path partial) throws IOException {
        String name = partial.getFileName().toString();
        Path target = partial.resolveSibling(name.substring(0, name.length() - PARTIAL.length()));
        try {
            return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(partial, target);
        }
    }

    /** Deletes the oldest complete backups so that {@code keep} remain; returns what it deleted. */
    List<Path> prune(int keep) {
        if (keep < 1) {
            throw OpsException.usage("--keep must be at least 1");
        }
        List<Path> all = complete();
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
            deleted.add(all.get(i));
        }
        return deleted;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Resolves {@code --from}: a backup folder, or an {@code <env>-<ref>} folder (its newest backup).
     */
    static Path resolveBackup(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw OpsException.usage(dir + " does not exist or is not a folder: pass a backup folder "
                    + "(<out>/<env>-<ref>/<timestamp>)");
        }
        if (dir.getFileName() != null && dir.getFileName().toString().endsWith(PARTIAL)) {
            throw OpsException.usage(dir + " is an incomplete backup (.partial) left by a failed run: it cannot be used");
        }
        if (Files.isRegularFile(dir.resolve(BackupMetadata.FILE_NAME))) {
            return dir;
        }
        List<Path> all = complete(dir);
        if (all.isEmpty()) {
            throw OpsException.usage(dir + " is not a backup: it has no " + BackupMetadata.FILE_NAME
                    + " and no complete backups inside");
        }
        return all.get(all.size() - 1);
    }
}
