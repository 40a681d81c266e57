package dev.supabaseops.storage;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Copies buckets from one environment to another: missing buckets are created with the source's
 * settings, objects with the same etag and size on both sides are skipped, changed or missing ones
 * are copied (streamed through a temporary file, so memory does not grow with object size), and
 * only with {@code delete(true)} are target objects that the source lacks removed.
 */
public final class StorageSync {
    public record SyncBucketPlan(String name, boolean create, String settingsDiffer, int objects, int copy,
                                 long copyBytes, int skip, int delete, List<String> refused) {
    }

    public record SyncPlan(String from, String to, boolean deleteExtra, List<SyncBucketPlan> buckets, long copy,
                           long copyBytes, long skip, long delete) {
    }

    public record SyncResult(String from, String to, List<String> createdBuckets, long copied, long copiedBytes,
                             long skipped, long deleted) {
    }

    private record Copy(String bucket, RemoteObject object, boolean replace) {
    }

    private record Prepared(SyncPlan plan, List<BucketInfo> create, List<Copy> copies, Map<String, List<String>> deletes) {
    }

    private final Builder cfg;

    private StorageSync(Builder cfg) {
        this.cfg = cfg;
    }

    public static Builder configure() {
        return new Builder();
    }

    public static final class Builder {
        private StorageClient source;
        private StorageClient target;
        private String from;
        private String to;
        private List<String> buckets = List.of();
        private boolean delete;
        private int parallel = 4;
        private ProgressListener listener = ProgressListener.NONE;

        public Builder source(StorageClient c, String envName) {
            this.source = c;
            this.from = envName;
            return this;
        }

        public Builder target(StorageClient c, String envName) {
            this.target = c;
            this.to = envName;
            return this;
        }

        public Builder buckets(List<String> names) {
            this.buckets = names == null ? List.of() : List.copyOf(names);
            return this;
        }

        /** Also delete target objects the source does not have (off by default). */
        public Builder delete(boolean on) {
            this.delete = on;
            return this;
        }

        public Builder parallel(int n) {
            this.parallel = n;
            return this;
        }

        public Builder listener(ProgressListener l) {
            this.listener = l == null ? ProgressListener.NONE : l;
            return this;
        }

        public StorageSync load() {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            if (from.equals(to)) {
                throw OpsException.usage("--from and --to are the same environment (" + from + ")");
            }
            TransferPool.requireValidParallel(parallel);
            return new StorageSync(this);
        }
    }

    public SyncPlan plan() {
        return prepare().plan();
    }

    private Prepared prepare() {
        List<BucketInfo> selected = StorageSelection.select(cfg.source.listBuckets(), cfg.buckets, cfg.from);
        Map<String, BucketInfo> targetBuckets = new LinkedHashMap<>();
        cfg.target.listBuckets().forEach(b -> targetBuckets.put(b.name(), b));
        List<SyncBucketPlan> plans = new ArrayList<>();
        List<BucketInfo> create = new ArrayList<>();
        List<Copy> copies = new ArrayList<>();
        Map<String, List<String>> deletes = new LinkedHashMap<>();
        List<String> names = selected.stream().map(BucketInfo::name).toList();
        Map<String, List<RemoteObject>> sourceListings = cfg.source.listObjects(names, cfg.parallel);
        Map<String, List<RemoteObject>> targetListings = cfg.target.listObjects(
                names.stream().filter(targetBuckets::containsKey).toList(), cfg.parallel);
        for (BucketInfo b : selected) {
            BucketInfo existing = targetBuckets.get(b.name());
            Map<String, RemoteObject> there = new LinkedHashMap<>();
            if (existing == null) {
                create.add(b);
            } else {
                targetListings.get(b.name()).forEach(o -> there.put(o.key(), o));
            }
            int copy = 0;
            int skip = 0;
            long bytes = 0;
            List<String> refused = new ArrayList<>();
            Map<String, RemoteObject> sourceObjects = new LinkedHashMap<>();
            for (RemoteObject o : sourceListings.get(b.name())) {
                sourceObjects.put(o.key(), o);
                if (!ObjectPaths.addressable(o.key())) {
                    refused.add(o.key());
                    continue;
                }
                RemoteObject t = there.get(o.key());
                if (t != null && t.sameContentAs(o.etag(), o.size())) {
                    skip++;
                } else {
                    copies.add(new Copy(b.name(), o, t != null));
                    copy++;
                    bytes += Math.max(0, o.size());
                }
            }
            List<String> extra = cfg.delete ? there.keySet().stream().filter(k -> !sourceObjects.containsKey(k)).toList() : List.of();
            if (!extra.isEmpty()) {
                deletes.put(b.name(), extra);
            }
            plans.add(new SyncBucketPlan(b.name(), existing == null,
                    existing == null ? null : StorageRestore.settingsDiffer(b, existing), sourceObjects.size(), copy, bytes, skip,
                    extra.size(), List.copyOf(refused)));
        }
        SyncPlan plan = new SyncPlan(cfg.from, cfg.to, cfg.delete, List.copyOf(plans),
                plans.stream().mapToLong(SyncBucketPlan::copy).sum(), plans.stream().mapToLong(SyncBucketPlan::copyBytes).sum(),
                plans.stream().mapToLong(SyncBucketPlan::skip).sum(), plans.stream().mapToLong(SyncBucketPlan::delete).sum());
        return new Prepared(plan, create, copies, deletes);
    }

