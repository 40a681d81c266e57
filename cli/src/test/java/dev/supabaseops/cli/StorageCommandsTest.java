package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StorageCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    LocalStorageServer prod;
    LocalStorageServer preprod;
    @TempDir
    Path work;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() {
        prod = StorageFixtures.seeded();
        preprod = LocalStorageServer.builder().unicodeKeys(true).start();
        env.put("SUPABASE_PROD_URL", prod.url());
        env.put("SUPABASE_PROD_SERVICE_ROLE_KEY", prod.serviceKey());
        env.put("SUPABASE_PREPROD_URL", preprod.url());
        env.put("SUPABASE_PREPROD_SERVICE_ROLE_KEY", preprod.serviceKey());
    }

    @AfterEach
    void stop() {
        prod.close();
        preprod.close();
    }

    Cli.Result run(String... args) {
        Cli.Result r = Cli.run(env, work, args);
        assertThat(r.all()).doesNotContain(prod.serviceKey()).doesNotContain(preprod.serviceKey());
        return r;
    }

    static void assertOneLineError(Cli.Result r, int code, String... fragments) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(code);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).contains(fragments);
    }

    List<Path> backups() throws IOException {
        Path dir = work.resolve("backups/storage/prod-local");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void backsUpVerifiesAndPrintsJson() throws IOException {
        Cli.Result r = run("backup-storage", "--env", "prod");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("backup complete: ").contains("3 buckets, 9 objects").contains("9 downloaded");
        assertThat(backups()).hasSize(1);
        Path dir = backups().get(0);
        assertThat(dir.resolve("avatars/a/b/c.png")).exists();

        Cli.Result again = run("backup-storage", "--env", "prod", "--json", "--no-fsync"); // a scratch copy: no sync
        assertThat(again.exitCode()).isZero();
        JsonNode json = JSON.readTree(again.out());
        assertThat(json.get("linked").asLong()).isEqualTo(9);
        assertThat(json.get("downloaded").asLong()).isZero();

        Cli.Result ok = run("backup-storage", "--verify", dir.toString());
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("backup OK").contains("9 of 9 objects");
        Files.write(dir.resolve("avatars/img/photo.jpg"), new byte[1000]);
        Cli.Result bad = run("backup-storage", "--verify", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("backup DAMAGED").contains("sha256: avatars/img/photo.jpg");
    }

    /** Names with control characters reach the terminal as escapes, one line per object. */
    @Test
    void planAndVerifyLinesShowControlCharactersAsEscapes() throws IOException {
        prod.createBucket("evil");
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        prod.putObject("evil", "../\u001b[31mred\nline", x); // refused: it would leave the folder
        prod.putObject("evil", "ctl\u001b[32m\ngreen.txt", x); // kept under an encoded file name
        Cli.Result plan = run("backup-storage", "--env", "prod", "--buckets", "evil", "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("  refused: evil/../\\u001b[31mred\\u000aline (").doesNotContain("\u001b");

        assertThat(run("backup-storage", "--env", "prod", "--buckets", "evil").exitCode()).isZero();
        Path dir = backups().get(0);
        try (Stream<Path> files = Files.list(dir.resolve("evil"))) {
            Files.write(files.filter(f -> f.getFileName().toString().startsWith("ctl")).findFirst().orElseThrow(), new byte[3]);
        }
        Cli.Result bad = run("backup-storage", "--verify", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("  size: evil/ctl\\u001b[32m\\u000agreen.txt (").doesNotContain("\u001b")
                .doesNotContain("\ngreen");
    }

    @Test
    void anOutFolderThatCannotBeMadeIsExit2InOneLine() throws IOException {
        Path file = Files.writeString(work.resolve("not-a-folder"), "x"); // root ignores permissions; a file cannot hold folders
        Cli.Result r = run("backup-storage", "--env", "prod", "--out", "not-a-folder/backups");
        assertOneLineError(r, 2, "cannot create a backup folder under", file + "/backups: Not a directory",
                "choose a writable --out");
        assertThat(file).hasContent("x");
    }

    @Test
    void dryRunPlansWithoutWriting() throws IOException {
        Cli.Result r = run("backup-storage", "--env", "prod", "--buckets", "avatars,empty-bucket", "--dry-run");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("plan (dry run)").contains("avatars: 8 objects").contains("empty-bucket: 0 objects");
        assertThat(backups()).isEmpty();
    }

    @Test
    void configFileSuppliesDefaults() throws IOException {
        Files.writeString(work.resolve("supabase-ops.yml"),
                "environments: { prod: { projectRef: abcd } }\nstorage: { buckets: [public-docs], backupDir: snapshots, keep: 1, parallel: 2 }\n");
        assertThat(run("backup-storage", "--env", "prod").exitCode()).isZero();
        assertThat(run("backup-storage", "--env", "prod", "--no-incremental").exitCode()).isZero();
        try (Stream<Path> s = Files.list(work.resolve("snapshots/prod-abcd"))) {
            List<Path> all = s.toList();
            assertThat(all).hasSize(1); // keep: 1
            assertThat(all.get(0).resolve("public-docs/readme.txt")).exists();
            assertThat(all.get(0).resolve("avatars")).doesNotExist();
        }
    }

    @Test
    void hardFailureExitsOneKeepsPartialAndLeavesOlderBackups() throws IOException {
        // two complete backups: retention at --keep 1 would delete the older one if it ran
        assertThat(run("backup-storage", "--env", "prod", "--keep", "2").exitCode()).isZero();
        assertThat(run("backup-storage", "--env", "prod", "--keep", "2").exitCode()).isZero();
        List<Path> good = backups();
        assertThat(good).hasSize(2);
        prod.inject(StorageFault.status(404).on("GET", "/object/avatars/big/large.bin").always());
        Cli.Result r = run("backup-storage", "--env", "prod", "--keep", "1", "--no-incremental");
        assertOneLineError(r, 1, "backup of prod failed", "avatars/big/large.bin", ".partial");
        assertThat(backups()).hasSize(3).containsAll(good);
        assertThat(backups()).anyMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }

    @Test
    void unknownBucketBadKeyMissingKeyAndUnreachableHostAreOneLine() {
        assertOneLineError(run("backup-storage", "--env", "prod", "--buckets", "nope"), 2, "unknown bucket in prod: nope");
        env.put("SUPABASE_PROD_SERVICE_ROLE_KEY", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.not-the-right-one");
        Cli.Result badKey = run("backup-storage", "--env", "prod");
        assertOneLineError(badKey, 2, "refused the key", "SUPABASE_PROD_SERVICE_ROLE_KEY");
        assertThat(badKey.all()).doesNotContain("not-the-right-one");
        env.remove("SUPABASE_PROD_SERVICE_ROLE_KEY");
        assertOneLineError(run("backup-storage", "--env", "prod"), 2, "SUPABASE_PROD_SERVICE_ROLE_KEY");
        env.put("SUPABASE_PROD_SERVICE_ROLE_KEY", "sb_secret_unreachable_host_key");
        env.put("SUPABASE_PROD_URL", "https://abcdefgh.invalid");
        Cli.Result unreachable = run("backup-storage", "--env", "prod");
        assertOneLineError(unreachable, 1, "cannot reach abcdefgh.invalid");
        assertThat(unreachable.all()).doesNotContain("sb_secret_unreachable_host_key");
    }

    /** --debug prints the stack trace too; neither it nor a URL that carries a password shows a secret. */
    @Test
    void debugOutputAndAUrlWithAPasswordShowNoSecret() {
        env.put("SUPABASE_PROD_SERVICE_ROLE_KEY", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.debug-wrong-key");
        Cli.Result badKey = run("backup-storage", "--env", "prod", "--debug");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("refused the key").contains("\tat dev.supabaseops.");
        assertThat(badKey.all()).doesNotContain("debug-wrong-key");

        env.put("SUPABASE_PROD_SERVICE_ROLE_KEY", prod.serviceKey());
        prod.inject(StorageFault.status(500).on("GET", "/object/avatars/big/large.bin").always());
        Cli.Result failed = run("backup-storage", "--env", "prod", "--debug", "--json");
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.err()).contains("avatars/big/large.bin").contains("\tat dev.supabaseops.");

        env.put("SUPABASE_PROD_URL", prod.url().replace("://", "://ops:url-pass-word@"));
        Cli.Result credentials = run("backup-storage", "--env", "prod", "--debug");
        assertOneLineError(credentials, 2, "project URL of environment 'prod' has a user name or password in it");
        assertThat(credentials.all()).doesNotContain("url-pass-word");
    }

    @Test
    void firewallBlockIsExitOneAndSaysSo() {
        prod.inject(StorageFault.htmlForbidden().always());
        assertOneLineError(run("backup-storage", "--env", "prod"), 1, "firewall");
    }

    @Test
    void restorePlansThenNeedsConfirmationForAProtectedTarget() throws IOException {
        Files.writeString(work.resolve("supabase-ops.yml"), "environments: { preprod: { protected: true } }\n");
        assertThat(run("backup-storage", "--env", "prod").exitCode()).isZero();
        String from = backups().get(0).toString();

        Cli.Result plan = run("restore-storage", "--env", "preprod", "--from", from, "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("avatars (create bucket): 8 to upload").contains("public-docs (create bucket): 1 to upload");
        assertThat(preprod.bucketSettings("avatars")).isEmpty();

        assertOneLineError(run("restore-storage", "--env", "preprod", "--from", from), 3, "protected", "--confirm preprod");
        assertOneLineError(run("restore-storage", "--env", "preprod", "--from", from, "--confirm", "prod"), 3, "--confirm preprod");
        Cli.Result r = run("restore-storage", "--env", "preprod", "--from", work.resolve("backups/storage/prod-local").toString(),
                "--confirm", "preprod");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("9 objects uploaded");
        assertThat(preprod.keys("avatars")).containsExactlyInAnyOrderElementsOf(prod.keys("avatars"));

        assertOneLineError(run("restore-storage", "--env", "preprod", "--from", work.resolve("nowhere").toString(), "--confirm", "preprod"),
                2, "does not exist");
    }

    @Test
    void syncPlansCopiesAndDeletesOnlyWithDelete() {
        preprod.createBucket("avatars");
        preprod.putObject("avatars", "stale.txt", "old".getBytes(StandardCharsets.UTF_8));
        Cli.Result plan = run("sync-storage", "--from", "prod", "--to", "preprod", "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("9 to copy").contains("target-only objects kept");
        assertThat(preprod.keys("avatars")).containsExactly("stale.txt");

        Cli.Result r = run("sync-storage", "--from", "prod", "--to", "preprod", "--delete", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(preprod.keys("avatars")).containsExactlyInAnyOrderElementsOf(prod.keys("avatars"));
        Cli.Result again = run("sync-storage", "--from", "prod", "--to", "preprod");
        assertThat(again.out()).contains("0 copied").contains("9 identical");
        assertOneLineError(run("sync-storage", "--from", "prod", "--to", "prod"), 2, "same environment");
    }

    @Test
    void syncIntoAProtectedTargetNeedsConfirmation() throws IOException {
        Files.writeString(work.resolve("supabase-ops.yml"), "environments: { preprod: { protected: true } }\n");
        assertOneLineError(run("sync-storage", "--from", "prod", "--to", "preprod", "--buckets", "public-docs"), 3, "--confirm preprod");
        assertThat(preprod.bucketSettings("public-docs")).isEmpty();
        Cli.Result r = run("sync-storage", "--from", "prod", "--to", "preprod", "--buckets", "public-docs", "--confirm", "preprod");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(preprod.bucketSettings("public-docs").orElseThrow()).containsExactly(true, 1048576L, List.of("text/plain", "image/*"));
    }
}
