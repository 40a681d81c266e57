package dev.supabaseops.storage;

import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.storage.StorageBackup.BackupResult;
import dev.supabaseops.testing.StorageFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup is synced to disk before it is named complete: every file it wrote and every folder it
 * changed while it was still {@code .partial}, the rename after. The syncs are real
 * ({@code fdatasync}/{@code fsync} on the test's folder); the observer only records the order.
 */
class BackupDurabilityTest {
    /** A path synced, whether the backup had been renamed complete at that moment, and whether it is a folder. */
    record Sync(Path path, boolean renamed, boolean folder) {
    }

    LocalStorageServer server;
    StorageClient client;
    @TempDir
    Path out;
    final List<Sync> syncs = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        server = StorageFixtures.seeded();
        client = StorageFixtures.clientBuilder(server).pageSize(3).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    BackupResult backup() {
        Path envDir = out.resolve("prod-abcd");
        Durability observed = Durability.observed(p -> syncs.add(new Sync(p, !hasPartial(envDir), Files.isDirectory(p))));
        return StorageBackup.configure().client(client).env("prod").projectRef("abcd").out(out).parallel(3)
                .durability(observed).load().run();
    }

    /** A run's .partial folder exists from before its first write until its rename. */
    private static boolean hasPartial(Path envDir) {
        try (Stream<Path> s = Files.list(envDir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(BackupStore.PARTIAL));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyFileAndFolderIsSyncedWhilePartialAndTheRenameAfter() throws IOException {
        Path dir = Path.of(backup().directory());
        Path partial = dir.resolveSibling(dir.getFileName() + BackupStore.PARTIAL);

        Set<Path> beforeRename = syncs.stream().filter(s -> !s.renamed()).map(Sync::path).collect(Collectors.toSet());
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Path asPartial = partial.resolve(dir.relativize(p).toString());
                if (p.getFileName().toString().equals(BackupMetadata.FILE_NAME)) {
                    assertThat(beforeRename).contains(partial.resolve(BackupMetadata.FILE_NAME + ".tmp"));
                } else {
                    assertThat(beforeRename).as("synced before the rename: %s", p).contains(p.equals(dir) ? partial : asPartial);
                }
            }
        }
        // The metadata is synced after every object file and folder below the bucket folders, the
        // backup's own folder after the metadata, and the rename's folder once it is done.
        List<Path> order = syncs.stream().map(Sync::path).toList();
        int metadata = order.indexOf(partial.resolve(BackupMetadata.FILE_NAME + ".tmp"));
        assertThat(order.indexOf(partial)).isGreaterThan(metadata);
        assertThat(order.subList(0, metadata)).allMatch(p -> p.startsWith(partial) && !p.equals(partial));
        assertThat(syncs.subList(order.indexOf(partial) + 1, syncs.size()))
                .extracting(Sync::path).containsExactly(out.resolve("prod-abcd"), out.toAbsolutePath());
        assertThat(syncs.get(syncs.size() - 2).renamed()).isTrue();
        assertThat(syncs.stream().filter(s -> !s.renamed()).count()).isEqualTo(syncs.size() - 2L);
    }

    @Test
    void anIncrementalRunSyncsTheFoldersOfItsLinksAndOnlyTheFilesItDownloaded() {
        backup();
        server.putObject("avatars", "hello.txt", "changed\n".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        syncs.clear();
        BackupResult second = backup();
        assertThat(second.linked()).isEqualTo(8);
        Path partial = Path.of(second.directory() + BackupStore.PARTIAL);
        List<Path> files = syncs.stream().filter(s -> !s.folder()).map(Sync::path)
                .filter(p -> !p.getFileName().toString().startsWith(BackupMetadata.FILE_NAME)).toList();
        assertThat(files).containsExactly(partial.resolve("avatars/hello.txt")); // links need their folder synced, not their data
        assertThat(syncs).extracting(Sync::path).contains(partial.resolve("avatars/a/b/d"), partial.resolve("avatars/a/b"),
                partial.resolve("avatars/a"), partial.resolve("avatars"), partial.resolve("public-docs"));
    }
}
