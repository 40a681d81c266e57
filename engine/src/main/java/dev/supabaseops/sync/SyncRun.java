package dev.supabaseops.sync;

import dev.supabaseops.core.OpsException;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One plan or apply: resolve and check the tables, stage the source rows on the target, count,
 * and (apply) write — all in one target transaction, so a failure anywhere leaves the target as it was.
 */
final class SyncRun {
    /** How long apply waits for other writers to leave the synced tables before giving up. */
    static final String LOCK_TIMEOUT = "30s";
    /** Per-session memory for temporary tables on the target server; allocated only as used. */
    static final String TEMP_BUFFERS = "128MB";
    private final DataSync.Configuration c;
    private String phase = "starting";

    SyncRun(DataSync.Configuration c) {
        this.c = c;
    }

    SyncPlan plan() {
        return (SyncPlan) run(false);
    }

    SyncResult apply() {
        return (SyncResult) run(true);
    }

    /** The requested tables, checked against the blocklist (exit 3 naming every blocked one). */
    static List<TableRef> requested(List<String> names, List<TableRef> fallback, List<String> blocked) {
        List<TableRef> refs = new ArrayList<>();
        for (String n : names) {
            TableRef r = TableRef.parse(n);
            if (!refs.contains(r)) {
                refs.add(r);
            }
        }
        if (refs.isEmpty()) {
            refs.addAll(fallback);
        }
        if (refs.isEmpty()) {
            throw OpsException.usage("no tables to sync: pass --tables t1,t2 or set sync.tables in supabase-ops.yml"
                    + " (there is no 'all tables' default)");
        }
        checkBlocked(refs, new Blocklist(blocked));
        return List.copyOf(refs);
    }

    static void checkBlocked(List<TableRef> refs, Blocklist blocklist) {
        List<String> hits = new ArrayList<>();
        for (TableRef r : refs) {
            String why = blocklist.reason(r);
            if (why != null) {
                hits.add(r + " (" + why + ")");
            }
        }
        if (!hits.isEmpty()) {
            throw OpsException.refused("refusing to sync blocked table(s): " + String.join(", ", hits)
                    + "; nothing was written. Remove them from --tables / sync.tables");
        }
    }

    private Object run(boolean apply) {
        if (c.target == null) {
            throw OpsException.usage("no target: pass --to ENV");
        }
        long started = System.nanoTime();
        Blocklist blocklist = new Blocklist(c.blocked);
        SyncSource source = c.sourceDb != null ? new DatabaseSource(c.sourceDb, c.rewriteFrom, c.keys) : ExportSource.open(c.sourceDir);
        try (source) {
            List<TableRef> refs = requested(c.tables, source.defaultTables(), c.blocked);
            phase = "reading the catalogs";
            SourceCatalog sourceCatalog = SourceCatalog.read(source, refs);
            try (Connection target = c.target.connect()) {
                return run(apply, source, sourceCatalog, refs, target, blocklist, started);
            } finally {
                sourceCatalog.join(); // the source closes next: its thread must be done with it
            }
        } catch (SQLException e) {
            throw OpsException.failed("sync " + (apply ? "" : "plan ") + "failed while " + phase + ": " + firstLine(e.getMessage())
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")
                    + "; the transaction was rolled back, nothing was written", e);
        } catch (IOException e) {
            throw OpsException.failed("sync failed while " + phase + ": " + e.getMessage() + "; nothing was written", e);
        }
    }

