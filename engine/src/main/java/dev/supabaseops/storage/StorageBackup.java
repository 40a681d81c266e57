package dev.supabaseops.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Version;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;
import dev.supabaseops.storage.BackupMetadata.Refused;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backs up Storage buckets to disk: list → plan → download in parallel into a {@code .partial}
 * folder → check → write metadata → rename → retention. Objects whose etag and size match the
 * newest complete backup are hard-linked from it instead of downloaded (copied where links are
 * impossible), so a nightly run over unchanged buckets transfers only listings.
 *
 * <pre>{@code
 * BackupResult r = StorageBackup.configure().client(client).env("prod").projectRef("abcd")
 *         .out(Path.of("backups/storage")).keep(5).parallel(4).load().run();
 * }</pre>
 */
public final class StorageBackup {
    /** One bucket of a plan. {@code renamed}: names stored under an encoded file name. */
    public record BucketPlan(String name, @JsonProperty("public") boolean isPublic, Long fileSizeLimit, List<String> allowedMimeTypes,
                             int objects, long bytes, int download, long downloadBytes, int link, List<String> renamed) {
    }

    /** What a run would do; {@code previousBackup} is what unchanged objects would be linked from. */
    public record BackupPlan(String environment, String projectRef, String backupRoot, String previousBackup,
                             List<BucketPlan> buckets, List<Refused> refused, long objects, long bytes,
                             long download, long downloadBytes, long link) {
    }

    public record BackupResult(String environment, String projectRef, String directory, Instant startedAt,
                               Instant finishedAt, int buckets, long objects, long bytes, long downloaded,
                               long downloadedBytes, long linked, List<Refused> refused, List<String> renamed,
                               List<String> deletedBackups) {
    }

    private record Item(BucketInfo bucket, RemoteObject object, String file, Path linkFrom, ObjectEntry previous) {
    }

    private record Prepared(BackupPlan plan, List<BucketInfo> buckets, List<Item> items) {
    }

    /** An object on disk in the new backup, and its metadata entry. */
    private record Written(Path file, ObjectEntry entry) {
    }

    /** Unchanged objects hard-linked per transfer task. */
    static final int LINK_BATCH = 32;

    private final Builder cfg;
    private final BackupStore store;
    private final Map<Path, Path> createdDirs = new java.util.concurrent.ConcurrentHashMap<>();

    private StorageBackup(Builder cfg) {
        this.cfg = cfg;
        this.store = new BackupStore(cfg.out, cfg.env, cfg.projectRef);
    }

    public static Builder configure() {
        return new Builder();
    }

    public static final class Builder {
        private StorageClient client;
        private String env;
        private String projectRef = "local";
        private List<String> buckets = List.of();
        private Path out = Path.of("backups/storage");
        private int keep = 5;
        private int parallel = 4;
        private boolean incremental = true;
        private Durability durability = Durability.ON;
        private ProgressListener listener = ProgressListener.NONE;

        public Builder client(StorageClient c) {
            this.client = c;
            return this;
        }

        public Builder env(String name) {
            this.env = name;
            return this;
        }

        public Builder projectRef(String ref) {
            this.projectRef = ref;
            return this;
        }

        /** Buckets to back up; empty = all. */
        public Builder buckets(List<String> names) {
            this.buckets = names == null ? List.of() : List.copyOf(names);
            return this;
        }

        public Builder out(Path dir) {
            this.out = dir;
            return this;
        }

        public Builder keep(int n) {
            this.keep = n;
            return this;
        }

        public Builder parallel(int n) {
            this.parallel = n;
            return this;
        }

        public Builder incremental(boolean on) {
            this.incremental = on;
            return this;
        }

        /**
         * Sync every file and folder to stable storage before the backup is named complete (default
         * on); off only for throwaway copies, where a power loss may leave a "complete" backup with
         * truncated files.
         */
        public Builder fsync(boolean on) {
            this.durability = Durability.of(on);
            return this;
        }

        /** Tests: syncs as {@code fsync(true)} does, and reports each path synced. */
        Builder durability(Durability d) {
            this.durability = d;
            return this;
        }

        public Builder listener(ProgressListener l) {
            this.listener = l == null ? ProgressListener.NONE : l;
            return this;
        }

