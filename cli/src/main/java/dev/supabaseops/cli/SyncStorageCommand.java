package dev.supabaseops.cli;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.StorageRuns;
import dev.supabaseops.storage.StorageSync;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code sync-storage}: copy buckets from one environment to another. Declared through {@link CommandSpecs}. */
public final class SyncStorageCommand extends OpsCommand {
    String from;
    String to;
    List<String> buckets;
    boolean delete;
    Integer parallel;
    boolean dryRun;
    String confirm;

    CommandSpec spec(CliContext ctx) {
        CommandSpec spec = commandSpec(ctx, "sync-storage", new String[]{
                        "Copy buckets between environments: missing buckets are created with the source's settings, "
                                + "identical objects (same etag and size) are skipped, changed and missing ones copied. Target objects "
                                + "the source lacks are deleted only with --delete."},
                "0:synced (or planned, with --dry-run)", "1:some copies failed (nothing was deleted then)",
                "2:bad usage or configuration: unknown environment or bucket, missing URL or key, the key was refused",
                "3:the target is protected and --confirm <env> was not given");
        spec.addOption(CommandSpecs.requiredText("--from", "ENV", "Source environment.", () -> from, v -> from = v));
        spec.addOption(CommandSpecs.requiredText("--to", "ENV", "Target environment.", () -> to, v -> to = v));
        spec.addOption(CommandSpecs.list("--buckets", "a,b", "Buckets to copy (default: storage.buckets, else all).",
                () -> buckets, v -> buckets = v));
        spec.addOption(CommandSpecs.flag("--delete", "Also delete target objects that the source does not have.",
                () -> delete, v -> delete = v));
        spec.addOption(CommandSpecs.number("--parallel", "N", "Concurrent copies (default: storage.parallel, else 4).",
                () -> parallel, v -> parallel = v));
        spec.addOption(CommandSpecs.flag("--dry-run", "Plan only: buckets to create, objects to copy, skip or delete. Changes nothing.",
                () -> dryRun, v -> dryRun = v));
        spec.addOption(CommandSpecs.text("--confirm", "ENV", "Required when the target is a protected environment: its name.",
                () -> confirm, v -> confirm = v));
        return CommandSpecs.standardHelp(spec);
    }

    @Override
    protected int execute() {
        ProgressListener listener = listener();
        StorageRuns.SyncRequest request = new StorageRuns.SyncRequest(from, to, StorageCommands.flag(buckets), delete, parallel, confirm);
        if (dryRun) {
            StorageSync.SyncPlan plan = StorageRuns.planSync(config(), request, listener);
            if (json()) {
                printJson(plan);
                return 0;
            }
            println("plan (dry run): sync " + plan.from() + " -> " + plan.to() + ": " + plan.copy() + " to copy ("
                    + Amounts.bytes(plan.copyBytes()) + "), " + plan.skip() + " identical"
                    + (plan.deleteExtra() ? ", " + plan.delete() + " to delete" : " (target-only objects kept; --delete removes them)"));
            plan.buckets().forEach(b -> println("  " + b.name() + (b.create() ? " (create bucket)" : "") + ": " + b.copy() + " to copy, "
                    + b.skip() + " identical" + (plan.deleteExtra() ? ", " + b.delete() + " to delete" : "")
                    + (b.settingsDiffer() == null ? "" : "; target settings differ and stay: " + b.settingsDiffer())
                    + (b.refused().isEmpty() ? "" : "; " + b.refused().size() + " refused (names HTTP cannot address)")));
            return 0;
        }
        StorageSync.SyncResult r = StorageRuns.sync(config(), request, listener);
        if (json()) {
            printJson(r);
            return 0;
        }
        println("sync complete: " + r.from() + " -> " + r.to() + ": " + r.copied() + " copied (" + Amounts.bytes(r.copiedBytes())
                + "), " + r.skipped() + " identical, " + r.deleted() + " deleted"
                + (r.createdBuckets().isEmpty() ? "" : "; buckets created: " + String.join(", ", r.createdBuckets())));
        return 0;
    }
}
