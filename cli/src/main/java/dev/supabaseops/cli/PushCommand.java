package dev.supabaseops.cli;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.migrate.AppliedMigration;
import dev.supabaseops.migrate.LintMode;
import dev.supabaseops.migrate.MigrationFailure;
import dev.supabaseops.migrate.PendingMigration;
import dev.supabaseops.migrate.PushPlan;
import dev.supabaseops.migrate.PushRequest;
import dev.supabaseops.migrate.PushResult;
import dev.supabaseops.migrate.PushRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code push --env E}: apply pending migrations, compatible with {@code supabase db push}. */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply pending migrations from supabase/migrations to an environment's database,",
                "recording them in supabase_migrations.schema_migrations exactly like `supabase db push`."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied (or nothing to do)", "1:a migration failed, or history and files disagree",
                "2:bad usage or configuration", "3:refused: lint violation or protected environment not confirmed"})
public final class PushCommand extends OpsCommand {
    @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment to push to.")
    String env;

    @Option(names = "--dry-run", description = "Connect and print the plan; write nothing.")
    boolean dryRun;

    @Option(names = "--include-all", description = "Also apply local files older than the newest applied migration.")
    boolean includeAll;

    @Option(names = "--atomic", description = "Apply all pending files in one transaction: all or nothing.")
    boolean atomic;

    @Option(names = "--dir", paramLabel = "DIR", description = "Migrations folder (default: migrations.dir, else supabase/migrations).")
    String dir;

    @Option(names = "--strict", description = "Fail when an applied migration's file changed since (drift); default warns.")
    boolean strict;

    @Option(names = "--lint", paramLabel = "MODE", description = "Lint gate: fail, warn or off (default: migrations.lint, else fail on protected environments, warn elsewhere).")
    LintMode lint;

    @Option(names = "--confirm", paramLabel = "ENV", description = "Name the environment again to push to a protected one.")
    String confirm;

    @Option(names = "--flyway", description = "Run Flyway on V<n>__name.sql files (same as migrations.tool: flyway).")
    boolean flyway;

    @Override
    protected int execute() {
        PushRun run = PushRun.load(config(), new PushRequest(env, dir, includeAll, atomic, strict,
                lint == null ? null : lint.name(), confirm, flyway), listener());
        if (run.isFlyway()) {
            return new FlywayPush(this).run(run, dryRun);
        }
        if (dryRun) {
            PushPlan plan = run.plan();
            if (json()) {
                printJson(plan);
            } else {
                printPlan(plan);
            }
            OpsException refusal = PushRun.dryRunRefusal(plan);
            if (refusal != null) {
                ctx().err().println("error: " + refusal.getMessage());
                return refusal.exitCode().code();
            }
            return 0;
        }
        PushResult result = run.push();
        if (json()) {
            printJson(result);
        } else {
            printResult(result);
        }
        if (!result.succeeded()) {
            ctx().err().println("error: " + result.failure().summary());
            return 1;
        }
        return 0;
    }

    private void printPlan(PushPlan plan) {
        List<String> out = new ArrayList<>();
        out.add("Target: " + plan.environment() + " (" + plan.target() + ")");
        out.add("Migrations: " + plan.dir() + ": " + plan.applied() + " applied, " + plan.pending().size() + " pending");
        if (plan.upToDate()) {
            out.add("Nothing to apply: " + plan.environment() + " is up to date.");
        } else {
            out.add("Would apply" + (plan.atomic() ? " (one transaction):" : ":"));
            for (PendingMigration p : plan.pending()) {
                out.add("  " + Path.of(p.file()).getFileName() + "  " + p.statements() + " statement" + (p.statements() == 1 ? "" : "s")
                        + (p.transactional() ? "" : ", outside a transaction") + (p.outOfOrder() ? ", out of order" : ""));
            }
        }
        addLint(out, plan);
        plan.warnings().forEach(w -> out.add("warning: " + w));
        out.add("Dry run: nothing was written.");
        println(out);
    }

    private static void addLint(List<String> out, PushPlan plan) {
        if (!plan.lintFindings().isEmpty()) {
            out.add("Lint (" + plan.lintMode().name().toLowerCase() + "): " + plan.lintFindings().size() + " finding(s)");
            plan.lintFindings().forEach(f -> out.add("  " + f));
        }
        if (!plan.waivers().isEmpty()) {
            out.add("Lint waivers:");
            plan.waivers().forEach(w -> out.add("  " + w));
        }
    }

    private void printResult(PushResult r) {
        List<String> out = new ArrayList<>();
        out.add("Target: " + r.environment() + " (" + r.target() + ")");
        for (AppliedMigration a : r.applied()) {
            out.add("Applied " + Path.of(a.file()).getFileName() + "  " + a.statements() + " statement" + (a.statements() == 1 ? "" : "s")
                    + ", " + a.durationMillis() + " ms" + (a.filesInRoundTrip() > 1 ? " (one round trip of " + a.filesInRoundTrip() + " files)" : "")
                    + (a.transactional() ? "" : ", outside a transaction"));
        }
        if (!r.waivers().isEmpty()) {
            out.add("Lint waivers:");
            r.waivers().forEach(w -> out.add("  " + w));
        }
        r.warnings().forEach(w -> out.add("warning: " + w));
        MigrationFailure f = r.failure();
        if (f != null) {
            out.add("FAILED " + f.summary());
            if (f.detail() != null) {
                out.add("  " + f.detail());
            }
            if (f.statement() != null) {
                out.add("  statement: " + f.statement().replace("\n", "\n             "));
            }
            if (f.partiallyApplied()) {
                out.add("  This file ran outside a transaction: statements before the failing one stay applied and the"
                        + " file is not recorded. Fix forward, then mark it with migrations repair --status applied if needed.");
            }
            out.add((r.atomic() ? "Atomic push: nothing was applied. " : r.applied().size() + " applied before the failure; ")
                    + "not applied: " + String.join(", ", r.notApplied()) + ".");
        } else if (r.applied().isEmpty()) {
            out.add("Nothing to apply: " + r.environment() + " is up to date (" + r.alreadyApplied() + " migrations applied).");
        } else {
            out.add("Done: " + r.applied().size() + " migration" + (r.applied().size() == 1 ? "" : "s") + " applied to "
                    + r.environment() + " in " + String.format("%.1f s", r.durationMillis() / 1000.0) + ".");
        }
        println(out);
    }
}
