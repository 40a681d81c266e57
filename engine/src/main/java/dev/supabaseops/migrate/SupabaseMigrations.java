package dev.supabaseops.migrate;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Protection;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.db.Database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Supabase-CLI-compatible migrations: reads and writes {@code supabase_migrations.schema_migrations}
 * exactly as {@code supabase db push} does, and adds what the CLI leaves to people: an advisory
 * lock so concurrent pushes serialize, files that cannot run in a transaction, drift detection,
 * a lint gate and an all-or-nothing mode.
 *
 * <pre>{@code
 * SupabaseMigrations m = SupabaseMigrations.configure().database(db).dir(Path.of("supabase/migrations")).load();
 * PushPlan plan = m.plan();     // reads only
 * PushResult result = m.push(); // applies pending files
 * }</pre>
 */
public final class SupabaseMigrations {
    /**
     * Session advisory lock key held for the whole push (ASCII "supaops" as a number), so two
     * pushes at one database serialize and the second re-plans after the first.
     */
    public static final long LOCK_KEY = 0x73757061_6f7073L;

    private final Builder config;

    private SupabaseMigrations(Builder config) {
        this.config = config;
    }

    public static Builder configure() {
        return new Builder();
    }

    /** Connects, reads the history and plans; writes nothing. Refusals throw {@link OpsException}. */
    public PushPlan plan() {
        MigrationDirectory.Scan local = MigrationDirectory.scan(config.dir, config.listener);
        try (Connection c = config.database.connect()) {
            return plan(c, local).plan();
        } catch (SQLException e) {
            throw OpsException.failed("reading the migration history of " + target() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Applies pending migrations. Refusals (protected environment, lint, unknown remote versions,
     * out-of-order files) throw before anything is written; a failing migration is reported in
     * {@link PushResult#failure()} with earlier files applied (or nothing, with atomic).
     */
    public PushResult push() {
        requireConfirmation();
        long t0 = System.nanoTime();
        MigrationDirectory.Scan local = MigrationDirectory.scan(config.dir, config.listener);
        try (Connection c = config.database.connect()) {
            lock(c);
            try {
                Planner.Planned planned = plan(c, local);
                PushPlan plan = planned.plan();
                plan.warnings().forEach(config.listener::warn);
                if (plan.lintRefuses()) {
                    LintFinding first = plan.lintFindings().get(0);
                    throw OpsException.refused("lint refused " + plan.lintFindings().size() + " statement(s), first: " + first
                            + ". Fix it, or waive the rule in that file with -- supabase-ops: allow " + first.rule()
                            + " <reason>, or pass --lint warn");
                }
                List<AppliedMigration> applied = List.of();
                MigrationFailure failure = null;
                if (!plan.upToDate()) {
                    HistoryTable.ensure(c);
                    Applier applier = new Applier(c, config.listener);
                    if (config.atomic) {
                        applier.applyAtomically(planned.files());
                    } else {
                        applier.applyEach(planned.files(), plan.pending());
                    }
                    applied = List.copyOf(applier.applied());
                    failure = applier.failure();
                }
                // By file, not by version: two files may share a version (the second then fails on the
                // history's primary key, as with the CLI), and the one applied must not hide the other.
                Set<String> appliedFiles = new HashSet<>();
                applied.forEach(a -> appliedFiles.add(a.file()));
                List<String> notApplied = new ArrayList<>();
                for (PendingMigration p : plan.pending()) {
                    if (!appliedFiles.contains(p.file())) {
                        notApplied.add(p.version());
                    }
                }
                return new PushResult(plan.environment(), plan.target(), config.atomic, applied, List.copyOf(notApplied),
                        plan.applied(), plan.skipped(), plan.waivers(), plan.warnings(), failure,
                        (System.nanoTime() - t0) / 1_000_000);
            } finally {
                unlock(c);
            }
        } catch (SQLException e) {
            throw OpsException.failed("push to " + target() + " failed: " + e.getMessage(), e);
        }
    }

    /** Local files and remote history side by side. */
    public MigrationList list() {
        MigrationDirectory.Scan local = MigrationDirectory.scan(config.dir, config.listener);
        try (Connection c = config.database.connect()) {
            List<String> remote = HistoryTable.versions(HistoryTable.read(c));
            return new MigrationList(config.database.envName(), target(), MigrationListing.rows(local, remote));
        } catch (SQLException e) {
            throw OpsException.failed("reading the migration history of " + target() + " failed: " + e.getMessage(), e);
        }
    }

    /** Marks versions applied (recorded from their local files, not run) or reverted (forgotten). */
    public RepairResult repair(RepairStatus status, List<String> versions) {
        requireConfirmation();
        if (versions.isEmpty()) {
            throw OpsException.usage("repair needs at least one version");
        }
        for (String v : versions) {
            if (!v.matches("[0-9]+")) {
                throw OpsException.usage("'" + v + "' is not a migration version (digits, e.g. 20240101120000)");
            }
        }
        List<MigrationFile> files = new ArrayList<>();
        if (status == RepairStatus.APPLIED) {
            MigrationDirectory.Scan local = MigrationDirectory.scan(config.dir, config.listener);
            for (String v : versions) {
                files.add(local.files().stream().filter(f -> f.version().equals(v)).findFirst().orElseThrow(() ->
                        OpsException.usage("no local migration file for version " + v + " in " + config.dir
                                + ": --status applied records a local file's statements without running them")));
            }
        }
        try (Connection c = config.database.connect()) {
            lock(c);
            try {
                HistoryTable.ensure(c);
                c.setAutoCommit(false);
                int changed;
                if (status == RepairStatus.APPLIED) {
                    HistoryTable.upsert(c, files);
                    changed = files.size();
                } else {
                    changed = HistoryTable.delete(c, versions);
                }
                c.commit();
                c.setAutoCommit(true);
                config.listener.info("repaired migration history: [" + String.join(" ", versions) + "] => "
                        + status.name().toLowerCase());
                return new RepairResult(config.database.envName(), status, List.copyOf(versions), changed);
            } finally {
                unlock(c);
            }
        } catch (SQLException e) {
            throw OpsException.failed("repairing the migration history of " + target() + " failed: " + e.getMessage(), e);
        }
    }

    private Planner.Planned plan(Connection c, MigrationDirectory.Scan local) throws SQLException {
        Map<String, HistoryTable.Row> remote = HistoryTable.read(c);
        int serverVersion;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            serverVersion = Integer.parseInt(rs.getString(1));
        }
        return Planner.plan(local, remote, new Planner.Settings(config.database.envName(), target(), config.includeAll,
                config.strict, config.atomic, effectiveLint(), serverVersion));
    }

    private LintMode effectiveLint() {
        return config.lint != null ? config.lint : LintMode.defaultFor(config.protectedEnvironment);
    }

    private void requireConfirmation() {
        Protection.requireConfirmed(config.database.envName(), config.protectedEnvironment, config.confirm);
    }

    private void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            config.listener.info("another push to " + config.database.envName() + " is running; waiting for it to finish");
            s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
    }

    private static void unlock(Connection c) {
        try (Statement s = c.createStatement()) {
            if (!c.isClosed()) {
                s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            // the connection is gone, and the server released the session's lock with it
        }
    }

    private String target() {
        return config.database.url().toString();
    }

    /** Settings; {@link #load()} checks them. */
    public static final class Builder {
        private Database database;
        private Path dir = Path.of("supabase/migrations");
        private boolean includeAll;
        private boolean atomic;
        private boolean strict;
        private LintMode lint;
        private boolean protectedEnvironment;
        private String confirm;
        private ProgressListener listener = ProgressListener.NONE;

        private Builder() {
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        /** Migrations folder (default {@code supabase/migrations}). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Apply local files older than the newest applied version too (CLI {@code --include-all}). */
        public Builder includeAll(boolean includeAll) {
            this.includeAll = includeAll;
            return this;
        }

        /** All pending files in one transaction. */
        public Builder atomic(boolean atomic) {
            this.atomic = atomic;
            return this;
        }

        /** Drift (an applied file changed) fails the push instead of warning. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** Lint gate mode; null (default) = fail on protected environments, warn elsewhere. */
        public Builder lint(LintMode lint) {
            this.lint = lint;
            return this;
        }

        /** The environment is {@code protected: true}: push and repair need {@link #confirm(String)}. */
        public Builder protectedEnvironment(boolean protectedEnvironment) {
            this.protectedEnvironment = protectedEnvironment;
            return this;
        }

        /** {@code --confirm ENV}: must name the environment to change a protected one. */
        public Builder confirm(String environmentName) {
            this.confirm = environmentName;
            return this;
        }

        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNullElse(listener, ProgressListener.NONE);
            return this;
        }

        public SupabaseMigrations load() {
            if (database == null) {
                throw OpsException.usage("no database configured for migrations");
            }
            Objects.requireNonNull(dir, "dir");
            return new SupabaseMigrations(this);
        }
    }
}
