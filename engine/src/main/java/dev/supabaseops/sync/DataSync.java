package dev.supabaseops.sync;

import dev.supabaseops.config.SyncConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Protection;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.db.Database;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Copies configuration tables between environments (Flyway-style entry point):
 *
 * <pre>{@code
 * DataSync sync = DataSync.configure()
 *         .source(preprodDb).target(prodDb)
 *         .tables(List.of("plans", "features"))
 *         .rewriteUrls("https://abcd.supabase.co", "https://wxyz.supabase.co", SyncConfig.DEFAULT_LOCAL_URLS)
 *         .load();
 * SyncPlan plan = sync.plan();     // dry-run: nothing written
 * SyncResult result = sync.apply(); // one transaction: all tables or none
 * }</pre>
 *
 * A source can also be an export folder ({@link Configuration#source(Path)}), and
 * {@link #exportTo(Path)} writes one. Instances are immutable and can run plan() and apply() repeatedly.
 */
public final class DataSync {
    private final Configuration c;

    private DataSync(Configuration c) {
        this.c = c;
    }

    public static Configuration configure() {
        return new Configuration();
    }

    /** Computes the plan on the target inside a transaction that is rolled back: nothing is written. */
    public SyncPlan plan() {
        return new SyncRun(c).plan();
    }

    /**
     * Plans and writes in one transaction, under a lock that keeps other writers out of the synced
     * tables so the plan stays true. Refuses ({@link SyncRefusedException}, exit 3) before writing
     * when the plan has problems.
     */
    public SyncResult apply() {
        Protection.requireConfirmed(c.target.envName(), c.protectedTarget, c.confirm);
        return new SyncRun(c).apply();
    }

    /** Writes the source tables to {@code dir} (one COPY-format file each, plus manifest.json); touches no target. */
    public ExportManifest exportTo(Path dir) {
        if (c.sourceDb == null) {
            throw OpsException.usage("export needs a source database (--from ENV)");
        }
        return Exporter.export(c, dir);
    }

    /** Settings; every one has a default except source, target (not for export) and tables. */
    public static final class Configuration {
        Database sourceDb;
        Path sourceDir;
        Database target;
        List<String> tables = List.of();
        SyncMode mode = SyncMode.UPSERT;
        List<String> blocked = List.of();
        Map<String, List<String>> keys = Map.of();
        String rewriteFrom;
        String rewriteTo;
        List<String> localUrls = SyncConfig.DEFAULT_LOCAL_URLS;
        boolean disableUserTriggers;
        boolean ignoreMissingColumns;
        ProgressListener listener = ProgressListener.NONE;
        boolean protectedTarget;
        String confirm;

        private Configuration() {
        }

        public Configuration source(Database database) {
            this.sourceDb = database;
            this.sourceDir = null;
            return this;
        }

        /** An export folder written by {@link #exportTo(Path)} (import). */
        public Configuration source(Path exportDir) {
            this.sourceDir = exportDir;
            this.sourceDb = null;
            return this;
        }

        public Configuration target(Database database) {
            this.target = database;
            return this;
        }

        /** {@code name} or {@code schema.name}; for an export source, empty means all of its tables. */
        public Configuration tables(List<String> tables) {
            this.tables = tables == null ? List.of() : List.copyOf(tables);
            return this;
        }

        public Configuration mode(SyncMode mode) {
            this.mode = mode == null ? SyncMode.UPSERT : mode;
            return this;
        }

        /** {@code sync.blocked}, on top of the built-in Supabase schemas. */
        public Configuration blocked(List<String> blocked) {
            this.blocked = blocked == null ? List.of() : List.copyOf(blocked);
            return this;
        }

        /** {@code sync.keys}: table → unique key columns, for tables without a primary key. */
        public Configuration keys(Map<String, List<String>> keys) {
            this.keys = keys == null ? Map.of() : Map.copyOf(keys);
            return this;
        }

        /**
         * Rewrites storage URLs from {@code from} (the source project's API URL; null to take the
         * export's recorded URL, or none) and {@code localUrls} to {@code to}. {@code to == null}
         * turns rewriting off.
         */
        public Configuration rewriteUrls(String from, String to, List<String> localUrls) {
            this.rewriteFrom = from;
            this.rewriteTo = to;
            this.localUrls = localUrls == null ? List.of() : List.copyOf(localUrls);
            return this;
        }

        /** Disable the target tables' user triggers during the write (never system triggers). */
        public Configuration disableUserTriggers(boolean disable) {
            this.disableUserTriggers = disable;
            return this;
        }

        /** Sync tables whose source has columns the target lacks, leaving those columns out. */
        public Configuration ignoreMissingColumns(boolean ignore) {
            this.ignoreMissingColumns = ignore;
            return this;
        }

        /** A {@code protected: true} target is written only when {@code confirm} names it ({@code --confirm prod}). */
        public Configuration protectedTarget(boolean isProtected, String confirm) {
            this.protectedTarget = isProtected;
            this.confirm = confirm;
            return this;
        }

        public Configuration listener(ProgressListener listener) {
            this.listener = listener == null ? ProgressListener.NONE : listener;
            return this;
        }

        public DataSync load() {
            if (sourceDb == null && sourceDir == null) {
                throw OpsException.usage("no source: pass --from ENV (or --import DIR)");
            }
            Configuration copy = new Configuration();
            copy.sourceDb = sourceDb;
            copy.sourceDir = sourceDir;
            copy.target = target;
            copy.tables = tables;
            copy.mode = mode;
            copy.blocked = blocked;
            copy.keys = keys;
            copy.rewriteFrom = rewriteFrom;
            copy.rewriteTo = rewriteTo;
            copy.localUrls = localUrls;
            copy.disableUserTriggers = disableUserTriggers;
            copy.ignoreMissingColumns = ignoreMissingColumns;
            copy.listener = listener;
            copy.protectedTarget = protectedTarget;
            copy.confirm = confirm;
            return new DataSync(copy);
        }
    }
}
