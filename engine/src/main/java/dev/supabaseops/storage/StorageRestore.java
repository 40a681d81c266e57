package dev.supabaseops.storage;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Uploads a backup into an environment: missing buckets are created with the backed-up settings
 * (public flag, size limit, mime types), objects keep their content type and cache control, and
 * objects the target already holds with the same etag and size are skipped. Objects the target has
 * but the backup lacks are left alone. Each file is re-hashed against the metadata before upload,
 * so a damaged backup is never restored silently.
 */
public final class StorageRestore {
    /** @param settingsDiffer how an existing bucket's settings differ from the backup's, or null */
    public record RestoreBucketPlan(String name, boolean create, String settingsDiffer, int objects, int upload,
                                    long uploadBytes, int skip) {
    }

    public record RestorePlan(String environment, String source, String backupEnvironment, String backupProjectRef,
                              Instant backupFinishedAt, List<RestoreBucketPlan> buckets, long upload, long uploadBytes,
                              long skip) {
    }

    public record RestoreResult(String environment, String source, List<String> createdBuckets, long uploaded,
                                long uploadedBytes, long skipped) {
    }

    private record Upload(String bucket, ObjectEntry entry, boolean replace) {
    }

    private record Prepared(RestorePlan plan, List<BackupMetadata.Bucket> create, List<Upload> uploads) {
    }

    private final Builder cfg;

    private StorageRestore(Builder cfg) {
        this.cfg = cfg;
    }

    public static Builder configure() {
        return new Builder();
    }

    public static final class Builder {
        private StorageClient client;
        private String env;
        private Path from;
        private List<String> buckets = List.of();
        private int parallel = 4;
        private ProgressListener listener = ProgressListener.NONE;

        public Builder client(StorageClient c) {
            this.client = c;
            return this;
        }

        /** The target environment's name (messages, results). */
        public Builder env(String name) {
            this.env = name;
            return this;
        }

        /** A backup folder, or an {@code <env>-<ref>} folder (its newest complete backup). */
        public Builder from(Path dir) {
            this.from = dir;
            return this;
        }

        public Builder buckets(List<String> names) {
            this.buckets = names == null ? List.of() : List.copyOf(names);
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

        public StorageRestore load() {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(from, "from");
            TransferPool.requireValidParallel(parallel);
            return new StorageRestore(this);
        }
    }

    public RestorePlan plan() {
        return prepare().plan();
    }

    private Prepared prepare() {
        Path dir = BackupStore.resolveBackup(cfg.from);
        BackupMetadata m = BackupMetadata.read(dir);
        List<BucketInfo> inBackup = m.buckets().stream().map(BackupMetadata.Bucket::info).toList();
        List<String> selected = StorageSelection.select(inBackup, cfg.buckets, "the backup " + dir).stream()
                .map(BucketInfo::name).toList();
        Map<String, BucketInfo> target = new LinkedHashMap<>();
        cfg.client.listBuckets().forEach(b -> target.put(b.name(), b));
        List<RestoreBucketPlan> plans = new ArrayList<>();
        List<BackupMetadata.Bucket> create = new ArrayList<>();
        List<Upload> uploads = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        Map<String, List<RemoteObject>> listings = cfg.client.listObjects(selected.stream().filter(target::containsKey).toList(), cfg.parallel);
        for (BackupMetadata.Bucket b : m.buckets()) {
            if (!selected.contains(b.name())) {
                continue;
            }
            BucketInfo existing = target.get(b.name());
            Map<String, RemoteObject> present = new LinkedHashMap<>();
            if (existing == null) {
                create.add(b);
            } else {
                listings.get(b.name()).forEach(o -> present.put(o.key(), o));
            }
            int upload = 0;
            int skip = 0;
            long bytes = 0;
            for (ObjectEntry e : b.objects()) {
                checkFile(dir, b.name(), e, damaged);
                RemoteObject there = present.get(e.key());
                if (there != null && there.sameContentAs(e.etag(), e.size())) {
                    skip++;
                } else {
                    uploads.add(new Upload(b.name(), e, there != null));
                    upload++;
                    bytes += e.size();
                }
            }
            plans.add(new RestoreBucketPlan(b.name(), existing == null, existing == null ? null : settingsDiffer(b.info(), existing),
                    b.objects().size(), upload, bytes, skip));
        }
        if (!damaged.isEmpty()) {
            throw OpsException.failed("the backup " + dir + " is damaged: " + damaged.size() + " file(s) missing or with the wrong size (first: "
                    + damaged.get(0) + "); run backup-storage --verify " + dir + " and restore from another backup");
        }
        RestorePlan plan = new RestorePlan(cfg.env, dir.toString(), m.environment(), m.projectRef(), m.finishedAt(), List.copyOf(plans),
                plans.stream().mapToLong(RestoreBucketPlan::upload).sum(), plans.stream().mapToLong(RestoreBucketPlan::uploadBytes).sum(),
                plans.stream().mapToLong(RestoreBucketPlan::skip).sum());
        return new Prepared(plan, create, uploads);
    }

