package dev.supabaseops.storage;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.local.StorageFault;
import dev.supabaseops.storage.StorageBackup.BackupResult;
import dev.supabaseops.testing.CapturedLines;
import dev.supabaseops.testing.StorageFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageBackupTest {
    LocalStorageServer server;
    StorageClient client;
    @TempDir
    Path out;
    final CapturedLines capture = new CapturedLines();
    final List<String> lines = capture.lines();

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

    StorageBackup.Builder backup() {
        return StorageBackup.configure().client(client).env("prod").projectRef("abcd").out(out).parallel(3).listener(capture);
    }

    @Test
    void backsUpEveryBucketWithNestedFoldersOddNamesAndMetadata() throws IOException {
        BackupResult r = backup().load().run();
        Path dir = Path.of(r.directory());
        assertThat(dir.getParent()).isEqualTo(out.resolve("prod-abcd"));
        assertThat(dir.getFileName().toString()).matches("\\d{8}T\\d{6}Z");
        assertThat(r.objects()).isEqualTo(9);
        assertThat(r.downloaded()).isEqualTo(9);
        assertThat(dir.resolve("avatars/a/b/c.png")).hasBinaryContent(server.object("avatars", "a/b/c.png").orElseThrow());
        assertThat(dir.resolve("avatars/a/b/d/deep.txt")).hasContent("deep");
        assertThat(dir.resolve("avatars/docs/my file (1) & co.txt")).hasContent("spaces");
        assertThat(dir.resolve("avatars/docs/héllo wörld ✓.txt")).hasContent("unicode");
        assertThat(Files.size(dir.resolve("avatars/empty.bin"))).isZero();
        assertThat(Files.size(dir.resolve("avatars/big/large.bin"))).isEqualTo(StorageFixtures.LARGE_SIZE);
        assertThat(dir.resolve("public-docs/readme.txt")).hasContent("hello world");
        assertThat(dir.resolve("empty-bucket")).doesNotExist(); // empty buckets get no folder...

        BackupMetadata m = BackupMetadata.read(dir);
        assertThat(m.environment()).isEqualTo("prod");
        assertThat(m.projectRef()).isEqualTo("abcd");
        assertThat(m.finishedAt()).isAfterOrEqualTo(m.startedAt());
        assertThat(m.buckets()).extracting(BackupMetadata.Bucket::name).containsExactly("avatars", "empty-bucket", "public-docs");
        BackupMetadata.Bucket docs = m.buckets().get(2);
        assertThat(docs.info()).isEqualTo(new BucketInfo("public-docs", true, 1048576L, List.of("text/plain", "image/*")));
        assertThat(m.buckets().get(1).objects()).isEmpty(); // ...but their settings are kept for restore
        BackupMetadata.ObjectEntry png = m.buckets().get(0).objects().stream().filter(o -> o.key().equals("a/b/c.png")).findFirst().orElseThrow();
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(png.cacheControl()).isEqualTo("max-age=3600");
        assertThat(png.size()).isEqualTo(2048);
        assertThat(png.etag()).matches("\"[0-9a-f]{32}\"");
        assertThat(png.sha256()).isEqualTo(Hashing.sha256(dir.resolve("avatars/a/b/c.png")));
        assertThat(m.totals().objects()).isEqualTo(9);
        assertThat(m.toolVersion()).isNotBlank();
        String json = Files.readString(dir.resolve(BackupMetadata.FILE_NAME));
        assertThat(json).contains("\"public\" : true").doesNotContain(server.serviceKey());
        assertThat(lines).anyMatch(l -> l.startsWith("progress backup prod: 9/9 objects"));
        try (Stream<Path> s = Files.list(out.resolve("prod-abcd"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void planIsADryRunThatWritesNothing() {
        StorageBackup.BackupPlan plan = backup().buckets(List.of("avatars")).load().plan();
        assertThat(plan.objects()).isEqualTo(8);
        assertThat(plan.download()).isEqualTo(8);
        assertThat(plan.link()).isZero();
        assertThat(plan.buckets()).extracting(StorageBackup.BucketPlan::name).containsExactly("avatars");
        assertThat(out.resolve("prod-abcd")).doesNotExist();
        assertThat(server.requests()).noneMatch(r -> r.method().equals("GET") && r.path().startsWith("/object/"));
    }

    @Test
    void secondRunLinksUnchangedObjectsAndDownloadsOnlyChangedOnes() throws IOException {
        BackupResult first = backup().load().run();
        // the same size as before ("hello world v2 (upserted)\n"): only the etag tells it changed
        server.putObject("avatars", "hello.txt", "HELLO WORLD V2 (UPSERTED)\n".getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache");
        server.clearRequests();
        BackupResult second = backup().load().run();
        assertThat(second.downloaded()).isEqualTo(1);
        assertThat(second.linked()).isEqualTo(8);
        assertThat(server.requests()).filteredOn(r -> r.method().equals("GET") && r.path().startsWith("/object/"))
                .extracting(LocalStorageServer.RecordedRequest::path).containsExactly("/object/avatars/hello.txt");
        Path a = Path.of(first.directory());
        Path b = Path.of(second.directory());
        assertThat(Files.isSameFile(a.resolve("avatars/big/large.bin"), b.resolve("avatars/big/large.bin"))).isTrue(); // a hard link
        assertThat((int) Files.getAttribute(b.resolve("avatars/a/b/c.png"), "unix:nlink")).isEqualTo(2);
        assertThat(b.resolve("avatars/hello.txt")).hasContent("HELLO WORLD V2 (UPSERTED)");
        assertThat(a.resolve("avatars/hello.txt")).hasContent("hello world v2 (upserted)");
        assertThat(BackupMetadata.read(b).incrementalFrom()).isEqualTo(a.getFileName().toString());
        assertThat(BackupVerifier.verify(b).valid()).isTrue();

        BackupResult full = backup().incremental(false).load().run();
        assertThat(full.downloaded()).isEqualTo(9);
    }

    @Test
    void previousFilesThatAreGoneOrResizedAreDownloadedNotLinked() throws IOException {
        Path a = Path.of(backup().load().run().directory());
        Files.delete(a.resolve("avatars/a/b/c.png"));
        Files.writeString(a.resolve("public-docs/readme.txt"), "truncated");
        Files.delete(a.resolve("avatars/docs/my file (1) & co.txt"));
        Files.createDirectory(a.resolve("avatars/docs/my file (1) & co.txt")); // not a regular file any more
        server.clearRequests();
        BackupResult second = backup().load().run();
        assertThat(second.downloaded()).isEqualTo(3);
        assertThat(second.linked()).isEqualTo(6);
        assertThat(server.requests()).filteredOn(r -> r.method().equals("GET") && r.path().startsWith("/object/"))
                .extracting(LocalStorageServer.RecordedRequest::path)
                .hasSize(3).contains("/object/avatars/a/b/c.png", "/object/public-docs/readme.txt")
                .anyMatch(path -> path.startsWith("/object/avatars/docs/my") && path.endsWith("co.txt"));
        Path b = Path.of(second.directory());
        assertThat(b.resolve("public-docs/readme.txt")).hasContent("hello world");
        assertThat(BackupVerifier.verify(b).valid()).isTrue();
    }

    @Test
    void damagedMetadataInThePreviousBackupStopsTheRunBeforeAnythingIsWritten() throws IOException {
        Path a = Path.of(backup().load().run().directory());
        Files.writeString(a.resolve(BackupMetadata.FILE_NAME), "{\"buckets\": [ {\"name\": \"avatars\", \"objects\": [ {");
        assertThatThrownBy(() -> backup().load().run()).isInstanceOfSatisfying(OpsException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains(a.resolve(BackupMetadata.FILE_NAME) + " is not valid backup metadata");
        });
        try (Stream<Path> s = Files.list(out.resolve("prod-abcd"))) {
            assertThat(s).containsExactly(a);
        }
        // --no-incremental does not read it at all
        assertThat(backup().incremental(false).load().run().downloaded()).isEqualTo(9);
    }

    @Test
    void aRunWithNoBucketsStillNamesThePreviousBackup() {
        Path a = Path.of(backup().load().run().directory());
        try (LocalStorageServer empty = LocalStorageServer.start();
             StorageClient emptyClient = StorageFixtures.clientBuilder(empty).build()) {
            StorageBackup.BackupPlan plan = backup().client(emptyClient).load().plan();
            assertThat(plan.buckets()).isEmpty();
            assertThat(plan.previousBackup()).isEqualTo(a.toString());
        }
    }

    @Test
    void retentionKeepsTheNewestCompleteBackupsOnly() {
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dirs.add(backup().keep(2).load().run().directory());
        }
        assertThat(Path.of(dirs.get(0))).doesNotExist();
        assertThat(Path.of(dirs.get(1))).exists();
        assertThat(Path.of(dirs.get(2))).exists();
        assertThat(Path.of(dirs.get(2)).resolve("avatars/hello.txt")).hasContent("hello world v2 (upserted)");
    }

    @Test
    void aHardFailureMidBackupKeepsThePartialFolderAndLeavesRetentionAlone() throws IOException {
        // two complete backups, so that retention at --keep 1 would have one to delete if it ran
        BackupResult older = backup().keep(2).load().run();
        BackupResult good = backup().keep(2).load().run();
        server.putObject("avatars", "hello.txt", "changed".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        server.inject(StorageFault.status(500).on("GET", "/object/avatars/hello.txt").always());
        assertThatThrownBy(() -> backup().keep(1).load().run()).isInstanceOfSatisfying(OpsException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("backup of prod failed").contains("avatars/hello.txt").contains(".partial")
                    .doesNotContain("\n");
            // the 8 unchanged objects are linked in batches: each of them was either written or not attempted
            assertThat(e.getMessage()).containsPattern("\\(1 object\\(s\\) failed, [0-8] not attempted\\)");
        });
        // retention untouched: both complete backups are still there
        assertThat(Path.of(older.directory()).resolve(BackupMetadata.FILE_NAME)).exists();
        assertThat(Path.of(good.directory()).resolve(BackupMetadata.FILE_NAME)).exists();
        List<Path> partials;
        try (Stream<Path> s = Files.list(out.resolve("prod-abcd"))) {
            partials = s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
        assertThat(partials).hasSize(1);
        assertThat(partials.get(0).resolve(BackupMetadata.FILE_NAME)).doesNotExist();
        assertThat(BackupStore.complete(out.resolve("prod-abcd"))).containsExactlyInAnyOrder(Path.of(older.directory()),
                Path.of(good.directory()));
        // the next run does not mistake the partial folder for a backup
        server.clearFaults();
        BackupResult next = backup().keep(1).load().run();
        assertThat(BackupStore.complete(out.resolve("prod-abcd"))).containsExactly(Path.of(next.directory()));
        assertThat(partials.get(0)).exists();
    }

    @Test
    void retriesInjected500And429DuringABackup() {
        StorageFault e500 = server.inject(StorageFault.status(500).on("GET", "/object/avatars/a/b/c.png").times(2));
        StorageFault e429 = server.inject(StorageFault.rateLimit(0).on("GET", "/object/public-docs/readme.txt").times(1));
        StorageFault drop = server.inject(StorageFault.dropConnection().on("GET", "/object/avatars/img/photo.jpg").times(1));
        BackupResult r = backup().load().run();
        assertThat(r.downloaded()).isEqualTo(9);
        assertThat(List.of(e500.fired(), e429.fired(), drop.fired())).containsExactly(2, 1, 1);
        assertThat(BackupVerifier.verify(Path.of(r.directory())).valid()).isTrue();
    }

    @Test
    void bucketsAreListedAtTheSameTime() {
        // avatars' first page comes slowly (~2.6 s at 500 B/s); public-docs is listed meanwhile,
        // not once avatars is listed. Its cursor comes first, so avatars' later pages (pages of 3:
        // it takes three) may still be asked for before public-docs: the request order alone
        // cannot tell, the time of public-docs' request after avatars' first can.
        server.inject(StorageFault.slowBody(500).on("POST", "/object/list-v2/avatars").times(1));
        server.clearRequests();
        assertThat(backup().load().plan().objects()).isEqualTo(9);
        List<LocalStorageServer.RecordedRequest> listings = server.requests().stream()
                .filter(q -> q.path().contains("/list-v2/")).toList();
        long avatars = listings.stream().filter(q -> q.path().endsWith("/avatars")).mapToLong(q -> q.receivedNanos()).min().orElseThrow();
        long publicDocs = listings.stream().filter(q -> q.path().endsWith("/public-docs")).mapToLong(q -> q.receivedNanos()).min().orElseThrow();
        assertThat((publicDocs - avatars) / 1_000_000).as("ms from avatars' first page to public-docs' listing").isLessThan(1_000);
        assertThat(listings).filteredOn(q -> q.path().endsWith("/avatars")).hasSize(3);
    }

    /**
     * Buckets named by the user are listed while the project's bucket list is still on its way:
     * each request waits 200 ms at the server, and the bucket list and the named bucket's first page
     * wait there at the same time (a bucket's pages follow one another, cursor after cursor).
     */
    @Test
    void namedBucketsAreListedWhileTheBucketListIsFetched() {
        try (LocalStorageServer slow = LocalStorageServer.builder().latency(Duration.ofMillis(200)).start();
             StorageClient slowClient = StorageFixtures.clientBuilder(slow).pageSize(3).build()) {
            StorageFixtures.seed(slow);
            slow.clearRequests();
            StorageBackup.BackupPlan plan = backup().client(slowClient).buckets(List.of("avatars")).load().plan();
            assertThat(plan.buckets()).extracting(StorageBackup.BucketPlan::name).containsExactly("avatars");
            assertThat(plan.objects()).isEqualTo(slow.keys("avatars").size());
            assertThat(slow.mostRequestsWaiting()).isEqualTo(2);
            assertThat(slow.requests()).extracting(LocalStorageServer.RecordedRequest::path)
                    .contains("/bucket", "/object/list-v2/avatars");
        }
    }

    /**
     * A run that fails on the bucket list (here: a name the project lacks) stops the listing it
     * started for the named buckets; a plugin's step shares its JVM with the agent, so nothing of a
     * failed run keeps running. Each request waits 300 ms at the server, and avatars has three pages.
     */
    @Test
    void aFailedBucketListStopsTheNamedBucketsListing() throws InterruptedException {
        try (LocalStorageServer slow = LocalStorageServer.builder().latency(Duration.ofMillis(300)).start();
             StorageClient slowClient = StorageFixtures.clientBuilder(slow).pageSize(3).build()) {
            StorageFixtures.seed(slow);
            assertThatThrownBy(() -> backup().client(slowClient).buckets(List.of("avatars", "nope")).load().plan())
                    .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
            long deadline = System.nanoTime() + 200_000_000L; // the listing alone would run ~600 ms more
            while (listingThreadAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(listingThreadAlive()).isFalse();
        }
    }

    private static boolean listingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("list-buckets") && t.isAlive());
    }

    @Test
    void aBucketThatCannotBeListedFailsTheRunBeforeAnythingIsWritten() {
        server.inject(StorageFault.status(500).on("POST", "/object/list-v2/public-docs").always());
        assertThatThrownBy(() -> backup().load().run()).isInstanceOfSatisfying(OpsException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("list bucket 'public-docs'").doesNotContain("\n").doesNotContain(server.serviceKey());
        });
        assertThat(out.resolve("prod-abcd")).doesNotExist();
    }

    @Test
    void unknownBucketIsAUsageError() {
        assertThatThrownBy(() -> backup().buckets(List.of("avatars", "nope")).load().plan())
                .isInstanceOfSatisfying(OpsException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("unknown bucket in prod: nope").contains("avatars, empty-bucket, public-docs");
                });
        assertThat(out.resolve("prod-abcd")).doesNotExist();
    }

    @Test
    void hostileNamesNeverLeaveTheBackupFolder() throws IOException {
        server.createBucket("evil");
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        server.putObject("evil", "../../escape.txt", x);
        server.putObject("evil", "/etc/passwd", x);
        server.putObject("evil", "a/./b.txt", x);
        server.putObject("evil", "..\\..\\win.txt", x);
        server.putObject("evil", "ctl\u0001\u001b[31m.txt", x);
        server.putObject("evil", "dir", "file".getBytes(StandardCharsets.UTF_8));
        server.putObject("evil", "dir/child", "child".getBytes(StandardCharsets.UTF_8));
        server.putObject("evil", "ok.txt", x);
        BackupResult r = backup().buckets(List.of("evil")).load().run();
        Path dir = Path.of(r.directory());
        Path bucketDir = dir.resolve("evil");
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()))
                    .allMatch(p -> p.startsWith(dir.toAbsolutePath()));
        }
        assertThat(r.refused()).extracting(BackupMetadata.Refused::key)
                .containsExactlyInAnyOrder("../../escape.txt", "/etc/passwd", "a/./b.txt");
        assertThat(bucketDir.resolve("..%5C..%5Cwin.txt")).hasContent("x");
        assertThat(bucketDir.resolve("ctl%01%1B[31m.txt")).hasContent("x");
        assertThat(bucketDir.resolve("dir~file")).hasContent("file");
        assertThat(bucketDir.resolve("dir/child")).hasContent("child");
        assertThat(bucketDir.resolve("ok.txt")).hasContent("x");
        BackupMetadata m = BackupMetadata.read(dir);
        assertThat(m.refused()).hasSize(3);
        assertThat(m.buckets().get(0).objects()).extracting(BackupMetadata.ObjectEntry::key)
                .contains("..\\..\\win.txt", "ctl\u0001\u001b[31m.txt", "dir");
        assertThat(lines).anyMatch(l -> l.startsWith("warn not backed up: evil//etc/passwd"));
        assertThat(lines).anyMatch(l -> l.contains("encoded file name") && l.contains("ctl\\u0001\\u001b[31m.txt"));
        assertThat(lines).noneMatch(l -> l.contains("\u001b"));
        assertThat(BackupVerifier.verify(dir).valid()).isTrue();
    }

    @Test
    void aBucketNameThatIsNotAFolderNameIsRefusedBeforeAnythingIsWritten() {
        server.createBucket("..");
        assertThatThrownBy(() -> backup().load().run()).isInstanceOfSatisfying(OpsException.class,
                e -> assertThat(e.getMessage()).contains("refusing bucket name '..'"));
        assertThat(out.resolve("prod-abcd")).doesNotExist();
    }

    /**
     * A backup is synced to disk before it is named complete: every file it wrote and every folder it
     * changed while it was still {@code .partial}, the rename after. The syncs are real
     * ({@code fdatasync}/{@code fsync} on the test's folder); the observer only records the order.
     */
    @Nested
    class Durable {
        /** A path synced, whether the backup had been renamed complete at that moment, and whether it is a folder. */
        record Sync(Path path, boolean renamed, boolean folder) {
        }

        final List<Sync> syncs = Collections.synchronizedList(new ArrayList<>());

        BackupResult durableBackup() {
            Path envDir = out.resolve("prod-abcd");
            Durability observed = Durability.observed(p -> syncs.add(new Sync(p, !hasPartial(envDir), Files.isDirectory(p))));
            return backup().durability(observed).load().run();
        }

        /** A run's .partial folder exists from before its first write until its rename. */
        private static boolean hasPartial(Path envDir) {
            try (Stream<Path> s = Files.list(envDir)) {
                return s.anyMatch(p -> p.getFileName().toString().endsWith(BackupStore.PARTIAL));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Test
        void everyFileAndFolderIsSyncedWhilePartialAndTheRenameAfter() throws IOException {
            Path dir = Path.of(durableBackup().directory());
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
            durableBackup();
            server.putObject("avatars", "hello.txt", "changed\n".getBytes(StandardCharsets.UTF_8), "text/plain", null);
            syncs.clear();
            BackupResult second = durableBackup();
            assertThat(second.linked()).isEqualTo(8);
            Path partial = Path.of(second.directory() + BackupStore.PARTIAL);
            List<Path> files = syncs.stream().filter(s -> !s.folder()).map(Sync::path)
                    .filter(p -> !p.getFileName().toString().startsWith(BackupMetadata.FILE_NAME)).toList();
            assertThat(files).containsExactly(partial.resolve("avatars/hello.txt")); // links need their folder synced, not their data
            assertThat(syncs).extracting(Sync::path).contains(partial.resolve("avatars/a/b/d"), partial.resolve("avatars/a/b"),
                    partial.resolve("avatars/a"), partial.resolve("avatars"), partial.resolve("public-docs"));
        }
    }
}
