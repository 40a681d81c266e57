package dev.supabaseops.cli;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.sync.DataSync;
import dev.supabaseops.sync.ExportManifest;
import dev.supabaseops.sync.SyncMode;
import dev.supabaseops.sync.SyncDataRun;
import dev.supabaseops.sync.SyncPlan;
import dev.supabaseops.sync.SyncRefusedException;
import dev.supabaseops.sync.SyncResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code sync-data}: copy configuration tables between environments, with a plan first. */
@Command(name = "sync-data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy configuration tables from one environment to another in one transaction,",
                "matching rows by primary key; --dry-run prints the plan (inserts, updates, deletes, URL rewrites)."},
        footer = {"", "Examples:",
                "  sync-data --from preprod --to prod --tables plans,features --dry-run",
                "  sync-data --from preprod --to prod --confirm prod",
                "  sync-data --from prod --export backups/config-2024-06-01",
                "  sync-data --import backups/config-2024-06-01 --to staging"})
public final class SyncDataCommand extends OpsCommand {
    @Option(names = "--from", paramLabel = "ENV", description = "Source environment.")
    String from;

    @Option(names = "--to", paramLabel = "ENV", description = "Target environment.")
    String to;

    @Option(names = "--tables", paramLabel = "T1,T2", split = ",",
            description = "Tables to copy (schema.name allowed; default schema public). Default: sync.tables.")
    List<String> tables;

    @Option(names = "--dry-run", description = "Print the plan; write nothing.")
    boolean dryRun;

    @Option(names = "--mode", paramLabel = "upsert|mirror", defaultValue = "upsert",
            description = "upsert (default): insert and update; mirror: also delete target rows the source lacks.")
    SyncMode mode;

    @Option(names = "--export", paramLabel = "DIR", description = "Write the source tables to DIR (one file each + manifest.json); no target.")
    String exportDir;

    @Option(names = "--import", paramLabel = "DIR", description = "Use an export folder as the source.")
    String importDir;

    @Option(names = "--ignore-missing-columns", description = "Leave out source columns the target lacks instead of failing.")
    boolean ignoreMissingColumns;

    @Option(names = "--disable-triggers", paramLabel = "user",
            description = "'user': disable the target tables' user triggers during the write (system triggers stay on).")
    String disableTriggers;

    @Option(names = "--no-rewrite-urls", description = "Do not rewrite storage URLs to the target project's URL.")
    boolean noRewriteUrls;

    @Option(names = "--confirm", paramLabel = "ENV", description = "Required to write to a protected environment: its name.")
    String confirm;

    @Override
    protected int execute() {
        if (disableTriggers != null && !disableTriggers.equals("user")) {
            throw OpsException.usage("--disable-triggers accepts only 'user' (disabling ALL triggers would turn off foreign"
                    + " keys, and hosted Supabase does not allow it)");
        }
        if (exportDir != null && importDir != null) {
            throw OpsException.usage("--export and --import cannot be combined: export reads --from, import writes --to");
        }
        OpsConfig cfg = config();
        if (exportDir != null) {
            return export(cfg);
        }
        if (importDir != null && from != null) {
            throw OpsException.usage("--import DIR is the source: drop --from");
        }
        if (importDir == null && from == null) {
            throw OpsException.usage("no source: pass --from ENV (or --import DIR)");
        }
        if (to == null) {
            throw OpsException.usage("no target: pass --to ENV");
        }
        EnvironmentConfig target = cfg.environment(to);
        EnvironmentConfig source = from == null ? null : cfg.environment(from);
        if (source != null && source.name().equals(target.name())) {
            throw OpsException.usage("--from and --to name the same environment '" + to + "'");
        }
        SyncDataRun.Request request = new SyncDataRun.Request(tables, mode, ignoreMissingColumns, "user".equals(disableTriggers),
                !noRewriteUrls, confirm);
        DataSync sync = SyncDataRun.load(cfg, source, importDir == null ? null : ctx().path(importDir), target, request, listener());
        if (dryRun) {
            SyncPlan plan = sync.plan();
            show(plan, null);
            if (plan.hasProblems()) {
                ctx().err().println("error: apply would be refused: " + plan.problems().size() + " problem(s) listed in the plan");
                return 3;
            }
            return 0;
        }
        try {
            SyncResult r = sync.apply();
            show(r.plan(), r);
            return 0;
        } catch (SyncRefusedException e) {
            show(e.plan(), null);
            throw e;
        }
    }

    private int export(OpsConfig cfg) {
        if (from == null) {
            throw OpsException.usage("--export needs --from ENV");
        }
        if (to != null) {
            throw OpsException.usage("--export touches no target: drop --to (use --import DIR --to ENV later)");
        }
        EnvironmentConfig source = cfg.environment(from);
        ExportManifest m = SyncDataRun.export(cfg, source, tables, ctx().path(exportDir), listener());
        if (json()) {
            printJson(m);
        } else {
            println("exported " + m.tables().size() + " table(s) from " + m.source() + " to " + ctx().path(exportDir) + ":");
            m.tables().forEach(t -> println("  " + t.table() + ": " + t.rows() + " row(s), sha256 " + t.sha256()));
        }
        return 0;
    }

    private void show(SyncPlan plan, SyncResult result) {
        if (json()) {
            printJson(result != null ? result : plan);
            return;
        }
        for (String line : plan.toText().split("\n", -1)) {
            println(line);
        }
        if (result != null) {
            println("applied: " + result.rowsWritten() + " row(s) written in " + result.millis() + " ms (one transaction)");
            result.sequencesAdvanced().forEach(s -> println("sequence advanced: " + s));
        } else if (dryRun) {
            println("dry run: nothing was written");
        }
    }
}
