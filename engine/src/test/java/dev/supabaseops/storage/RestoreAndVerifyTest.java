package dev.supabaseops.storage;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.local.StorageFault;
import dev.supabaseops.testing.StorageFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreAndVerifyTest {
    LocalStorageServer prod;
    LocalStorageServer fresh;
    StorageClient prodClient;
    StorageClient freshClient;
    Path backup;
    @TempDir
    Path out;

    @BeforeEach
    void backUpProd() {
        prod = StorageFixtures.seeded();
        fresh = LocalStorageServer.builder().unicodeKeys(true).start();
        prodClient = StorageFixtures.client(prod);
        freshClient = StorageFixtures.client(fresh);
        backup = Path.of(StorageBackup.configure().client(prodClient).env("prod").projectRef("abcd").out(out).load().run().directory());
    }

    @AfterEach
    void stop() {
        prodClient.close();
        freshClient.close();
        prod.close();
        fresh.close();
    }

    @Test
    void verifyDetectsChangedAndMissingFiles() throws IOException {
        assertThat(BackupVerifier.verify(backup).valid()).isTrue();
        Files.writeString(backup.resolve("avatars/hello.txt"), "hello world v2 (upserteD)\n"); // same size, other bytes
        Files.delete(backup.resolve("avatars/img/photo.jpg"));
        Files.write(backup.resolve("public-docs/readme.txt"), new byte[3]);
        BackupVerifier.VerifyResult r = BackupVerifier.verify(backup);
        assertThat(r.valid()).isFalse();
        assertThat(r.objects()).isEqualTo(9);
        assertThat(r.ok()).isEqualTo(6);
        assertThat(r.problems()).extracting(BackupVerifier.Problem::key, BackupVerifier.Problem::kind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("hello.txt", "sha256"),
                        org.assertj.core.groups.Tuple.tuple("img/photo.jpg", "missing"),
                        org.assertj.core.groups.Tuple.tuple("readme.txt", "size"));
    }

    @Test
    void verifyOfTheEnvFolderChecksItsNewestBackupAndRefusesPartials() throws IOException {
        assertThat(BackupVerifier.verify(backup.getParent()).directory()).isEqualTo(backup.toString());
        Path partial = Files.createDirectory(backup.resolveSibling("20991231T000000Z.partial"));
        assertThatThrownBy(() -> BackupVerifier.verify(partial)).isInstanceOfSatisfying(OpsException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    StorageRestore.Builder restore() {
        return StorageRestore.configure().client(freshClient).env("staging").from(backup).parallel(3);
    }

    @Test
    void restoreDrillRecreatesBucketsSettingsAndObjects() {
        StorageRestore.RestorePlan plan = restore().load().plan();
        assertThat(plan.upload()).isEqualTo(9);
        assertThat(plan.buckets()).allMatch(StorageRestore.RestoreBucketPlan::create);
        assertThat(fresh.keys("avatars")).isEmpty();
        assertThat(fresh.bucketSettings("avatars")).isEmpty(); // the plan changed nothing

        StorageRestore.RestoreResult r = restore().load().apply();
        assertThat(r.uploaded()).isEqualTo(9);
        assertThat(r.createdBuckets()).containsExactly("avatars", "empty-bucket", "public-docs");
        assertThat(fresh.bucketSettings("public-docs").orElseThrow()).containsExactly(true, 1048576L, List.of("text/plain", "image/*"));
        assertThat(fresh.bucketSettings("empty-bucket")).isPresent();
        for (String key : prod.keys("avatars")) {
            assertThat(fresh.object("avatars", key)).as(key).hasValueSatisfying(b -> assertThat(b).isEqualTo(prod.object("avatars", key).orElseThrow()));
            assertThat(fresh.objectHeaders("avatars", key)).as(key).isEqualTo(prod.objectHeaders("avatars", key));
        }
        // a second run finds everything in place
        StorageRestore.RestorePlan again = restore().load().plan();
        assertThat(again.upload()).isZero();
        assertThat(again.skip()).isEqualTo(9);
    }

    @Test
    void restoreReplacesChangedObjectsAndLeavesExtraOnesAlone() {
        restore().load().apply();
        // the same size as the backup's copy: only the etag tells it differs
        fresh.putObject("avatars", "hello.txt", "HELLO WORLD V2 (UPSERTED)\n".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        fresh.putObject("avatars", "only-here.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        StorageRestore.RestoreResult r = restore().buckets(List.of("avatars")).load().apply();
        assertThat(r.uploaded()).isEqualTo(1);
        assertThat(new String(fresh.object("avatars", "hello.txt").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("hello world v2 (upserted)\n");
        assertThat(fresh.keys("avatars")).contains("only-here.txt");
    }

    @Test
    void restoreRefusesADamagedBackupBeforeUploadingAnything() throws IOException {
        Files.delete(backup.resolve("avatars/img/photo.jpg"));
        assertThatThrownBy(() -> restore().load().apply()).isInstanceOfSatisfying(OpsException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("is damaged").contains("avatars/img/photo.jpg").contains("--verify");
        });
        assertThat(fresh.bucketSettings("avatars")).isEmpty();
    }

    @Test
    void restoreRefusesFilesWhoseContentChangedAndReportsEveryFailure() throws IOException {
        Files.writeString(backup.resolve("avatars/hello.txt"), "hello world v2 (upserteD)\n");
        fresh.inject(StorageFault.status(500).on("POST", "/object/avatars/img/photo.jpg").always());
        assertThatThrownBy(() -> restore().load().apply()).isInstanceOfSatisfying(OpsException.class, e ->
                assertThat(e.getMessage()).contains("incomplete: 2 of 9").contains("the others were restored"));
        assertThat(fresh.object("avatars", "hello.txt")).isEmpty();
        assertThat(fresh.object("avatars", "a/b/c.png")).isPresent();
    }

    @Test
    void aRestoreWhoseEveryUploadFailedDoesNotSayTheOthersWereRestored() {
        fresh.inject(StorageFault.status(500).on("POST", "/object/").always());
        assertThatThrownBy(() -> restore().load().apply()).isInstanceOfSatisfying(OpsException.class, e ->
                assertThat(e.getMessage()).contains("incomplete: 9 of 9").contains("none was restored")
                        .doesNotContain("the others were restored"));
    }

    @Test
    void restoreToAServerThatRefusesUnicodeNamesSaysWhich() {
        try (LocalStorageServer strict = LocalStorageServer.start(); StorageClient c = StorageFixtures.client(strict)) {
            assertThatThrownBy(() -> StorageRestore.configure().client(c).env("old").from(backup).load().apply())
                    .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.getMessage())
                            .contains("1 of 9").contains("InvalidKey").contains("héllo wörld"));
        }
    }

    @Test
    void unknownBucketInTheBackupIsAUsageError() {
        assertThatThrownBy(() -> restore().buckets(List.of("nope")).load().plan()).isInstanceOfSatisfying(OpsException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void syncPlansCopiesSkipsIdenticalAndDeletesOnlyWhenAsked() {
        fresh.createBucket("avatars", true, null, null);
        fresh.putObject("avatars", "hello.txt", prod.object("avatars", "hello.txt").orElseThrow(), "text/plain", "no-cache");
        fresh.putObject("avatars", "stale.txt", "old".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        StorageSync.Builder sync = StorageSync.configure().source(prodClient, "prod").target(freshClient, "preprod").parallel(3);
        StorageSync.SyncPlan plan = sync.load().plan();
        assertThat(plan.copy()).isEqualTo(8);
        assertThat(plan.skip()).isEqualTo(1);
        assertThat(plan.delete()).isZero();
        assertThat(plan.buckets().get(0).settingsDiffer()).contains("public true (backup: false)");
        assertThat(fresh.keys("avatars")).containsExactly("hello.txt", "stale.txt"); // dry run

        StorageSync.SyncPlan withDelete = sync.delete(true).load().plan();
        assertThat(withDelete.delete()).isEqualTo(1);
        StorageSync.SyncResult r = sync.delete(true).load().apply();
        assertThat(r.copied()).isEqualTo(8);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.createdBuckets()).containsExactly("empty-bucket", "public-docs");
        assertThat(fresh.keys("avatars")).containsExactlyInAnyOrderElementsOf(prod.keys("avatars"));
        assertThat(fresh.object("avatars", "big/large.bin").orElseThrow()).isEqualTo(prod.object("avatars", "big/large.bin").orElseThrow());
        assertThat(fresh.objectHeaders("avatars", "a/b/c.png")).isEqualTo(prod.objectHeaders("avatars", "a/b/c.png"));
        assertThat(sync.load().plan().copy()).isZero();
    }
}
