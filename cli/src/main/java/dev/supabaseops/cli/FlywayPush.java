package dev.supabaseops.cli;

import dev.supabaseops.migrate.PushRun;
import dev.supabaseops.migrate.flyway.FlywayPlan;
import dev.supabaseops.migrate.flyway.FlywayResult;

/** {@code push --flyway} (or {@code migrations.tool: flyway}): the same command line, run by Flyway. */
final class FlywayPush {
    private final PushCommand cmd;

    FlywayPush(PushCommand cmd) {
        this.cmd = cmd;
    }

    int run(PushRun run, boolean dryRun) {
        String env = run.environment().name();
        if (dryRun) {
            FlywayPlan plan = run.flywayPlan();
            if (cmd.json()) {
                cmd.printJson(plan);
            } else {
                cmd.println("Target: " + env + " (" + run.environment().dbUrl() + "), Flyway, current version "
                        + (plan.currentVersion() == null ? "none" : plan.currentVersion()) + ", "
                        + plan.appliedCount() + " applied, " + plan.pending().size() + " pending");
                plan.pending().forEach(m -> cmd.println("  would apply " + m.label()));
                plan.warnings().forEach(w -> cmd.println("warning: " + w));
                cmd.println("Dry run: nothing was written.");
            }
            return 0;
        }
        FlywayResult result = run.flywayMigrate();
        if (cmd.json()) {
            cmd.printJson(result);
        } else {
            result.applied().forEach(a -> cmd.println("Applied V" + a.version() + " " + a.description()
                    + " (" + a.script() + "), " + a.durationMs() + " ms"));
            result.warnings().forEach(w -> cmd.println("warning: " + w));
            cmd.println(result.applied().isEmpty() ? "Nothing to apply: " + env + " is up to date."
                    : "Done: " + result.applied().size() + " Flyway migration(s) applied to " + env
                    + ", now at version " + result.targetVersion() + ".");
        }
        return 0;
    }
}
