package dev.supabaseops.jenkins;

import dev.supabaseops.local.LocalStorageServer;
import hudson.AbortException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * supabaseBackupStorage, supabaseRestoreStorage and supabaseSyncStorage: arguments to the storage
 * engines and their plans/results back as Maps, against two real Storage API servers on loopback.
 */
class StorageStepsTest {
    private static final String PROD_KEY = "sb_secret_prod-key-0123456789";
    private static final String PREPROD_KEY = "sb_secret_preprod-key-9876543210";

    @TempDir
    Path ws;
    LocalStorageServer prod;
    LocalStorageServer preprod;
    StepHarness harness;

    @BeforeEach
    void servers() {
        prod = LocalStorageServer.builder().serviceKey(PROD_KEY).start();
        preprod = LocalStorageServer.builder().serviceKey(PREPROD_KEY).start();
        prod.createBucket("avatars", true, null, null);
        prod.putObject("avatars", "a/one.png", bytes("one"));
        prod.putObject("avatars", "two.txt", bytes("two"));
        prod.createBucket("docs");
        prod.putObject("docs", "readme.md", bytes("hello"));
        harness = new StepHarness()
                .credential("supabase-prod-service-role-key", PROD_KEY)
                .credential("supabase-preprod-service-role-key", PREPROD_KEY)
                .env("SUPABASE_PROD_URL", prod.url())
                .env("SUPABASE_PREPROD_URL", preprod.url());
    }

    @AfterEach
    void stop() {
        prod.close();
        preprod.close();
    }

    @Test
    void backupWritesIntoTheWorkspaceAndIsIncrementalTheSecondTime() throws Exception {
        SupabaseBackupStorageStep plan = new SupabaseBackupStorageStep("prod");
        plan.setDryRun(true);
        Map<String, Object> planned = harness.run(plan, ws);
        assertThat(planned).containsEntry("objects", 3L).containsEntry("download", 3L);
        assertThat(ws.resolve("backups")).doesNotExist();

        SupabaseBackupStorageStep step = new SupabaseBackupStorageStep("prod");
        step.setOut("nightly");
        step.setKeep(1);
        step.setParallel(2);
        Map<String, Object> first = harness.run(step, ws);
        assertThat(first).containsEntry("environment", "prod").containsEntry("objects", 3L).containsEntry("downloaded", 3L);
        Path dir = Path.of((String) first.get("directory"));
        assertThat(dir).startsWith(ws.resolve("nightly"));
        assertThat(dir.resolve("docs/readme.md")).hasContent("hello");

        Thread.sleep(1100); // backup folders are named by the second
        Map<String, Object> second = harness.run(step, ws);
        assertThat(second).containsEntry("downloaded", 0L).containsEntry("linked", 3L);
        assertThat((List<?>) second.get("deletedBackups")).hasSize(1); // keep: 1

        SupabaseBackupStorageStep verify = new SupabaseBackupStorageStep(); // verify needs no environment
        verify.setVerify(ws.relativize(Path.of((String) second.get("directory"))).toString());
        assertThat(harness.run(verify, ws)).containsEntry("ok", 3L).containsEntry("problems", List.of());

        Files.writeString(Path.of((String) second.get("directory")).resolve("docs/readme.md"), "tampered");
        assertThatThrownBy(() -> harness.run(verify, ws))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("supabaseBackupStorage: backup ")
                .hasMessageContaining("is damaged: 1 problem(s)")
                .hasMessageEndingWith("(exit code 1)");
    }

    @Test
    void bucketsArgumentSelectsBuckets() throws Exception {
        SupabaseBackupStorageStep step = new SupabaseBackupStorageStep("prod");
        step.setBuckets("docs");
        Map<String, Object> result = harness.run(step, ws);
        assertThat(result).containsEntry("buckets", 1).containsEntry("objects", 1L);
    }

    @Test
    void restoreAndSyncPlanThenApplyAndProtectedTargetsNeedConfirm() throws Exception {
        Map<String, Object> backup = harness.run(new SupabaseBackupStorageStep("prod"), ws);
        String backupDir = ws.relativize(Path.of((String) backup.get("directory"))).toString();
        Files.writeString(ws.resolve("supabase-ops.yml"), "environments:\n  preprod: { protected: true }\n");

        SupabaseRestoreStorageStep restore = new SupabaseRestoreStorageStep("preprod", backupDir);
        restore.setDryRun(true);
        assertThat(harness.run(restore, ws)).containsEntry("upload", 3L);
        assertThat(preprod.keys("avatars")).isEmpty();

        restore.setDryRun(false);
        assertThatThrownBy(() -> harness.run(restore, ws))
                .hasMessage("supabaseRestoreStorage: environment 'preprod' is protected: pass --confirm preprod to change it (exit code 3)");
        restore.setConfirm("preprod");
        restore.setBuckets("avatars");
        Map<String, Object> restored = harness.run(restore, ws);
        assertThat(restored).containsEntry("uploaded", 2L).containsEntry("createdBuckets", List.of("avatars"));
        assertThat(preprod.object("avatars", "two.txt")).hasValue(bytes("two"));

        preprod.createBucket("docs");
        preprod.putObject("docs", "stale.md", bytes("old"));
        SupabaseSyncStorageStep sync = new SupabaseSyncStorageStep("prod", "preprod");
        sync.setDelete(true);
        sync.setDryRun(true);
        Map<String, Object> plan = harness.run(sync, ws);
        assertThat(plan).containsEntry("copy", 1L).containsEntry("skip", 2L).containsEntry("delete", 1L);

        sync.setDryRun(false);
        assertThat(catchThrowable(() -> harness.run(sync, ws))).hasMessageEndingWith("(exit code 3)");
        sync.setConfirm("preprod");
        Map<String, Object> synced = harness.run(sync, ws);
        assertThat(synced).containsEntry("copied", 1L).containsEntry("deleted", 1L);
        assertThat(preprod.keys("docs")).containsExactly("readme.md");
    }

    @Test
    void serviceRoleKeysNeverReachTheLogOrTheResult() throws Exception {
        SupabaseSyncStorageStep sync = new SupabaseSyncStorageStep("prod", "preprod");
        Map<String, Object> result = harness.run(sync, ws);
        assertThat(result.toString()).doesNotContain(PROD_KEY).doesNotContain(PREPROD_KEY);
        assertThat(harness.log()).contains("[supabaseSyncStorage]").doesNotContain(PROD_KEY).doesNotContain(PREPROD_KEY);

        SupabaseBackupStorageStep wrongKey = new SupabaseBackupStorageStep("prod");
        wrongKey.setServiceRoleKeyCredentialsId("wrong");
        harness.credential("wrong", "sb_secret_wrong-key-555555");
        Throwable thrown = catchThrowable(() -> harness.run(wrongKey, ws));
        assertThat(thrown).isInstanceOf(AbortException.class).hasMessageStartingWith("supabaseBackupStorage: ");
        assertThat(thrown.getMessage() + harness.log()).doesNotContain("wrong-key-555555");
    }

    @Test
    void missingProjectUrlNamesTheVariable() throws Exception {
        StepHarness bare = new StepHarness().credential("supabase-prod-service-role-key", PROD_KEY);
        assertThatThrownBy(() -> bare.run(new SupabaseBackupStorageStep("prod"), ws))
                .hasMessageStartingWith("supabaseBackupStorage: environment 'prod' has no project URL: set SUPABASE_PROD_URL")
                .hasMessageEndingWith("(exit code 2)");
        try (Stream<Path> files = Files.list(ws)) {
            assertThat(files).isEmpty();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
