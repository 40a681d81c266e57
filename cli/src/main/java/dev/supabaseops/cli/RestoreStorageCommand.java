package dev.supabaseops.cli;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.StorageRestore;
import dev.supabaseops.storage.StorageRuns;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code restore-storage}: upload a backup into an environment. Declared through {@link CommandSpecs}. */
public final class RestoreStorageCommand extends OpsCommand {
    String env;
    String from;
    List<String> buckets;
    Integer parallel;
    boolean dryRun;
    String confirm;

    CommandSpec spec(CliContext ctx) {
        CommandSpec spec = commandSpec(ctx, "restore-storage", new String[]{
                        "Upload a backup into an environment: missing buckets are created with the backed-up settings, "
                                + "objects keep content type and cache control, objects already there with the same etag and size are "
                                + "skipped, objects the backup lacks are left alone. Files are re-hashed before upload."},
                "0:restored (or planned, with --dry-run)", "1:some uploads failed, or the backup is damaged",
                "2:bad usage or configuration: not a backup folder, unknown bucket, missing URL or key, the key was refused",
                "3:the target is protected and --confirm <env> was not given");
        spec.addOption(CommandSpecs.requiredText("--env", "ENV", "Environment to restore into.", () -> env, v -> env = v));
        spec.addOption(CommandSpecs.requiredText("--from", "DIR", "Backup folder, or an <env>-<ref> folder (its newest backup).",
                () -> from, v -> from = v));
        spec.addOption(CommandSpecs.list("--buckets", "a,b", "Buckets to restore (default: all in the backup).",
                () -> buckets, v -> buckets = v));
        spec.addOption(CommandSpecs.number("--parallel", "N", "Concurrent uploads (default: storage.parallel, else 4).",
                () -> parallel, v -> parallel = v));
        spec.addOption(CommandSpecs.flag("--dry-run", "Plan only: buckets to create, objects to upload or skip. Changes nothing.",
                () -> dryRun, v -> dryRun = v));
        spec.addOption(CommandSpecs.text("--confirm", "ENV", "Required to restore into a protected environment: its name.",
                () -> confirm, v -> confirm = v));
        return CommandSpecs.standardHelp(spec);
    }

    @Override
    protected int execute() {
        ProgressListener listener = listener();
        StorageRuns.RestoreRequest request = new StorageRuns.RestoreRequest(env, from, buckets, parallel, confirm);
        if (dryRun) {
            StorageRestore.RestorePlan plan = StorageRuns.planRestore(config(), request, listener);
            if (json()) {
                printJson(plan);
                return 0;
            }
            println("plan (dry run): restore " + plan.source() + " (" + plan.backupEnvironment() + ", " + plan.backupProjectRef()
                    + ", finished " + plan.backupFinishedAt() + ") into " + plan.environment());
            plan.buckets().forEach(b -> println("  " + b.name() + (b.create() ? " (create bucket)" : "") + ": " + b.upload()
                    + " to upload (" + Amounts.bytes(b.uploadBytes()) + "), " + b.skip() + " already there"
                    + (b.settingsDiffer() == null ? "" : "; existing settings differ and stay: " + b.settingsDiffer())));
            return 0;
        }
        StorageRestore.RestoreResult r = StorageRuns.restore(config(), request, listener);
        if (json()) {
            printJson(r);
            return 0;
        }
        println("restore complete: " + r.source() + " -> " + r.environment());
        println("  " + Amounts.of(r.uploaded(), "object") + " uploaded (" + Amounts.bytes(r.uploadedBytes()) + "), " + r.skipped()
                + " already there" + (r.createdBuckets().isEmpty() ? "" : "; buckets created: " + String.join(", ", r.createdBuckets())));
        return 0;
    }
}
