package dev.supabaseops.sync;

import dev.supabaseops.core.ProgressListener;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The target side of a run: streams source rows into a temporary staging table with COPY (every
 * row, or from a database only the key buckets whose digests differ, see {@link SourceSide}),
 * rewrites storage URLs there for export sources, and compares it with the live table by key to
 * count inserts, updates, deletes and unchanged rows; or copies straight into an empty table.
 * All in the caller's transaction: a dry-run rolls it back.
 *
 * <p>Why count on the target: that is the only place both row sets meet, and it is exactly the
 * comparison apply then executes, inside the same transaction and under the same lock, so the
 * plan an apply reports is what it wrote. Comparisons use PostgreSQL's binary-image row operators
 * ({@code *=}, {@code *<>}, the ones REFRESH MATERIALIZED VIEW CONCURRENTLY uses): they work for
 * types without an equality operator (json, point) and tell apart values that {@code =} calls
 * equal but that read back differently (numeric 1.0 vs 1.00, citext case), so "unchanged" means
 * byte-identical.
 */
final class Staging {
    private static final int CHUNK = 1 << 16;
    private final Connection target;
    private final SyncSource source;
    private final UrlRewrite urls;
    private final ProgressListener listener;

    Staging(Connection target, SyncSource source, UrlRewrite urls, ProgressListener listener) {
        this.target = target;
        this.source = source;
        this.urls = urls;
        this.listener = listener;
    }

    /**
     * Creates the staging table and streams the source rows into it; returns the row count.
     *
     * @param select the source query (from {@link SourceSide}) when the source is a database whose
     *               side rewrites URLs and picks the changed buckets; null to stage every row as it is
     */
    long load(SyncJob job, String select) throws SQLException, IOException {
        String cols = job.stage().stream().map(c -> Sql.ident(c.name()) + " " + c.type()).collect(Collectors.joining(", "));
        exec("CREATE TEMP TABLE " + Sql.ident(job.temp()) + " (" + cols + ") ON COMMIT DROP");
        long rows = stream(job, "COPY " + Sql.ident(job.temp()) + " (" + Sql.idents(job.stageNames()) + ") FROM STDIN", select);
        exec("ANALYZE " + Sql.ident(job.temp())); // temp tables get no autovacuum stats; the joins below need them
        return rows;
    }

    /**
     * Streams the source rows straight into the live table: the write for a table that was empty
     * under our lock, where every row is an insert and staging would only add a second pass.
     * COPY fires the same row triggers and foreign-key checks as INSERT and, like OVERRIDING
     * SYSTEM VALUE, keeps identity values from the input.
     */
    long copyInto(SyncJob job, String select, List<String> flaggedColumns, FlagCounter[] counted) throws SQLException, IOException {
        return stream(job, "COPY " + job.ref().sql() + " (" + Sql.idents(job.written()) + ") FROM STDIN", select, flaggedColumns, counted);
    }

    private long stream(SyncJob job, String copyIn, String select) throws SQLException, IOException {
        return stream(job, copyIn, select, null, null);
    }