        public StorageBackup load() {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(env, "env");
            if (keep < 1) {
                throw OpsException.usage("--keep must be at least 1 (got " + keep + ")");
            }
            TransferPool.requireValidParallel(parallel);
            return new StorageBackup(this);
        }
    }

    public BackupPlan plan() {
        return prepare().plan();
    }

    private Prepared prepare() {
        // The newest backup's metadata is read on its own thread while the buckets are listed.
        PreviousBackup previousRead = cfg.incremental ? PreviousBackup.start(store) : PreviousBackup.NONE;
        // Buckets named by the user are listed while the project's bucket list is fetched, a round
        // trip sooner (against a server 30 ms away an unchanged backup took ~40 ms less,
        // docs/benchmarks.md); a name the project lacks is still reported from that list.
        Future<Map<String, List<RemoteObject>>> named = cfg.buckets.isEmpty() || !foldersFor(cfg.buckets) ? null
                : cfg.client.listObjectsMeanwhile(List.copyOf(new LinkedHashSet<>(cfg.buckets)), cfg.parallel);
        List<BucketInfo> selected;
        try {
            selected = StorageSelection.select(cfg.client.listBuckets(), cfg.buckets, cfg.env);
        } catch (RuntimeException e) {
            if (named != null) {
                named.cancel(true); // no retries of a listing whose run has failed (a plugin's step shares its JVM)
            }
            throw e;
        }
        selected.forEach(b -> ObjectPaths.bucketFolder(b.name()));
        Map<String, List<RemoteObject>> listings = named != null ? Futures.await(named, "listing the buckets")
                : cfg.client.listObjects(selected.stream().map(BucketInfo::name).toList(), cfg.parallel);
        Path previousDir = null;
        Map<String, Map<String, PreviousBackup.Entry>> previous = null;
        List<BucketPlan> bucketPlans = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (BucketInfo bucket : selected) {
            Map<String, RemoteObject> objects = new LinkedHashMap<>();
            for (RemoteObject o : listings.get(bucket.name())) {
                if (ObjectPaths.addressable(o.key())) {
                    objects.put(o.key(), o);
                } else {
                    refused.add(new Refused(bucket.name(), o.key(),
                            "name has empty, '.' or '..' segments: HTTP clients cannot address it"));
                }
            }
            Map<String, String> files = ObjectPaths.assign(objects.keySet());
            if (previous == null) {
                previousDir = previousRead.dir();
                previous = previousRead.objects();
            }
            Map<String, PreviousBackup.Entry> prev = previous.getOrDefault(bucket.name(), Map.of());
            List<String> renamed = new ArrayList<>();
            int download = 0;
            int link = 0;
            long bytes = 0;
            long downloadBytes = 0;
            for (Map.Entry<String, String> e : files.entrySet()) {
                RemoteObject o = objects.get(e.getKey());
                if (!e.getKey().equals(e.getValue())) {
                    renamed.add(bucket.name() + "/" + StorageErrors.printable(e.getKey()) + " -> " + e.getValue());
                }
                PreviousBackup.Entry p = prev.get(o.key());
                Path source = p == null || p.intactFile() == null || !o.sameContentAs(p.object().etag(), p.object().size())
                        ? null : p.intactFile();
                items.add(new Item(bucket, o, e.getValue(), source, source == null ? null : p.object()));
                bytes += Math.max(0, o.size());
                if (source == null) {
                    download++;
                    downloadBytes += Math.max(0, o.size());
                } else {
                    link++;
                }
            }
            bucketPlans.add(new BucketPlan(bucket.name(), bucket.isPublic(), bucket.fileSizeLimit(), bucket.allowedMimeTypes(),
                    files.size(), bytes, download, downloadBytes, link, List.copyOf(renamed)));
        }
        if (previous == null) { // no buckets: nothing to link, but the plan still names the newest backup
            previousDir = previousRead.dir();
        }
        long[] sum = new long[5];
        for (BucketPlan b : bucketPlans) {
            sum[0] += b.objects();
            sum[1] += b.bytes();
            sum[2] += b.download();
            sum[3] += b.downloadBytes();
            sum[4] += b.link();
        }
        BackupPlan plan = new BackupPlan(cfg.env, cfg.projectRef, store.envDir().toString(),
                previousDir == null ? null : previousDir.toString(), List.copyOf(bucketPlans), List.copyOf(refused),
                sum[0], sum[1], sum[2], sum[3], sum[4]);
        return new Prepared(plan, selected, items);
    }

