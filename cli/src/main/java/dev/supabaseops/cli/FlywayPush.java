package dev.supabaseops.cli;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.Protection;
import dev.supabaseops.migrate.flyway.FlywayMigrations;
import dev.supabaseops.migrate.flyway.FlywayPlan;
import dev.supabaseops.migrate.flyway.FlywayResult;

import java.nio.file.Path;

/** {@code push --flyway} (or {@code migrations.tool: flyway}): the same command line, run by Flyway. */
final class FlywayPush {
    private final PushCommand cmd;

    FlywayPush(PushCommand cmd) {
        this.cmd = cmd;
    }

    int run(String env, String dir, boolean dryRun, boolean includeAll, String confirm) {
        OpsConfig config = cmd.config();
        EnvironmentConfig e = config.environment(env);
        Path folder = dir != null ? cmd.ctx().path(dir) : config.resolve(config.migrations().dir());
        FlywayMigrations flyway = FlywayMigrations.configure()
                .database(e.database()).dir(folder).outOfOrder(includeAll).listener(cmd.listener()).load();
        if (dryRun) {
            FlywayPlan plan = flyway.plan();
            if (cmd.json()) {
                cmd.printJson(plan);
            } else {
                cmd.println("Target: " + env + " (" + e.dbUrl() + "), Flyway, current version "
                        + (plan.currentVersion() == null ? "none" : plan.currentVersion()) + ", "
                        + plan.appliedCount() + " applied, " + plan.pending().size() + " pending");
                plan.pending().forEach(m -> cmd.println("  would apply " + m.label()));
                plan.warnings().forEach(w -> cmd.println("warning: " + w));
                cmd.println("Dry run: nothing was written.");
            }
            return 0;
        }
        Protection.requireConfirmed(env, e.isProtected(), confirm);
        FlywayResult result = flyway.migrate();
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
