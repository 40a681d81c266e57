package dev.supabaseops.migrate;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares local files with the target's history the way {@code supabase db push} does (a merge
 * walk over both sorted version lists) and adds what the CLI does not check: drift, the lint gate
 * and files that cannot run in a transaction.
 */
final class Planner {
    private Planner() {
    }

    record Settings(String environment, String target, boolean includeAll, boolean strict, boolean atomic,
                    LintMode lint, int serverVersionNum) {
    }

    /** Plan plus the parsed pending files the applier needs. */
    record Planned(PushPlan plan, List<MigrationFile> files) {
    }

    static Planned plan(MigrationDirectory.Scan local, Map<String, HistoryTable.Row> remote, Settings s) {
        List<String> remoteVersions = new ArrayList<>(remote.keySet());
        remoteVersions.sort(String::compareTo);
        List<MigrationFile> files = local.files();
        List<String> missing = new ArrayList<>();
        Set<String> outOfOrder = new HashSet<>();
        int i = 0;
        int j = 0;
        while (i < remoteVersions.size() && j < files.size()) {
            String r = remoteVersions.get(i);
            String l = files.get(j).version();
            int cmp = r.compareTo(l);
            if (cmp == 0) {
                i++;
                j++;
            } else if (cmp < 0) {
                missing.add(r);
                i++;
            } else {
                outOfOrder.add(l);
                j++;
            }
        }
        if (j == files.size()) {
            missing.addAll(remoteVersions.subList(i, remoteVersions.size()));
        }
        String env = s.environment();
        if (!missing.isEmpty()) {
            throw OpsException.failed("the " + env + " database has applied migrations that are not in " + local.dir()
                    + ": " + String.join(", ", missing) + ". Update your checkout; if they were removed on purpose, mark them "
                    + "reverted: supabase-ops migrations repair --env " + env + " --status reverted " + String.join(" ", missing));
        }
        if (!outOfOrder.isEmpty() && !s.includeAll()) {
            throw OpsException.failed("local migrations are older than the newest migration on " + env + ": "
                    + String.join(", ", outOfOrder.stream().sorted().toList())
                    + ". Rerun with --include-all to apply them anyway (they run before nothing: the newer ones are already applied)");
        }
        List<String> warnings = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
        List<MigrationFile> pendingFiles = new ArrayList<>();
        List<PendingMigration> pending = new ArrayList<>();
        for (MigrationFile f : files) {
            HistoryTable.Row row = remote.get(f.version());
            if (row != null) {
                if (row.statements() != null && !row.statements().equals(f.statements())) {
                    drifted.add(f.version());
                    warnings.add(f.fileName() + " changed after it was applied to " + env
                            + ": its statements differ from those recorded in the history table");
                }
                continue;
            }
            String reason = TransactionRules.reason(f, s.serverVersionNum());
            pendingFiles.add(f);
            pending.add(new PendingMigration(f.version(), f.name(), f.file().toString(), f.statements().size(),
                    reason == null, reason, outOfOrder.contains(f.version())));
            if (reason != null) {
                if (s.atomic()) {
                    throw OpsException.usage("--atomic cannot include " + f.fileName() + ": " + reason
                            + "; push without --atomic");
                }
                // the two ways such a file runs (Applier): around a statement that must run alone, or statement by statement
                warnings.add(reason.endsWith("cannot run inside a transaction block")
                        ? f.fileName() + " will not run in one transaction: " + reason + "; it runs on its own and the statements"
                        + " around it in transactions of their own, so if a later part fails the parts before it stay applied"
                        : f.fileName() + " will run statement by statement, because " + reason
                        + "; if a statement fails, what the file committed before it stays applied");
            }
        }
        if (s.strict() && !drifted.isEmpty()) {
            throw OpsException.failed("--strict: " + drifted.size() + " applied migration(s) differ from the local files: "
                    + String.join(", ", drifted) + " (restore the files as applied, or repair the history)");
        }
        Linter.Report lint = s.lint() == LintMode.OFF ? new Linter.Report(List.of(), List.of()) : Linter.check(pendingFiles);
        if (s.lint() == LintMode.WARN) {
            lint.findings().forEach(f -> warnings.add("lint " + f));
        }
        PushPlan plan = new PushPlan(env, s.target(), local.dir().toString(), List.copyOf(pending),
                files.size() - pendingFiles.size(), List.copyOf(drifted), s.lint(), lint.findings(), lint.waivers(),
                local.skipped(), List.copyOf(warnings), s.atomic());
        return new Planned(plan, List.copyOf(pendingFiles));
    }
}
