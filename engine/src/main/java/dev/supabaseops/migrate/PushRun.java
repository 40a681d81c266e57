package dev.supabaseops.migrate;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Protection;
import dev.supabaseops.migrate.flyway.FlywayMigrations;
import dev.supabaseops.migrate.flyway.FlywayPlan;
import dev.supabaseops.migrate.flyway.FlywayResult;

import java.nio.file.Path;

/**
 * A push as front ends run it: the configuration's defaults (folder, lint mode, tool) applied to a
 * {@link PushRequest}, and the migrations engine chosen: {@link SupabaseMigrations} (the
 * {@code supabase db push} contract) or, with {@code migrations.tool: flyway} or {@code flyway} in the
 * request, {@link FlywayMigrations}. Then {@link #plan()}/{@link #push()} or
 * {@link #flywayPlan()}/{@link #flywayMigrate()}.
 */
public final class PushRun {
    private final EnvironmentConfig environment;
    private final String confirm;
    private final SupabaseMigrations supabase;
    private final FlywayMigrations flyway;

    private PushRun(EnvironmentConfig environment, String confirm, SupabaseMigrations supabase, FlywayMigrations flyway) {
        this.environment = environment;
        this.confirm = confirm;
        this.supabase = supabase;
        this.flyway = flyway;
    }

    public static PushRun load(OpsConfig config, PushRequest request, ProgressListener listener) {
        if (request.flyway() || "flyway".equals(config.migrations().tool())) {
            EnvironmentConfig e = config.environment(request.env());
            FlywayMigrations flyway = FlywayMigrations.configure().database(e.database()).dir(folder(config, request.dir()))
                    .outOfOrder(request.includeAll()).listener(listener).load();
            return new PushRun(e, request.confirm(), null, flyway);
        }
        EnvironmentConfig e = config.environment(request.env());
        String lintSetting = request.lint() != null ? request.lint() : config.migrations().lint();
        LintMode lint = lintSetting == null ? null : LintMode.parse(lintSetting, request.lint() != null ? "lint" : "migrations.lint");
        SupabaseMigrations supabase = configure(config, e, request.dir(), listener)
                .includeAll(request.includeAll()).atomic(request.atomic()).strict(request.strict()).lint(lint)
                .confirm(request.confirm()).load();
        return new PushRun(e, request.confirm(), supabase, null);
    }

    /**
     * The builder every Supabase-migrations operation starts from (push, list, repair): the environment's
     * database, the folder ({@code dir}, else {@code migrations.dir}) and whether it is protected.
     */
    public static SupabaseMigrations.Builder configure(OpsConfig config, String env, String dir, ProgressListener listener) {
        return configure(config, config.environment(env), dir, listener);
    }

    private static SupabaseMigrations.Builder configure(OpsConfig config, EnvironmentConfig e, String dir,
                                                        ProgressListener listener) {
        return SupabaseMigrations.configure()
                .database(e.database())
                .dir(folder(config, dir))
                .protectedEnvironment(e.isProtected())
                .listener(listener);
    }

    /**
     * The exit-3 rule of a dry run: a plan the lint gate would refuse is reported as refused, so a pipeline's
     * dry-run stage fails where the real push would. Null when the push would go ahead.
     */
    public static OpsException dryRunRefusal(PushPlan plan) {
        return plan.lintRefuses() ? OpsException.refused("lint would refuse this push: " + plan.lintFindings().get(0)) : null;
    }

    public boolean isFlyway() {
        return flyway != null;
    }

    public EnvironmentConfig environment() {
        return environment;
    }

    public PushPlan plan() {
        return supabase().plan();
    }

    public PushResult push() {
        return supabase().push();
    }

    public FlywayPlan flywayPlan() {
        return flyway().plan();
    }

    /** Refused (exit 3) when the environment is protected and the request did not confirm it. */
    public FlywayResult flywayMigrate() {
        Protection.requireConfirmed(environment.name(), environment.isProtected(), confirm);
        return flyway().migrate();
    }

    private SupabaseMigrations supabase() {
        if (supabase == null) {
            throw new IllegalStateException("this push runs Flyway: call flywayPlan()/flywayMigrate()");
        }
        return supabase;
    }

    private FlywayMigrations flyway() {
        if (flyway == null) {
            throw new IllegalStateException("this push runs the Supabase tool: call plan()/push()");
        }
        return flyway;
    }

    private static Path folder(OpsConfig config, String dir) {
        return config.resolve(dir != null ? dir : config.migrations().dir());
    }
}
