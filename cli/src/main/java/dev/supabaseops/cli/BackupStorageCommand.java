package dev.supabaseops.cli;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.BackupVerifier;
import dev.supabaseops.storage.StorageBackup;
import dev.supabaseops.storage.StorageRuns;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code backup-storage}: back up buckets to disk, or {@code --verify} a backup. Declared through {@link CommandSpecs}. */
public final class BackupStorageCommand extends OpsCommand {
    String env;
    List<String> buckets;
    String out;
    Integer keep;
    Integer parallel;
    boolean noIncremental;
    boolean noFsync;
    boolean dryRun;
    String verify;

    CommandSpec spec(CliContext ctx) {
        CommandSpec spec = commandSpec(ctx, "backup-storage", new String[]{
                        "Back up Storage buckets into <out>/<env>-<ref>/<UTC timestamp>/<bucket>/<path> with "
                                + "_backup_metadata.json. Written as <timestamp>.partial and renamed when every object is written "
                                + "and checked; unchanged objects are hard-linked from the newest complete backup.",
                        "With --verify DIR: re-hash every file of a backup against its metadata."},
                "0:backup complete (or verify found no problem)",
                "1:a download or check failed (the .partial folder is kept), or verify found problems",
                "2:bad usage or configuration: unknown environment or bucket, missing URL or key, the key was refused, "
                        + "a backup folder that cannot be created");
        spec.addOption(CommandSpecs.text("--env", "ENV", "Environment to back up.", () -> env, v -> env = v));
        spec.addOption(CommandSpecs.list("--buckets", "a,b", "Buckets to back up (default: storage.buckets, else all).",
                () -> buckets, v -> buckets = v));
        spec.addOption(CommandSpecs.text("--out", "DIR", "Backup root (default: storage.backupDir, else backups/storage).",
                () -> out, v -> out = v));
        spec.addOption(CommandSpecs.number("--keep", "N", "Complete backups to keep per environment (default: storage.keep, else 5).",
                () -> keep, v -> keep = v));
        spec.addOption(CommandSpecs.number("--parallel", "N", "Concurrent downloads (default: storage.parallel, else 4).",
                () -> parallel, v -> parallel = v));
        spec.addOption(CommandSpecs.flag("--no-incremental", "Download every object, even those unchanged since the newest backup.",
                () -> noIncremental, v -> noIncremental = v));
        spec.addOption(CommandSpecs.flag("--no-fsync", "Do not sync files and folders to disk before the backup is named complete "
                + "(faster on slow disks; a power loss right after may leave a \"complete\" backup with truncated files).",
                () -> noFsync, v -> noFsync = v));
        spec.addOption(CommandSpecs.flag("--dry-run", "List and plan only: what would be downloaded or linked. Writes nothing.",
                () -> dryRun, v -> dryRun = v));
        spec.addOption(CommandSpecs.text("--verify", "DIR",
                "Verify a backup folder (or an <env>-<ref> folder: its newest backup) instead of backing up.", () -> verify, v -> verify = v));
        return CommandSpecs.standardHelp(spec);
    }

    @Override
    protected int execute() {
        ProgressListener listener = listener();
        if (verify != null) {
            if (env != null || dryRun) {
                throw OpsException.usage("--verify takes only the backup folder: drop --env/--dry-run");
            }
            BackupVerifier.VerifyResult r = BackupVerifier.verify(ctx().path(verify), listener);
            if (json()) {
                printJson(r);
            } else {
                println((r.valid() ? "backup OK: " : "backup DAMAGED: ") + r.directory() + " (" + r.environment() + ", "
                        + r.projectRef() + ", finished " + r.backupFinishedAt() + ")");
                println("  " + r.ok() + " of " + Amounts.of(r.objects(), "object") + " match their size and SHA-256 (" + Amounts.bytes(r.bytes()) + ")");
                r.problems().forEach(p -> println("  " + p.line()));
            }
            return r.valid() ? 0 : 1;
        }
        if (env == null) {
            throw OpsException.usage("backup-storage needs --env ENV (or --verify DIR)");
        }
        StorageRuns.BackupRequest request = new StorageRuns.BackupRequest(env, StorageCommands.flag(buckets), out, keep, parallel,
                !noIncremental, !noFsync);
        if (dryRun) {
            StorageBackup.BackupPlan plan = StorageRuns.planBackup(config(), request, listener);
            if (json()) {
                printJson(plan);
                return 0;
            }
            println("plan (dry run): back up " + Amounts.of(plan.objects(), "object") + " (" + Amounts.bytes(plan.bytes()) + ") of "
                    + plan.environment() + " into " + plan.backupRoot() + "/<timestamp>");
            plan.buckets().forEach(b -> println("  " + b.name() + ": " + Amounts.of(b.objects(), "object") + " (" + Amounts.bytes(b.bytes())
                    + "), " + b.download() + " to download (" + Amounts.bytes(b.downloadBytes()) + "), " + b.link() + " unchanged"
                    + (b.objects() == 0 ? " (empty: settings only)" : "")));
            if (plan.previousBackup() != null) {
                println("  unchanged objects would be linked from " + plan.previousBackup());
            }
            plan.refused().forEach(r -> println("  refused: " + r.line()));
            return 0;
        }
        StorageBackup.BackupResult r = StorageRuns.backup(config(), request, listener);
        if (json()) {
            printJson(r);
            return 0;
        }
        println("backup complete: " + r.directory());
        println("  " + Amounts.of(r.buckets(), "bucket") + ", " + Amounts.of(r.objects(), "object") + " (" + Amounts.bytes(r.bytes()) + "): "
                + r.downloaded() + " downloaded (" + Amounts.bytes(r.downloadedBytes()) + "), " + r.linked() + " unchanged (linked)");
        if (!r.refused().isEmpty()) {
            println("  " + r.refused().size() + " object(s) NOT backed up: their names cannot be addressed over HTTP (see warnings and "
                    + "\"refused\" in _backup_metadata.json)");
        }
        if (!r.renamed().isEmpty()) {
            println("  " + r.renamed().size() + " object(s) stored under encoded file names (unsafe names; metadata keeps the real ones)");
        }
        r.deletedBackups().forEach(d -> println("  retention: deleted " + d));
        return 0;
    }
}
