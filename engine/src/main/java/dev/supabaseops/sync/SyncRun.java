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
            try (Connection target = c.target.connect()) {
                return run(apply, source, refs, target, blocklist, started);
            }
        } catch (SQLException e) {
            throw OpsException.failed("sync " + (apply ? "" : "plan ") + "failed while " + phase + ": " + firstLine(e.getMessage())
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")
                    + "; the transaction was rolled back, nothing was written", e);
        } catch (IOException e) {
            throw OpsException.failed("sync failed while " + phase + ": " + e.getMessage() + "; nothing was written", e);
        }
    }

    private Object run(boolean apply, SyncSource source, List<TableRef> refs, Connection target, Blocklist blocklist,
                       long started) throws SQLException, IOException {
        phase = "reading the catalogs";
        Map<TableRef, TableMeta> metas = new LinkedHashMap<>();
        Map<TableRef, SyncSource.Table> sources = new LinkedHashMap<>();
        for (TableRef r : refs) {
            SyncSource.Table s = source.describe(r).orElseThrow(() -> DatabaseSource.notFound("source " + source.name(), r));
            TableMeta t = Catalog.describe(target, s.ref()).orElseThrow(() -> OpsException.usage("table " + s.ref()
                    + " not found in target " + c.target.envName() + ": create it with a migration first (supabase-ops push)"));
            checkBlocked(List.of(s.ref(), t.ref()), blocklist); // names may have resolved to other spellings
            metas.put(t.ref(), t);
            sources.put(t.ref(), s);
        }
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
        source.begin();
        for (TableRef r : order) {
            phase = "copying " + r;
            long t0 = System.nanoTime();
            long rows = staging.load(jobs.get(r));
            c.listener.info("staged " + r + ": " + rows + " row(s) in " + seconds(t0));
        }
        List<SyncPlan.TablePlan> tables = new ArrayList<>();
        List<SyncPlan.Problem> problems = new ArrayList<>();
        for (TableRef r : order) {
            phase = "comparing " + r;
            long t0 = System.nanoTime();
            SyncJob job = jobs.get(r);
            List<Map<String, Long>> urlCounts = staging.rewriteUrls(job);
            Map<String, Long> rewrites = urlCounts.get(0);
            Map<String, Long> signed = urlCounts.get(1);
            long[] n = staging.count(job, c.mode);
            tables.add(new SyncPlan.TablePlan(r, job.key(), n[2], n[0], n[1], n[3], n[2] - n[0] - n[1], rewrites, signed,
                    job.skipped(), job.ignored()));
            problems.addAll(staging.missingReferences(job, synced));
            if (c.mode == SyncMode.MIRROR && n[3] > 0) {
                problems.addAll(staging.referencedDeletes(job, synced));
            }
            c.listener.info("compared " + r + " in " + seconds(t0));
        }
        SyncPlan plan = new SyncPlan(source.name(), c.target.envName(), c.mode, Instant.now(), order, List.copyOf(tables),
                urls.from(), urls.to(), List.copyOf(problems), notes(urls));
        if (!apply) {
            target.rollback();
            return plan;
        }
        if (plan.hasProblems()) {
            target.rollback();
            throw new SyncRefusedException(plan);
        }
        return write(target, plan, jobs, started);
    }

    private SyncResult write(Connection target, SyncPlan plan, Map<TableRef, SyncJob> jobs, long started) throws SQLException {
        Writer writer = new Writer(target);
        // Deferrable keys are checked at commit: that is what makes deferrable cycles writable in any order.
        exec(target, "SET CONSTRAINTS ALL DEFERRED");
        Map<TableRef, List<TableMeta.Trigger>> disabled = new LinkedHashMap<>();
        List<String> disabledNames = new ArrayList<>();
        if (c.disableUserTriggers && plan.changes() > 0) {
            for (TableRef r : plan.order()) {
                phase = "disabling user triggers on " + r;
                List<TableMeta.Trigger> ts = writer.disableUserTriggers(jobs.get(r));
                disabled.put(r, ts);
                ts.forEach(t -> disabledNames.add(r + "." + t.name()));
            }
        }
        Map<TableRef, SyncPlan.TablePlan> byTable = plan.tables().stream()
                .collect(Collectors.toMap(SyncPlan.TablePlan::table, t -> t));
        long written = 0;
        List<TableRef> reverse = new ArrayList<>(plan.order());
        java.util.Collections.reverse(reverse);
        for (TableRef r : reverse) { // children first
            if (byTable.get(r).deletes() > 0) {
                phase = "deleting from " + r;
                written += writer.delete(jobs.get(r));
            }
        }
        List<String> sequences = new ArrayList<>();
        for (TableRef r : plan.order()) { // parents first
            SyncPlan.TablePlan t = byTable.get(r);
            if (t.inserts() + t.updates() > 0) {
                phase = "writing " + r;
                c.listener.info("writing " + r + ": " + t.inserts() + " insert(s), " + t.updates() + " update(s)");
                long t0 = System.nanoTime();
                long rows = writer.upsert(jobs.get(r), t.inserts() == t.sourceRows());
                c.listener.info("wrote " + r + " in " + seconds(t0));
                written += rows;
                if (rows != t.inserts() + t.updates()) {
                    c.listener.warn(r + ": wrote " + rows + " row(s), the plan said " + (t.inserts() + t.updates()));
                }
            }
            phase = "advancing sequences of " + r;
            sequences.addAll(writer.advanceSequences(jobs.get(r)));
        }
        for (Map.Entry<TableRef, List<TableMeta.Trigger>> e : disabled.entrySet()) {
            phase = "re-enabling user triggers on " + e.getKey();
            writer.enableTriggers(jobs.get(e.getKey()), e.getValue());
        }
        phase = "committing (deferred constraints are checked now)";
        long t0 = System.nanoTime();
        target.commit();
        c.listener.info("committed in " + seconds(t0));
        return new SyncResult(plan, written, List.copyOf(sequences), List.copyOf(disabledNames),
                (System.nanoTime() - started) / 1_000_000);
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

    private List<String> notes(UrlRewrite urls) {
        List<String> notes = new ArrayList<>();
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
