package dev.supabaseops.storage;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.config.StorageConfig;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Protection;

import java.util.List;
import java.util.function.Function;

/**
 * The storage operations as front ends (CLI commands, Jenkins steps) call them: the user's options as a
 * request record, where a {@code null} field means "the configuration's default", and the loaded
 * {@link OpsConfig}. Resolving those defaults, building the {@link StorageClient}s and the protected-target
 * rule live here once, so that every front end behaves the same.
 */
public final class StorageRuns {
    private StorageRuns() {
    }

    /**
     * {@code backup-storage}.
     *
     * @param buckets null = {@code storage.buckets}; empty = all
     * @param out     backup root, relative to the working folder; null = {@code storage.backupDir}
     * @param fsync   sync files and folders before the backup is named complete (see {@link StorageBackup.Builder#fsync})
     */
    public record BackupRequest(String env, List<String> buckets, String out, Integer keep, Integer parallel,
                                boolean incremental, boolean fsync) {
        /** A durable backup (fsync on). */
        public BackupRequest(String env, List<String> buckets, String out, Integer keep, Integer parallel, boolean incremental) {
            this(env, buckets, out, keep, parallel, incremental, true);
        }
    }

    /** {@code restore-storage}. {@code buckets} null or empty = every bucket of the backup. */
    public record RestoreRequest(String env, String from, List<String> buckets, Integer parallel, String confirm) {
    }

    /** {@code sync-storage}. {@code buckets} null = {@code storage.buckets}; empty = all. */
    public record SyncRequest(String from, String to, List<String> buckets, boolean delete, Integer parallel,
                              String confirm) {
    }

    public static StorageBackup.BackupPlan planBackup(OpsConfig config, BackupRequest request, ProgressListener listener) {
        return backup(config, request, listener, StorageBackup::plan);
    }

    public static StorageBackup.BackupResult backup(OpsConfig config, BackupRequest request, ProgressListener listener) {
        return backup(config, request, listener, StorageBackup::run);
    }

    public static StorageRestore.RestorePlan planRestore(OpsConfig config, RestoreRequest request, ProgressListener listener) {
        return restore(config, request, listener, false, StorageRestore::plan);
    }

    /** Refused (exit 3) when the target is protected and {@code confirm} does not name it. */
    public static StorageRestore.RestoreResult restore(OpsConfig config, RestoreRequest request, ProgressListener listener) {
        return restore(config, request, listener, true, StorageRestore::apply);
    }

    public static StorageSync.SyncPlan planSync(OpsConfig config, SyncRequest request, ProgressListener listener) {
        return sync(config, request, listener, false, StorageSync::plan);
    }

    /** Refused (exit 3) when the target is protected and {@code confirm} does not name it. */
    public static StorageSync.SyncResult sync(OpsConfig config, SyncRequest request, ProgressListener listener) {
        return sync(config, request, listener, true, StorageSync::apply);
    }

    /** A client for an environment's Storage API, with the transfer concurrency of this run. */
    public static StorageClient client(EnvironmentConfig env, int parallel, ProgressListener listener) {
        return StorageClient.forEnvironment(env).parallel(parallel).listener(listener).build();
    }

    /** Idle connections per host the JDK's HTTP client keeps when {@code http.maxConnections} is not set. */
    static final int JDK_KEPT_CONNECTIONS = 5;

    /** What {@code http.maxConnections} should be for storage runs: as many as {@code --parallel} can use. */
    public static final int KEPT_CONNECTIONS = TransferPool.MAX_PARALLEL;

    /**
     * Downloads go through the JDK's HTTP client (StorageHttp), which keeps {@value #JDK_KEPT_CONNECTIONS}
     * idle connections per host unless the JVM says otherwise. The CLI does; a Jenkins agent's JVM,
     * where the plugin's steps run, may not: then say so once, with the fix.
     */
    static void hintKeptConnections(int parallel, ProgressListener listener) {
        if (parallel > JDK_KEPT_CONNECTIONS && System.getProperty("http.maxConnections") == null) {
            listener.info("parallel " + parallel + ": this JVM keeps " + JDK_KEPT_CONNECTIONS + " idle HTTP connections per host"
                    + " (http.maxConnections is not set), so downloads beyond " + JDK_KEPT_CONNECTIONS
                    + " at a time open a new connection each: start it with -Dhttp.maxConnections=" + KEPT_CONNECTIONS);
        }
    }

    /** The given buckets, else the configured ones; names stripped, blanks dropped. */
    static List<String> buckets(List<String> given, List<String> configured) {
        List<String> chosen = given != null ? given : configured;
        return chosen.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int parallel(Integer given, StorageConfig sc) {
        return given != null ? given : sc.parallel();
    }

    private static <T> T backup(OpsConfig config, BackupRequest r, ProgressListener listener, Function<StorageBackup, T> action) {
        StorageConfig sc = config.storage();
        EnvironmentConfig e = config.environment(r.env());
        int n = parallel(r.parallel(), sc);
        hintKeptConnections(n, listener);
        try (StorageClient client = client(e, n, listener)) {
            StorageBackup backup = StorageBackup.configure().client(client).env(e.name()).projectRef(e.effectiveProjectRef())
                    .buckets(buckets(r.buckets(), sc.buckets()))
                    .out(config.resolve(r.out() != null ? r.out() : sc.backupDir()))
                    .keep(r.keep() != null ? r.keep() : sc.keep()).parallel(n).incremental(r.incremental()).fsync(r.fsync())
                    .listener(listener).load();
            return action.apply(backup);
        }
    }

    private static <T> T restore(OpsConfig config, RestoreRequest r, ProgressListener listener, boolean changes,
                                 Function<StorageRestore, T> action) {
        StorageConfig sc = config.storage();
        EnvironmentConfig e = config.environment(r.env());
        if (changes) {
            Protection.requireConfirmed(e.name(), e.isProtected(), r.confirm());
        }
        int n = parallel(r.parallel(), sc);
        try (StorageClient client = client(e, n, listener)) {
            StorageRestore restore = StorageRestore.configure().client(client).env(e.name()).from(config.resolve(r.from()))
                    .buckets(r.buckets()).parallel(n).listener(listener).load();
            return action.apply(restore);
        }
    }

    private static <T> T sync(OpsConfig config, SyncRequest r, ProgressListener listener, boolean changes,
                              Function<StorageSync, T> action) {
        StorageConfig sc = config.storage();
        EnvironmentConfig source = config.environment(r.from());
        EnvironmentConfig target = config.environment(r.to());
        if (changes) {
            Protection.requireConfirmed(target.name(), target.isProtected(), r.confirm());
        }
        int n = parallel(r.parallel(), sc);
        hintKeptConnections(n, listener);
        try (StorageClient src = client(source, n, listener);
             StorageClient dst = client(target, n, listener)) {
            StorageSync sync = StorageSync.configure().source(src, source.name()).target(dst, target.name())
                    .buckets(buckets(r.buckets(), sc.buckets())).delete(r.delete()).parallel(n).listener(listener).load();
            return action.apply(sync);
        }
    }
}