    /** Whether each of these bucket names can be a folder name (else the run refuses it, after the bucket list). */
    private static boolean foldersFor(List<String> buckets) {
        try {
            buckets.forEach(ObjectPaths::bucketFolder);
            return true;
        } catch (OpsException e) {
            return false;
        }
    }

    public BackupResult run() {
        Instant started = Instant.now();
        Prepared prepared = prepare();
        BackupPlan plan = prepared.plan();
        prepared.plan().refused().forEach(r -> cfg.listener.warn("not backed up: " + r.bucket() + "/"
                + StorageErrors.printable(r.key()) + ": " + r.reason()));
        plan.buckets().forEach(b -> b.renamed().forEach(r -> cfg.listener.warn(
                "unsafe object name stored under an encoded file name (metadata keeps the real name): " + r)));
        Path partial;
        try {
            partial = store.createPartial(started);
        } catch (IOException e) {
            // nothing written yet: a folder that cannot be made is configuration (--out), exit 2
            throw OpsException.usage("cannot create a backup folder under " + store.envDir() + ": "
                    + StorageErrors.describeLocal(e) + ": choose a writable --out (or storage.backupDir)");
        }
        cfg.listener.info("backing up " + Amounts.of(plan.objects(), "object") + " (" + Amounts.bytes(plan.bytes()) + ") from "
                + Amounts.of(plan.buckets().size(), "bucket") + " of " + cfg.env + " into " + partial + ": " + plan.download()
                + " to download, " + plan.link() + " unchanged" + (plan.link() > 0 ? " (linked from " + plan.previousBackup() + ")" : ""));
        TransferProgress progress = new TransferProgress(cfg.listener, "backup " + cfg.env, plan.objects(), plan.downloadBytes());
        Map<String, Path> roots = new HashMap<>();
        prepared.buckets().forEach(b -> roots.put(b.name(), ObjectPaths.root(partial.resolve(b.name()))));
        // A download is a task of its own; unchanged objects are linked LINK_BATCH at a time (one
        // task per link cost more than the link). A task stops at its first failure, so each
        // failure is one object; the objects not attempted are those neither written nor failed.
        List<Item> items = prepared.items();
        AtomicInteger written = new AtomicInteger();
        List<Callable<List<Written>>> tasks = new ArrayList<>();
        for (int i = 0; i < items.size(); ) {
            int end = i + 1;
            if (items.get(i).linkFrom() != null) {
                while (end < items.size() && end - i < LINK_BATCH && items.get(end).linkFrom() != null) {
                    end++;
                }
            }
            List<Item> batch = items.subList(i, end);
            tasks.add(() -> {
                List<Written> done = new ArrayList<>(batch.size());
                for (Item item : batch) {
                    done.add(transfer(roots.get(item.bucket().name()), item, progress));
                    written.incrementAndGet();
                }
                return done;
            });
            i = end;
        }
        TransferPool.Outcome<List<Written>> outcome = TransferPool.run(cfg.parallel, tasks, true);
        if (!outcome.failures().isEmpty()) {
            RuntimeException first = outcome.failures().get(0);
            ExitCode code = first instanceof OpsException ops && ops.exitCode() != ExitCode.OK ? ops.exitCode() : ExitCode.FAILED;
            int failed = outcome.failures().size();
            throw new OpsException(code, "backup of " + cfg.env + " failed: " + first.getMessage() + " ("
                    + failed + " object(s) failed, " + Math.max(0, items.size() - written.get() - failed) + " not attempted); "
                    + "the incomplete backup is kept at " + partial + " for inspection and is not a backup; "
                    + "older backups were left as they were");
        }
        progress.finish();
        Map<String, List<ObjectEntry>> byBucket = new LinkedHashMap<>();
        prepared.buckets().forEach(b -> byBucket.put(b.name(), new ArrayList<>()));
        List<Written> results = new ArrayList<>(items.size());
        outcome.results().forEach(results::addAll);
        long downloaded = 0;
        long downloadedBytes = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Written w = results.get(i);
            ObjectEntry e = w.entry();
            byBucket.get(item.bucket().name()).add(e);
            if (item.linkFrom() == null) {
                downloaded++;
                downloadedBytes += e.size();
            }
        }
        List<BackupMetadata.Bucket> buckets = new ArrayList<>();
        for (BucketInfo b : prepared.buckets()) {
            buckets.add(new BackupMetadata.Bucket(b.name(), b.isPublic(), b.fileSizeLimit(), b.allowedMimeTypes(), byBucket.get(b.name())));
        }
        long objects = prepared.items().size();
        long bytes = 0;
        for (Written w : results) {
            bytes += w.entry().size();
        }
        Instant finished = Instant.now();
        BackupMetadata metadata = new BackupMetadata(BackupMetadata.FORMAT, "supabase-ops", Version.get(), cfg.env,
                cfg.projectRef, started, finished, plan.previousBackup() == null ? null : Path.of(plan.previousBackup()).getFileName().toString(),
                buckets, plan.refused(), new BackupMetadata.Totals(buckets.size(), objects, bytes, downloaded, downloadedBytes, objects - downloaded));
        Path done;
        try {
            done = store.complete(partial, metadata, createdDirs.keySet(), cfg.durability);
        } catch (IOException e) {
            if (!Files.isDirectory(partial)) { // renamed already: only syncing the rename failed
                throw OpsException.failed("backup of " + cfg.env + " was renamed complete, but syncing the rename to disk failed: "
                        + StorageErrors.describeLocal(e) + "; retention did not run");
            }
            throw OpsException.failed("backup of " + cfg.env + " could not be completed: " + StorageErrors.describeLocal(e)
                    + "; the incomplete backup is kept at " + partial);
        }
        List<String> deleted = store.prune(cfg.keep).stream().map(Path::toString).toList();
        deleted.forEach(d -> cfg.listener.info("retention (--keep " + cfg.keep + "): deleted " + d));
        List<String> renamed = plan.buckets().stream().flatMap(b -> b.renamed().stream()).toList();
        return new BackupResult(cfg.env, cfg.projectRef, done.toString(), started, finished, buckets.size(), objects, bytes,
                downloaded, downloadedBytes, objects - downloaded, plan.refused(), renamed, deleted);
    }

    private Written transfer(Path bucketRoot, Item item, TransferProgress progress) throws IOException {
        Path target = ObjectPaths.insideRoot(bucketRoot, item.file());
        // computeIfAbsent blocks other threads on the same folder until it exists
        createdDirs.computeIfAbsent(target.getParent(), dir -> {
            try {
                return Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        RemoteObject o = item.object();
        if (item.linkFrom() != null) {
            ObjectEntry p = item.previous();
            Written w = new Written(target, new ObjectEntry(o.key(), item.file(), p.size(), o.etag(), o.contentType(),
                    o.cacheControl(), p.sha256()));
            try {
                // a link is the file checked a moment ago (PreviousBackup): nothing new to check
                Files.createLink(target, item.linkFrom());
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(item.linkFrom(), target); // another file system, or links not supported
                cfg.durability.file(target);
                checked(w);
            }
            progress.objectDone();
            return w;
        }
        StorageClient.Downloaded d = cfg.client.download(item.bucket().name(), o.key(), target, cfg.durability, progress::bytes);
        progress.objectDone();
        return checked(new Written(target, new ObjectEntry(o.key(), item.file(), d.size(), d.etag() != null ? d.etag() : o.etag(),
                d.contentType() != null ? d.contentType() : o.contentType(),
                d.cacheControl() != null ? d.cacheControl() : o.cacheControl(), d.sha256())));
    }

    /**
     * Every object must be on disk with its recorded size before the backup may become complete:
     * checked by the thread that wrote it, right after, so the checks run in parallel too. A linked
     * file was checked before it was linked from.
     */
    private static Written checked(Written w) throws IOException {
        long size = Files.size(w.file());
        if (size != w.entry().size()) {
            throw OpsException.failed("backup check failed: " + w.file() + " has " + size + " bytes, expected " + w.entry().size());
        }
        return w;
    }
}