    private Object run(boolean apply, SyncSource source, SourceCatalog sourceCatalog, List<TableRef> refs, Connection target,
                       Blocklist blocklist, long started) throws SQLException, IOException {
        Map<TableRef, Optional<TableMeta>> inTarget = new LinkedHashMap<>();
        for (TableRef r : refs) {
            inTarget.put(r, Catalog.describe(target, r));
        }
        Map<TableRef, Optional<SyncSource.Table>> inSource = sourceCatalog.tables();
        Map<TableRef, TableMeta> metas = new LinkedHashMap<>();
        Map<TableRef, SyncSource.Table> sources = new LinkedHashMap<>();
        for (TableRef r : refs) {
            SyncSource.Table s = inSource.get(r).orElseThrow(() -> DatabaseSource.notFound("source " + source.name(), r));
            // the target's table of the name the source resolved to (the same, unless the spelling resolved elsewhere)
            Optional<TableMeta> found = s.ref().equals(r) ? inTarget.get(r) : Catalog.describe(target, s.ref());
            TableMeta t = found.orElseThrow(() -> OpsException.usage("table " + s.ref()
                    + " not found in target " + c.target.envName() + ": create it with a migration first (supabase-ops push)"));
            checkBlocked(List.of(s.ref(), t.ref()), blocklist); // names may have resolved to other spellings
            metas.put(t.ref(), t);
            sources.put(t.ref(), s);
        }
        c.listener.info("connected and read the catalogs of " + refs.size() + " table(s) in " + seconds(started));
        List<String> missing = new ArrayList<>();
        Map<TableRef, SyncJob> jobs = new LinkedHashMap<>();
        for (TableRef r : metas.keySet()) {
            jobs.put(r, SyncJob.of(jobs.size() + 1, sources.get(r), metas.get(r), c.keys, missing));
        }
        if (!missing.isEmpty() && !c.ignoreMissingColumns) {
            throw OpsException.usage("source columns missing in target " + c.target.envName() + ": " + String.join(", ", missing)
                    + "; add them with a migration first, or pass --ignore-missing-columns to leave them out");
        }
        List<TableRef> order = TableOrder.sort(metas);
        Set<TableRef> synced = metas.keySet();

        // Room for the staging tables in local buffers (default 8MB); only settable before the session's first temp table.
        exec(target, "SET temp_buffers = '" + TEMP_BUFFERS + "'");
        // Our statements are single scans and joins of up to a few seconds: JIT compilation costs more than it saves.
        // Parallel workers neither: the digests already run side by side (two source sessions and this
        // one), and workers on top only add processes to start and schedule (benchmark re-sync on
        // 2 cores: 2.95 → 2.63 s). Writes never use them anyway.
        exec(target, "SET jit = off; SET max_parallel_workers_per_gather = 0");
        target.setAutoCommit(false);
        if (apply) {
            phase = "locking the target tables";
            exec(target, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            // SHARE ROW EXCLUSIVE: readers go on, other writers wait until we commit, so the plan stays true.
            exec(target, "LOCK TABLE " + order.stream().map(TableRef::sql).collect(Collectors.joining(", "))
                    + " IN SHARE ROW EXCLUSIVE MODE");
        }
        UrlRewrite urls = urlRewrite(source);
        Staging staging = new Staging(target, source, urls, c.listener);
        DatabaseSource db = source instanceof DatabaseSource d ? d : null;
        if (db != null) {
            db.matchOutputSettings(target);
        }
        source.begin();
        List<SyncPlan.TablePlan> tables = new ArrayList<>();
        List<SyncPlan.Problem> problems = new ArrayList<>();
        Map<TableRef, Direct> direct = new LinkedHashMap<>();
        Map<TableRef, SourceSide> sides = new LinkedHashMap<>();
        Map<TableRef, Boolean> empty = new LinkedHashMap<>();
        Digests.Totals totals = null;
        if (db != null) {
            List<TableRef> compared = new ArrayList<>();
            for (TableRef r : order) {
                SyncJob job = jobs.get(r);
                sides.put(r, SourceSide.of(job, db.meta(job.source().ref()), urls));
                empty.put(r, isEmpty(target, r));
                if (!empty.get(r) && sides.get(r) != null) { // a table without a source side is staged whole: no digests
                    compared.add(r);
                }
            }
            phase = "digesting " + compared.stream().map(TableRef::toString).collect(Collectors.joining(", "));
            long t0 = System.nanoTime();
            totals = Digests.take(db, target, sides, jobs, compared);
            if (!compared.isEmpty()) {
                c.listener.info("digested " + compared.size() + " table(s) with rows in the target, on both sides, in " + seconds(t0));
            }
        }
        for (TableRef r : order) {
            long t0 = System.nanoTime();
            SyncJob job = jobs.get(r);
            SourceSide side = sides.get(r);
            SyncPlan.TablePlan table;
            if (side == null) {
                table = stageAll(staging, job, synced, problems);
            } else if (empty.get(r) && !referencesOutside(job, synced)) {
                // Every source row is an insert and no row can miss a reference outside the set:
                // the plan is the source's counts, and the write copies straight into the table.
                String counting = apply ? side.selectCounting() : null;
                if (counting != null) {
                    // counted while copying (see FlagCounter); the table plan is completed after the write
                    table = tablePlan(job, new SourceSummary(0, Map.of(), Map.of(), null), 0, 0, 0);
                    direct.put(r, new Direct(counting, side.urlColumns()));
                } else {
                    phase = "counting " + r;
                    SourceSummary s = SourceSummary.count(db.connection(), side);
                    table = tablePlan(job, s, s.rows(), 0, 0);
                    direct.put(r, new Direct(side.select(job.written(), null), null));
                }
            } else {
                table = compare(staging, target, db, side, jobs, r, synced, problems, empty.get(r), totals);
            }
            tables.add(table);
            boolean countedLater = direct.containsKey(r) && direct.get(r).counted() != null;
            c.listener.info("planned " + r + " in " + seconds(t0) + ": " + (countedLater ? "every source row is an insert (empty target)"
                    : table.inserts() + " insert(s), " + table.updates() + " update(s), " + table.deletes() + " delete(s), "
                    + table.unchanged() + " unchanged"));
        }
        phase = "finding the foreign keys to check in bulk";
        List<BulkForeignKeys.Dropped> bulkKeys = BulkForeignKeys.find(target, direct.keySet());
        SyncPlan plan = new SyncPlan(source.name(), c.target.envName(), c.mode, Instant.now(), order, List.copyOf(tables),
                urls.from(), urls.to(), List.copyOf(problems), notes(urls, bulkKeys));
        if (!apply) {
            target.rollback();
            return plan;
        }
        if (plan.hasProblems()) {
            target.rollback();
            throw new SyncRefusedException(plan);
        }
        return write(target, staging, plan, jobs, direct, bulkKeys, started);
    }

    /** Stages every source row as it is (export folders, or URL columns of another kind in the source) and plans on the target. */
    private SyncPlan.TablePlan stageAll(Staging staging, SyncJob job, Set<TableRef> synced, List<SyncPlan.Problem> problems)
            throws SQLException, IOException {
        TableRef r = job.ref();
        phase = "copying " + r;
        staging.load(job, null);
        phase = "comparing " + r;
        List<Map<String, Long>> urlCounts = staging.rewriteUrls(job);
        long[] n = staging.count(job, c.mode);
        problems.addAll(staging.missingReferences(job, synced));
        if (c.mode == SyncMode.MIRROR && n[3] > 0) {
            problems.addAll(staging.referencedDeletes(job, synced));
        }
        return new SyncPlan.TablePlan(r, job.key(), n[2], n[0], n[1], n[3], n[2] - n[0] - n[1], urlCounts.get(0), urlCounts.get(1),
                job.skipped(), job.ignored());
    }

    /**
     * Compares row digests on both servers and stages only the buckets that differ, so an
     * unchanged table moves no rows at all (see {@link SourceSide}). The staged rows are then
     * planned exactly as before: by key, with binary-image comparison.
     */
    private SyncPlan.TablePlan compare(Staging staging, Connection target, DatabaseSource db, SourceSide side,
                                       Map<TableRef, SyncJob> jobs, TableRef r, Set<TableRef> synced, List<SyncPlan.Problem> problems,
                                       boolean empty, Digests.Totals totals)
            throws SQLException, IOException {
        SyncJob job = jobs.get(r);
        phase = "comparing " + r;
        SourceSummary s = empty ? SourceSummary.count(db.connection(), side)
                : SourceSummary.compare(db.connection(), target, side, job, totals.source().get(r), totals.target().get(r));
        if (!empty && s.changedBuckets().isEmpty()) {
            return tablePlan(job, s, 0, 0, 0);
        }
        List<Integer> buckets = empty || s.changedBuckets().size() > SourceSide.MAX_FILTERED_BUCKETS ? null : s.changedBuckets();
        SyncJob scoped = job.withBuckets(buckets);
        jobs.put(r, scoped);
        phase = "copying " + r;
        staging.load(scoped, side.select(scoped.stageNames(), buckets));
        phase = "comparing " + r;
        long[] n = staging.count(scoped, c.mode);
        problems.addAll(staging.missingReferences(scoped, synced));
        if (c.mode == SyncMode.MIRROR && n[3] > 0) {
            problems.addAll(staging.referencedDeletes(scoped, synced));
        }
        return tablePlan(scoped, s, n[0], n[1], n[3]);
    }

    private static SyncPlan.TablePlan tablePlan(SyncJob job, SourceSummary s, long inserts, long updates, long deletes) {
        return new SyncPlan.TablePlan(job.ref(), job.key(), s.rows(), inserts, updates, deletes, s.rows() - inserts - updates,
                s.rewritten(), s.signed(), job.skipped(), job.ignored());
    }

    /**
     * A table copied straight into its empty target table.
     *
     * @param counted the URL columns whose counts the select's flags column carries, or null (counted before)
     */
    private record Direct(String select, List<String> counted) {
    }

    private static boolean isEmpty(Connection target, TableRef r) throws SQLException {
        try (Statement st = target.createStatement(); var rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + r.sql() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Foreign keys to tables outside the synced set: their rows need the preflight on staged rows. */
    private static boolean referencesOutside(SyncJob job, Set<TableRef> synced) {
        return job.target().foreignKeys().stream()
                .anyMatch(fk -> !synced.contains(fk.referenced()) && job.written().containsAll(fk.columns()));
    }

    private SyncResult write(Connection target, Staging staging, SyncPlan plan, Map<TableRef, SyncJob> jobs,
                             Map<TableRef, Direct> direct, List<BulkForeignKeys.Dropped> bulkKeys, long started)
            throws SQLException, IOException {
        Writer writer = new Writer(target);
        // Deferrable keys are checked at commit: that is what makes deferrable cycles writable in any order.
        exec(target, "SET CONSTRAINTS ALL DEFERRED");
        Map<TableRef, List<TableMeta.Trigger>> disabled = new LinkedHashMap<>();
        List<String> disabledNames = new ArrayList<>();
        if (c.disableUserTriggers && (plan.changes() > 0 || !direct.isEmpty())) {
            for (TableRef r : plan.order()) {
                phase = "disabling user triggers on " + r;
                List<TableMeta.Trigger> ts = writer.disableUserTriggers(jobs.get(r));
                disabled.put(r, ts);
                ts.forEach(t -> disabledNames.add(r + "." + t.name()));
            }
        }
        phase = "preparing the bulk load of " + direct.keySet().stream().map(TableRef::toString).collect(Collectors.joining(", "));
        BulkForeignKeys.drop(target, bulkKeys);
        Map<TableRef, SyncPlan.TablePlan> byTable = new LinkedHashMap<>();
        plan.tables().forEach(t -> byTable.put(t.table(), t));
        long written = 0;
        List<TableRef> reverse = new ArrayList<>(plan.order());
        java.util.Collections.reverse(reverse);
        // Mirror deletes in two passes, children first each time. Before the upserts, the rows no
        // row references any more: a deleted row's unique values are then free for an inserted row.
        // After them, the rest: rows whose children the upserts have just moved to another parent.
        Set<TableRef> synced = Set.copyOf(plan.order());
        List<TableRef> referenced = new ArrayList<>();
        for (TableRef r : reverse) {
            long deletes = byTable.get(r).deletes();
            if (deletes > 0) {
                phase = "deleting from " + r;
                long rows = writer.deleteUnreferenced(jobs.get(r), holders(target, r, synced));
                written += rows;
                if (rows < deletes) {
                    referenced.add(r);
                }
            }
        }
        List<String> sequences = new ArrayList<>();
        for (TableRef r : plan.order()) { // parents first
            SyncPlan.TablePlan t = byTable.get(r);
            Direct d = direct.get(r);
            if (d != null && d.counted() != null) {
                phase = "writing " + r;
                c.listener.info("writing " + r + ": every source row (the table is empty)");
                long t0 = System.nanoTime();
                FlagCounter[] counted = new FlagCounter[1];
                long rows = staging.copyInto(jobs.get(r), d.select(), d.counted(), counted);
                c.listener.info("wrote " + r + " in " + seconds(t0));
                written += rows;
                t = tablePlan(jobs.get(r), new SourceSummary(rows, counted[0].rewritten(), counted[0].signed(), null), rows, 0, 0);
                byTable.put(r, t);
            } else if (t.inserts() + t.updates() > 0) {
                phase = "writing " + r;
                c.listener.info("writing " + r + ": " + t.inserts() + " insert(s), " + t.updates() + " update(s)");
                long t0 = System.nanoTime();
                SyncJob job = jobs.get(r);
                long rows = d != null ? staging.copyInto(job, d.select(), null, null)
                        : writer.upsert(job, job.buckets() == null && t.inserts() == t.sourceRows());
                c.listener.info("wrote " + r + " in " + seconds(t0));
                written += rows;
                if (rows != t.inserts() + t.updates()) {
                    c.listener.warn(r + ": wrote " + rows + " row(s), the plan said " + (t.inserts() + t.updates()));
                }
            }
        }
        for (TableRef r : referenced) { // children first still
            phase = "deleting from " + r + " (rows referenced until the upserts)";
            written += writer.delete(jobs.get(r));
        }
        for (TableRef r : plan.order()) {
            phase = "advancing sequences of " + r;
            sequences.addAll(writer.advanceSequences(jobs.get(r)));
        }
        for (BulkForeignKeys.Dropped k : bulkKeys) {
            phase = "checking foreign key " + k.name() + " of " + k.table() + " over the copied rows";
            long t0 = System.nanoTime();
            BulkForeignKeys.restore(target, k);
            c.listener.info("checked foreign key " + k.name() + " of " + k.table() + " in bulk in " + seconds(t0));
        }
        for (Map.Entry<TableRef, List<TableMeta.Trigger>> e : disabled.entrySet()) {
            phase = "re-enabling user triggers on " + e.getKey();
            writer.enableTriggers(jobs.get(e.getKey()), e.getValue());
        }
        phase = "committing (deferred constraints are checked now)";
        long t0 = System.nanoTime();
        target.commit();
        c.listener.info("committed in " + seconds(t0));
        SyncPlan done = new SyncPlan(plan.source(), plan.target(), plan.mode(), plan.createdAt(), plan.order(),
                plan.tables().stream().map(t -> byTable.get(t.table())).toList(), plan.rewriteFrom(), plan.rewriteTo(),
                plan.problems(), plan.notes());
        return new SyncResult(done, written, List.copyOf(sequences), List.copyOf(disabledNames),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The foreign keys of synced tables referencing {@code r} that stop (NO ACTION, RESTRICT) or
     * cascade a delete at once. A DEFERRABLE NO ACTION key does neither: we defer it to commit,
     * when the upserts have moved the children, so it holds nothing back. Unsynced tables
     * referencing rows to delete are refused in the plan ({@link Staging#referencedDeletes}).
     */
    private static List<Catalog.Inbound> holders(Connection target, TableRef r, Set<TableRef> synced) throws SQLException {
        return Catalog.referencedBy(target, r).stream()
                .filter(in -> synced.contains(in.child()) && !(in.deferrable() && in.onDelete().equals("no action")))
                .toList();
    }

    private UrlRewrite urlRewrite(SyncSource source) {
        if (c.rewriteTo == null) {
            return UrlRewrite.of(List.of(), null);
        }
        List<String> from = new ArrayList<>();
        String sourceUrl = c.rewriteFrom != null ? c.rewriteFrom : source.apiUrl();
        if (sourceUrl != null) {
            from.add(sourceUrl);
        }
        from.addAll(c.localUrls);
        return UrlRewrite.of(from, c.rewriteTo);
    }

    private List<String> notes(UrlRewrite urls, List<BulkForeignKeys.Dropped> bulkKeys) {
        List<String> notes = new ArrayList<>();
        if (!bulkKeys.isEmpty()) {
            notes.add(BulkForeignKeys.note(bulkKeys));
        }
        if (!urls.active()) {
            notes.add(c.rewriteTo == null ? "storage URL rewriting is off (no target project URL, or --no-rewrite-urls)"
                    : "storage URL rewriting has nothing to do: the source URLs equal the target's");
        }
        if (c.disableUserTriggers) {
            notes.add("user triggers on the synced tables are disabled during the write and re-enabled before commit");
        }
        return List.copyOf(notes);
    }

    private static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl >= 0 ? t.substring(0, nl) : t;
    }

    static Set<String> names(List<TableRef> refs) {
        return refs.stream().map(TableRef::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