    /** @param flaggedColumns when set, the select ends with a flags column that is counted into {@code counted[0]} and stripped */
    private long stream(SyncJob job, String copyIn, String select, List<String> flaggedColumns, FlagCounter[] counted)
            throws SQLException, IOException {
        CopyIn in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
        String task = "copy " + job.ref();
        ChunkedSink sink = new ChunkedSink(in, task);
        try {
            if (select == null) {
                source.copy(job.source(), job.stageNames(), sink);
            } else if (flaggedColumns != null) {
                counted[0] = new FlagCounter(sink, flaggedColumns);
                ((DatabaseSource) source).copy(select, counted[0]);
            } else {
                ((DatabaseSource) source).copy(select, sink);
            }
            sink.flush();
            long rows = in.endCopy();
            listener.progress(task, rows, rows, "rows");
            return rows;
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * Rewrites URL prefixes in the staged rows and counts signed URLs, in one scan that turns each
     * column into text once. Returns [rewritten rows per column, signed-URL rows per column]
     * (columns with none are left out).
     */
    List<Map<String, Long>> rewriteUrls(SyncJob job) throws SQLException {
        List<String> cols = job.written().stream().filter(c -> job.urlKind(c) != null).toList();
        Map<String, Long> rewritten = new LinkedHashMap<>();
        Map<String, Long> signed = new LinkedHashMap<>();
        if (cols.isEmpty()) {
            return List.of(rewritten, signed);
        }
        List<String> inner = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String c = Sql.ident(cols.get(i));
            inner.add(c + "::text AS t" + i);
            counts.add("count(*) FILTER (WHERE " + (urls.active() ? urls.signedUnderPrefix("t" + i, job.urlKind(cols.get(i))) : "false") + ")");
            if (urls.active()) {
                inner.add("CASE WHEN " + urls.prefilter(c + "::text") + " THEN " + urls.matches(c, job.urlKind(cols.get(i)))
                        + " END AS m" + i);
            }
        }
        for (int i = 0; i < cols.size() && urls.active(); i++) {
            counts.add("count(*) FILTER (WHERE m" + i + ")");
        }
        // The CASE runs the exact matcher only on rows whose text contains a prefix at all.
        String sql = "SELECT " + String.join(", ", counts) + " FROM (SELECT " + String.join(", ", inner) + " FROM " + Sql.ident(job.temp())
                + " OFFSET 0) x";
        List<Long> n = longs(sql, counts.size());
        for (int i = 0; i < cols.size(); i++) {
            if (n.get(i) > 0) {
                signed.put(cols.get(i), n.get(i));
            }
            if (urls.active() && n.get(cols.size() + i) > 0) {
                String c = Sql.ident(cols.get(i));
                String kind = job.urlKind(cols.get(i));
                exec("UPDATE " + Sql.ident(job.temp()) + " SET " + c + " = " + urls.rewrite(c, kind, job.type(cols.get(i)))
                        + " WHERE " + urls.matches(c, kind));
                rewritten.put(cols.get(i), n.get(cols.size() + i));
            }
        }
        return List.of(rewritten, signed);
    }

    /**
     * [inserts, updates, source rows, deletes] by key; deletes only counted in mirror mode. An
     * update is a row whose {@link SyncJob#compared compared} columns differ: what the write changes.
     */
    long[] count(SyncJob job, SyncMode mode) throws SQLException {
        String t = job.ref().sql();
        String s = Sql.ident(job.temp());
        if (longs("SELECT count(*) FROM (SELECT 1 FROM " + t + " LIMIT 1) x", 1).get(0) == 0) {
            long rows = longs("SELECT count(*) FROM " + s, 1).get(0);
            return new long[]{rows, 0, rows, 0}; // empty target: every row is an insert, no join needed
        }
        List<Long> n = longs("SELECT count(*) FILTER (WHERE t.ctid IS NULL), count(*) FILTER (WHERE t.ctid IS NOT NULL AND "
                + Sql.differs("t", "s", job.compared()) + "), count(*) FROM "
                + s + " s LEFT JOIN " + t + " t ON " + Sql.joinOn("s", "t", job.key()), 3);
        long deletes = 0;
        if (mode == SyncMode.MIRROR) {
            deletes = longs("SELECT count(*) FROM " + t + " t WHERE " + notInStage(job, "t"), 1).get(0);
        }
        return new long[]{n.get(0), n.get(1), n.get(2), deletes};
    }

    /** {@code NOT EXISTS (staged row with the same key as alias)}: the target rows mirror mode deletes. */
    static String notInStage(SyncJob job, String alias) {
        return SourceSide.inScope(job, alias) + " AND NOT EXISTS (SELECT 1 FROM " + Sql.ident(job.temp()) + " s WHERE " + Sql.joinOn("s", alias, job.key()) + ")";
    }

    /**
     * Staged rows whose foreign keys point at a table outside the synced set where the referenced
     * row does not exist in the target (e.g. created_by → auth.users). The write would fail on
     * them; listing them all up front is the useful answer.
     */
    List<SyncPlan.Problem> missingReferences(SyncJob job, Set<TableRef> synced) throws SQLException {
        List<SyncPlan.Problem> out = new ArrayList<>();
        for (TableMeta.ForeignKey fk : job.target().foreignKeys()) {
            if (synced.contains(fk.referenced()) || !job.written().containsAll(fk.columns())) {
                continue;
            }
            String notNull = fk.columns().stream().map(c -> "s." + Sql.ident(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            StringBuilder on = new StringBuilder();
            for (int i = 0; i < fk.columns().size(); i++) {
                on.append(i == 0 ? "" : " AND ").append("r.").append(Sql.ident(fk.referencedColumns().get(i)))
                        .append(" = s.").append(Sql.ident(fk.columns().get(i)));
            }
            String from = " FROM " + Sql.ident(job.temp()) + " s WHERE " + notNull + " AND NOT EXISTS (SELECT 1 FROM "
                    + fk.referenced().sql() + " r WHERE " + on + ")";
            long rows = longs("SELECT count(*)" + from, 1).get(0);
            if (rows > 0) {
                String value = fk.columns().size() == 1 ? "s." + Sql.ident(fk.columns().get(0)) + "::text"
                        : "ROW(" + Sql.qualified("s", fk.columns()) + ")::text";
                List<String> examples = strings("SELECT " + value + from + " ORDER BY 1 LIMIT 3");
                out.add(new SyncPlan.Problem(SyncPlan.Problem.MISSING_REFERENCE, job.ref(), fk.name(), fk.columns(),
                        fk.referenced(), rows, examples, rows + " row(s) of " + job.ref() + " reference " + fk.referenced()
                        + " rows missing in the target (" + fk.name() + "): create them first or leave these rows out"));
            }
        }
        return out;
    }

    /**
     * Mirror mode: rows of tables outside the synced set that reference target rows the mirror
     * would delete. Depending on the foreign key they would block the delete or be cascaded away
     * silently; either way that is data the sync was not asked to touch.
     */
    List<SyncPlan.Problem> referencedDeletes(SyncJob job, Set<TableRef> synced) throws SQLException {
        List<SyncPlan.Problem> out = new ArrayList<>();
        for (Catalog.Inbound in : Catalog.referencedBy(target, job.ref())) {
            if (synced.contains(in.child())) {
                continue;
            }
            StringBuilder on = new StringBuilder();
            for (int i = 0; i < in.columns().size(); i++) {
                on.append(i == 0 ? "" : " AND ").append("c.").append(Sql.ident(in.columns().get(i)))
                        .append(" = t.").append(Sql.ident(in.referencedColumns().get(i)));
            }
            String from = " FROM " + in.child().sql() + " c WHERE EXISTS (SELECT 1 FROM " + job.ref().sql() + " t WHERE "
                    + on + " AND " + notInStage(job, "t") + ")";
            long rows = longs("SELECT count(*)" + from, 1).get(0);
            if (rows > 0) {
                String value = in.columns().size() == 1 ? "c." + Sql.ident(in.columns().get(0)) + "::text"
                        : "ROW(" + Sql.qualified("c", in.columns()) + ")::text";
                out.add(new SyncPlan.Problem(SyncPlan.Problem.DELETE_REFERENCED, job.ref(), in.name(), in.columns(),
                        in.child(), rows, strings("SELECT " + value + from + " ORDER BY 1 LIMIT 3"),
                        rows + " row(s) of " + in.child() + " (not synced) reference " + job.ref() + " rows that mirror mode"
                                + " would delete (" + in.name() + ", on delete " + in.onDelete() + "): add " + in.child()
                                + " to the synced tables or use --mode upsert"));
            }
        }
        return out;
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute(sql);
        }
    }

    private List<Long> longs(String sql, int n) throws SQLException {
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<Long> out = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                out.add(rs.getLong(i));
            }
            return out;
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Batches COPY rows into 64 KiB CopyData messages instead of one message per row. */
    private final class ChunkedSink implements SyncSource.Sink {
        private final CopyIn in;
        private final String task;
        private final byte[] buf = new byte[CHUNK];
        private int used;
        private long rows;
        private long reported;

        ChunkedSink(CopyIn in, String task) {
            this.in = in;
            this.task = task;
        }

        @Override
        public void write(byte[] b, int off, int len) throws SQLException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    rows++;
                }
            }
            if (len > CHUNK - used) {
                flush();
            }
            if (len >= CHUNK) {
                in.writeToCopy(b, off, len);
            } else {
                System.arraycopy(b, off, buf, used, len);
                used += len;
            }
            if (rows - reported >= 50_000) {
                reported = rows;
                listener.progress(task, rows, -1, "rows");
            }
        }

        void flush() throws SQLException {
            if (used > 0) {
                in.writeToCopy(buf, 0, used);
                used = 0;
            }
        }
    }
}
