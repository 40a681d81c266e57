package dev.supabaseops.cli;

import dev.supabaseops.storage.TransferSizes;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.StorageRuns;
import dev.supabaseops.storage.StorageSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code sync-storage}: copy buckets from one environment to another. */
@Command(name = "sync-storage", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Copy buckets between environments: missing buckets are created with the source's settings, "
                + "identical objects (same etag and size) are skipped, changed and missing ones copied. Target objects "
                + "the source lacks are deleted only with --delete.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:synced (or planned, with --dry-run)", "1:some copies failed (nothing was deleted then)",
                "2:bad usage or configuration: unknown environment or bucket, missing URL or key, the key was refused",
                "3:the target is protected and --confirm <env> was not given"})
public final class SyncStorageCommand extends OpsCommand {
    @Option(names = "--from", required = true, paramLabel = "ENV", description = "Source environment.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "Target environment.")
    String to;

    @Option(names = "--buckets", split = ",", paramLabel = "a,b", description = "Buckets to copy (default: storage.buckets, else all).")
    List<String> buckets;

    @Option(names = "--delete", description = "Also delete target objects that the source does not have.")
    boolean delete;

    @Option(names = "--parallel", paramLabel = "N", description = "Concurrent copies (default: storage.parallel, else 4).")
    Integer parallel;

    @Option(names = "--dry-run", description = "Plan only: buckets to create, objects to copy, skip or delete. Changes nothing.")
    boolean dryRun;

    @Option(names = "--confirm", paramLabel = "ENV", description = "Required when the target is a protected environment: its name.")
    String confirm;

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
                    + TransferSizes.human(plan.copyBytes()) + "), " + plan.skip() + " identical"
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
        println("sync complete: " + r.from() + " -> " + r.to() + ": " + r.copied() + " copied (" + TransferSizes.human(r.copiedBytes())
                + "), " + r.skipped() + " identical, " + r.deleted() + " deleted"
                + (r.createdBuckets().isEmpty() ? "" : "; buckets created: " + String.join(", ", r.createdBuckets())));
        return 0;
    }
}