    public SyncResult apply() {
        Prepared prepared = prepare();
        SyncPlan plan = prepared.plan();
        plan.buckets().forEach(b -> {
            if (b.settingsDiffer() != null) {
                cfg.listener.warn("bucket " + b.name() + " exists in " + cfg.to + " with other settings, left as they are: " + b.settingsDiffer());
            }
            b.refused().forEach(k -> cfg.listener.warn("not copied: " + b.name() + "/" + StorageErrors.printable(k)
                    + ": name has empty, '.' or '..' segments, which HTTP clients cannot address"));
        });
        List<String> created = new ArrayList<>();
        for (BucketInfo b : prepared.create()) {
            if (cfg.target.createBucket(b)) {
                created.add(b.name());
                cfg.listener.info("created bucket " + b.name() + " in " + cfg.to + " (public: " + b.isPublic() + ")");
            }
        }
        cfg.listener.info("copying " + Amounts.of(plan.copy(), "object") + " (" + Amounts.bytes(plan.copyBytes()) + ") from "
                + cfg.from + " to " + cfg.to + "; " + plan.skip() + " identical" + (plan.deleteExtra() ? ", " + plan.delete() + " to delete" : ""));
        Path tmp;
        try {
            tmp = Files.createTempDirectory("supabase-ops-sync-");
        } catch (IOException e) {
            throw OpsException.failed("cannot create a temporary folder for the copy: " + e.getMessage());
        }
        TransferProgress progress = new TransferProgress(cfg.listener, "sync " + cfg.from + " -> " + cfg.to, plan.copy(), plan.copyBytes());
        List<Callable<Long>> tasks = new ArrayList<>();
        for (Copy c : prepared.copies()) {
            tasks.add(() -> {
                Path f = Files.createTempFile(tmp, "object-", ".bin");
                try {
                    StorageClient.Downloaded d = cfg.source.download(c.bucket(), c.object().key(), f, progress::bytes);
                    cfg.target.upload(c.bucket(), c.object().key(), f,
                            d.contentType() != null ? d.contentType() : c.object().contentType(),
                            d.cacheControl() != null ? d.cacheControl() : c.object().cacheControl(), c.replace());
                    progress.objectDone();
                    return d.size();
                } finally {
                    Files.deleteIfExists(f);
                }
            });
        }
        TransferPool.Outcome<Long> outcome;
        try {
            outcome = TransferPool.run(cfg.parallel, tasks, false);
        } finally {
            BackupStore.deleteTree(tmp);
        }
        outcome.failures().forEach(f -> cfg.listener.warn(f.getMessage()));
        if (!outcome.failures().isEmpty()) {
            throw OpsException.failed("sync " + cfg.from + " -> " + cfg.to + " incomplete: " + outcome.failures().size() + " of "
                    + tasks.size() + " object(s) failed (first: " + outcome.failures().get(0).getMessage()
                    + "); nothing was deleted; run the same command again to retry");
        }
        progress.finish();
        long deleted = 0;
        for (Map.Entry<String, List<String>> e : prepared.deletes().entrySet()) {
            deleted += cfg.target.deleteObjects(e.getKey(), e.getValue());
            cfg.listener.info("deleted " + Amounts.of(e.getValue().size(), "object") + " from " + cfg.to + "/" + e.getKey() + " that " + cfg.from + " does not have");
        }
        long copiedBytes = outcome.results().stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum();
        return new SyncResult(cfg.from, cfg.to, List.copyOf(created), tasks.size(), copiedBytes, plan.skip(), deleted);
    }
}