    private static void checkFile(Path dir, String bucket, ObjectEntry e, List<String> damaged) {
        try {
            Path f = ObjectPaths.inside(dir.resolve(bucket), e.file());
            if (!Files.isRegularFile(f) || Files.size(f) != e.size()) {
                damaged.add(bucket + "/" + StorageErrors.printable(e.key()));
            }
        } catch (IOException | OpsException ex) {
            damaged.add(bucket + "/" + StorageErrors.printable(e.key()));
        }
    }

    static String settingsDiffer(BucketInfo wanted, BucketInfo actual) {
        List<String> d = new ArrayList<>();
        if (wanted.isPublic() != actual.isPublic()) {
            d.add("public " + actual.isPublic() + " (backup: " + wanted.isPublic() + ")");
        }
        if (!Objects.equals(wanted.fileSizeLimit(), actual.fileSizeLimit())) {
            d.add("file size limit " + actual.fileSizeLimit() + " (backup: " + wanted.fileSizeLimit() + ")");
        }
        if (!Objects.equals(wanted.allowedMimeTypes(), actual.allowedMimeTypes())) {
            d.add("mime types " + actual.allowedMimeTypes() + " (backup: " + wanted.allowedMimeTypes() + ")");
        }
        return d.isEmpty() ? null : String.join(", ", d);
    }

    public RestoreResult apply() {
        Prepared prepared = prepare();
        RestorePlan plan = prepared.plan();
        Path dir = Path.of(plan.source());
        plan.buckets().stream().filter(b -> b.settingsDiffer() != null).forEach(b -> cfg.listener.warn(
                "bucket " + b.name() + " exists in " + cfg.env + " with other settings, left as they are: " + b.settingsDiffer()));
        List<String> created = new ArrayList<>();
        for (BackupMetadata.Bucket b : prepared.create()) {
            if (cfg.client.createBucket(b.info())) {
                created.add(b.name());
                cfg.listener.info("created bucket " + b.name() + " in " + cfg.env + " (public: " + b.isPublic() + ")");
            }
        }
        cfg.listener.info("restoring " + Amounts.of(plan.upload(), "object") + " (" + Amounts.bytes(plan.uploadBytes()) + ") from "
                + dir + " to " + cfg.env + "; " + plan.skip() + " already there");
        TransferProgress progress = new TransferProgress(cfg.listener, "restore " + cfg.env, plan.upload(), plan.uploadBytes());
        List<Callable<Long>> tasks = new ArrayList<>();
        for (Upload u : prepared.uploads()) {
            tasks.add(() -> {
                Path f = ObjectPaths.inside(dir.resolve(u.bucket()), u.entry().file());
                if (u.entry().sha256() != null && !u.entry().sha256().equals(Hashing.sha256(f))) {
                    throw OpsException.failed(u.bucket() + "/" + StorageErrors.printable(u.entry().key())
                            + ": the backup file changed since the backup was taken (SHA-256 differs); not uploaded");
                }
                cfg.client.upload(u.bucket(), u.entry().key(), f, u.entry().contentType(), u.entry().cacheControl(), u.replace());
                progress.bytes(u.entry().size());
                progress.objectDone();
                return u.entry().size();
            });
        }
        TransferPool.Outcome<Long> outcome = TransferPool.run(cfg.parallel, tasks, false);
        outcome.failures().forEach(f -> cfg.listener.warn(f.getMessage()));
        if (!outcome.failures().isEmpty()) {
            int failed = outcome.failures().size();
            throw OpsException.failed("restore to " + cfg.env + " incomplete: " + failed + " of "
                    + tasks.size() + " object(s) failed (first: " + outcome.failures().get(0).getMessage() + "); "
                    + (failed == tasks.size() ? "none was restored" : "the others were restored")
                    + ": run the same command again to retry the rest");
        }
        progress.finish();
        return new RestoreResult(cfg.env, dir.toString(), List.copyOf(created), plan.upload(), plan.uploadBytes(), plan.skip());
    }
}
