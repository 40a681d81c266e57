package dev.supabaseops.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What one scan of a source table tells before any row moves: its row count, storage URL counts
 * per column and, against the target, the buckets whose rows differ (see {@link SourceSide}).
 *
 * @param changedBuckets buckets to stage; empty: the table is unchanged; null: not compared (stage every row)
 */
record SourceSummary(long rows, Map<String, Long> rewritten, Map<String, Long> signed, List<Integer> changedBuckets) {

    /** Counts only: for a target table that is empty, where every source row is an insert. */
    static SourceSummary count(Connection source, SourceSide side) throws SQLException {
        Map<Integer, long[]> rows = query(source, side.summary(false), false, side.urlColumns().size());
        return of(side, rows.get(0), null);
    }

    /**
     * Digests the table on both servers at once (the source in a second thread: each connection is
     * used by one thread only) and compares them bucket by bucket.
     */
    static SourceSummary compare(Connection source, Connection target, SourceSide side, SyncJob job) throws SQLException {
        int urlColumns = side.urlColumns().size();
        CompletableFuture<Map<Integer, long[]>> fromSource = CompletableFuture.supplyAsync(() -> {
            try {
                return query(source, side.summary(true), true, urlColumns);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "sync-source-digest");
            t.setDaemon(true);
            t.start();
        });
        Map<Integer, long[]> inTarget;
        try {
            inTarget = query(target, SourceSide.targetDigest(job), true, 0);
        } catch (SQLException | RuntimeException e) {
            fromSource.exceptionally(x -> null).join(); // no thread may still use the source connection
            throw e;
        }
        Map<Integer, long[]> inSource = join(fromSource);
        Set<Integer> changed = new TreeSet<>();
        long[] totals = new long[3 + 2 * urlColumns];
        for (Map.Entry<Integer, long[]> e : inSource.entrySet()) {
            long[] s = e.getValue();
            for (int i = 0; i < s.length; i++) {
                totals[i] += s[i];
            }
            long[] t = inTarget.get(e.getKey());
            if (t == null || s[0] != t[0] || s[1] != t[1] || s[2] != t[2]) {
                changed.add(e.getKey());
            }
        }
        for (Integer b : inTarget.keySet()) {
            if (!inSource.containsKey(b)) {
                changed.add(b); // only target rows there: mirror deletes, or nothing to do in upsert mode
            }
        }
        return of(side, totals, List.copyOf(changed));
    }

    private static <T> T join(CompletableFuture<T> f) throws SQLException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    private static SourceSummary of(SourceSide side, long[] v, List<Integer> changed) {
        int n = side.urlColumns().size();
        int base = changed == null ? 1 : 3; // rows [, digest halves]
        Map<String, Long> signed = new LinkedHashMap<>();
        Map<String, Long> rewritten = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String c = side.urlColumns().get(i);
            if (v[base + i] > 0) {
                signed.put(c, v[base + i]);
            }
            if (base + n + i < v.length && v[base + n + i] > 0) {
                rewritten.put(c, v[base + n + i]);
            }
        }
        return new SourceSummary(v[0], rewritten, signed, changed);
    }

    /**
     * Bucket → [rows, digest half 1, digest half 2, counts…]; without buckets the one row under key 0.
     * The numeric digest sums are folded to their low 64 bits (BigDecimal.longValue): still an
     * order-independent checksum, compared only with the other server's, folded alike.
     */
    private static Map<Integer, long[]> query(Connection c, String sql, boolean buckets, int urlColumns) throws SQLException {
        Map<Integer, long[]> out = new HashMap<>();
        int values = (buckets ? 3 : 1) + 2 * urlColumns;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                int first = buckets ? 2 : 1;
                long[] v = new long[values];
                for (int i = first; i <= cols; i++) {
                    java.math.BigDecimal d = rs.getBigDecimal(i);
                    v[i - first] = d == null ? 0 : d.longValue();
                }
                out.put(buckets ? rs.getInt(1) : 0, v);
            }
        }
        return out;
    }
}
