package dev.supabaseops.sync;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * One table's work, resolved against both catalogs before any row moves.
 *
 * @param temp     the staging table on the target (ON COMMIT DROP)
 * @param stage    staged columns in source order, typed like the target (text when the target lacks them)
 * @param written  columns written to the target: in both, not generated in the target
 * @param key      the columns rows are matched by; a unique index on the target covers them (ON CONFLICT needs one)
 * @param updatable written columns an update may set (not the key, not GENERATED ALWAYS identity: PostgreSQL
 *                  lets an UPDATE set those only to DEFAULT); see {@link #compared}
 * @param skipped  target columns never written (generated)
 * @param ignored  source columns the target lacks (only with ignoreMissingColumns)
 * @param buckets  when only some key buckets are staged (see {@link SourceSide}), those; null when every row is
 */
record SyncJob(TableRef ref, SyncSource.Table source, TableMeta target, String temp,
               List<ExportManifest.Column> stage, List<String> written, List<String> key, List<String> updatable,
               List<String> skipped, List<String> ignored, List<Integer> buckets) {

    static SyncJob of(int index, SyncSource.Table source, TableMeta target, Map<String, List<String>> keys,
                      List<String> missing) {
        List<ExportManifest.Column> stage = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (ExportManifest.Column c : read(source, target)) {
            var t = target.column(c.name());
            if (t.isEmpty()) {
                ignored.add(c.name());
                missing.add(target.ref() + "." + c.name());
                stage.add(new ExportManifest.Column(c.name(), "text"));
            } else if (t.get().generated()) {
                stage.add(new ExportManifest.Column(c.name(), "text"));
            } else {
                stage.add(new ExportManifest.Column(c.name(), t.get().type()));
                written.add(c.name());
            }
        }
        List<String> skipped = target.columns().stream().filter(TableMeta.Column::generated).map(TableMeta.Column::name).toList();
        List<String> key = key(target, keys);
        for (String k : key) {
            if (!written.contains(k)) {
                throw OpsException.usage("key column " + k + " of " + target.ref() + " is not in the source's rows:"
                        + " the source table must have it too");
            }
        }
        refuseNullKeys(source, target, key);
        List<String> updatable = written.stream().filter(c -> !key.contains(c))
                .filter(c -> target.column(c).map(tc -> tc.identity() != 'a').orElse(true)).toList();
        return new SyncJob(target.ref(), source, target, "_sync_stage_" + index, List.copyOf(stage), List.copyOf(written),
                key, updatable, skipped, List.copyOf(ignored), null);
    }

    /**
     * The source columns a sync reads, in source order. From a database that includes a generated
     * column whose target column is a plain one: the source computes it (a SELECT returns it) and
     * the target stores whatever it is given, so its values are copied like any other. A generated
     * source column that the target generates too or lacks is not read: it is derived from columns
     * that are copied. An export folder holds no generated columns (see {@link DatabaseSource#describe}).
     */
    private static List<ExportManifest.Column> read(SyncSource.Table source, TableMeta target) {
        if (source.meta() == null) {
            return source.columns();
        }
        List<ExportManifest.Column> out = new ArrayList<>();
        for (TableMeta.Column c : source.meta().columns()) {
            if (!c.generated() || target.column(c.name()).map(t -> !t.generated()).orElse(false)) {
                out.add(new ExportManifest.Column(c.name(), c.type()));
            }
        }
        return out;
    }

    /**
     * Refuses a key with a column that allows NULL in the target or in a source database (an
     * export folder records no nullability; the target's NOT NULL then keeps NULL keys out). Rows
     * are matched by key with {@code =} (staging, digests' buckets, mirror deletes) and ON
     * CONFLICT, and a NULL key matches nothing, not even the same row: it would be inserted again
     * on every sync and a mirror would plan to delete the copies forever. Refused on the columns'
     * declarations, not their current values, so a plan that passes today cannot start duplicating
     * when a NULL arrives.
     */
    private static void refuseNullKeys(SyncSource.Table source, TableMeta target, List<String> key) {
        List<String> inTarget = key.stream().filter(k -> target.column(k).map(c -> !c.notNull()).orElse(false)).toList();
        List<String> inSource = source.meta() == null ? List.of()
                : key.stream().filter(k -> source.meta().column(k).map(c -> !c.notNull()).orElse(false)).toList();
        if (inTarget.isEmpty() && inSource.isEmpty()) {
            return;
        }
        List<String> nullable = key.stream().filter(k -> inTarget.contains(k) || inSource.contains(k)).toList();
        String where = inTarget.isEmpty() ? "the source" : inSource.isEmpty() ? "the target" : "the target and the source";
        TableRef t = target.ref();
        boolean configured = target.primaryKey().isEmpty();
        throw OpsException.usage("the key (" + String.join(", ", key) + ") of " + t + " allows NULL in " + where
                + (nullable.size() < key.size() ? " (" + String.join(", ", nullable) + ")" : "")
                + ": rows are matched by key and a NULL key never matches, so such rows "
                + (inTarget.isEmpty() ? "could not be matched;" : "would be inserted again on every sync;")
                + " make " + (nullable.size() == 1 ? "it" : "them") + " NOT NULL in " + where + " (ALTER TABLE " + t + " "
                + nullable.stream().map(c -> "ALTER COLUMN " + c + " SET NOT NULL").collect(java.util.stream.Collectors.joining(", "))
                + ")" + (configured ? ", or match rows by a primary key or another NOT NULL unique key (sync.keys)" : ""));
    }

    /** This job with only the rows of the given buckets staged (mirror deletes stay inside them). */
    SyncJob withBuckets(List<Integer> staged) {
        return new SyncJob(ref, source, target, temp, stage, written, key, updatable, skipped, ignored,
                staged == null ? null : List.copyOf(staged));
    }

    private static List<String> key(TableMeta target, Map<String, List<String>> keys) {
        if (!target.primaryKey().isEmpty()) {
            return target.primaryKey();
        }
        TableRef t = target.ref();
        List<String> configured = configuredKey(keys, t);
        if (configured == null || configured.isEmpty()) {
            throw OpsException.usage("table " + t + " has no primary key, so rows cannot be matched: add one, or name a"
                    + " unique key in supabase-ops.yml (sync: { keys: { " + t.name() + ": [column] } })");
        }
        boolean indexed = target.uniqueKeys().stream().anyMatch(u -> new HashSet<>(u).equals(new HashSet<>(configured)));
        if (!indexed) {
            throw OpsException.usage("sync.keys for " + t + " names (" + String.join(", ", configured) + ") but the target has"
                    + " no unique index on exactly those columns: create one (CREATE UNIQUE INDEX … ON " + t + " ("
                    + String.join(", ", configured) + "))");
        }
        return List.copyOf(configured);
    }

    /** {@code sync.keys} entry for a table: {@code schema.name}, or the bare name for public tables. */
    static List<String> configuredKey(Map<String, List<String>> keys, TableRef t) {
        List<String> k = keys.get(t.toString());
        if (k == null && t.schema().equals(TableRef.DEFAULT_SCHEMA)) {
            k = keys.get(t.name());
        }
        return k;
    }

    /**
     * The written columns that decide whether a row is unchanged: the key and the updatable ones.
     * An identity GENERATED ALWAYS column outside the key is written on insert only (OVERRIDING
     * SYSTEM VALUE, or COPY), so a difference there alone is nothing an update could write: the
     * plan's comparison, the digests and the write's filter all leave it out, and plan, apply and
     * the next plan agree.
     */
    List<String> compared() {
        return written.stream().filter(c -> key.contains(c) || updatable.contains(c)).toList();
    }

    List<String> stageNames() {
        return stage.stream().map(ExportManifest.Column::name).toList();
    }

    String urlKind(String column) {
        return target.column(column).map(TableMeta.Column::urlKind).orElse(null);
    }

    String type(String column) {
        return target.column(column).map(TableMeta.Column::type).orElseThrow();
    }
}
