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
        long[] v = query(source, side.summary(SourceSide.Summary.COUNTS), false).get(0);
        return of(side, v, 1, null);
    }

    /** The source's whole-table totals: rows, digest sum, URL counts (see {@link Digests}). */
    static long[] sourceTotal(Connection source, SourceSide side) throws SQLException {
        return query(source, side.summary(SourceSide.Summary.TOTAL), false).get(0);
    }

    /** The target's whole-table totals: rows, digest sum. */
    static long[] targetTotal(Connection target, SyncJob job) throws SQLException {
        return query(target, SourceSide.targetDigest(job, false), false).get(0);
    }

    /**
     * Compares by digests: the whole-table totals taken before ({@code s} from the source,
     * {@code t} from the target, see {@link Digests}); if they differ, bucket by bucket on both
     * servers at once (the source in a second thread: each connection is used by one thread only).
     */
    static SourceSummary compare(Connection source, Connection target, SourceSide side, SyncJob job, long[] s, long[] t)
            throws SQLException {
        if (s[0] == t[0] && s[1] == t[1]) {
            return of(side, s, 2, List.of());
        }
        Map<Integer, long[]>[] buckets = both(source, side.summary(SourceSide.Summary.BUCKETS), target,
                SourceSide.targetDigest(job, true), true);
        Set<Integer> changed = new TreeSet<>();
        for (Map.Entry<Integer, long[]> e : buckets[0].entrySet()) {
            long[] tb = buckets[1].get(e.getKey());
            if (tb == null || e.getValue()[0] != tb[0] || e.getValue()[1] != tb[1]) {
                changed.add(e.getKey());
            }
        }
        for (Integer b : buckets[1].keySet()) {
            if (!buckets[0].containsKey(b)) {
                changed.add(b); // only target rows there: mirror deletes, or nothing to do in upsert mode
            }
        }
        return of(side, s, 2, List.copyOf(changed));
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, long[]>[] both(Connection source, String sourceSql, Connection target, String targetSql,
                                               boolean buckets) throws SQLException {
        CompletableFuture<Map<Integer, long[]>> fromSource = CompletableFuture.supplyAsync(() -> {
            try {
                return query(source, sourceSql, buckets);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, r -> {
            Thread th = new Thread(r, "sync-source-digest");
            th.setDaemon(true);
            th.start();
        });
        Map<Integer, long[]> inTarget;
        try {
            inTarget = query(target, targetSql, buckets);
        } catch (SQLException | RuntimeException e) {
            fromSource.exceptionally(x -> null).join(); // no thread may still use the source connection
            throw e;
        }
        return new Map[]{join(fromSource), inTarget};
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

    /** @param base index of the first URL count in {@code v} */
    private static SourceSummary of(SourceSide side, long[] v, int base, List<Integer> changed) {
        int n = side.urlColumns().size();
        Map<String, Long> signed = new LinkedHashMap<>();
        Map<String, Long> rewritten = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String c = side.urlColumns().get(i);
            if (base + i < v.length && v[base + i] > 0) {
                signed.put(c, v[base + i]);
            }
            if (base + n + i < v.length && v[base + n + i] > 0) {
                rewritten.put(c, v[base + n + i]);
            }
        }
        return new SourceSummary(v[0], rewritten, signed, changed);
    }

    /**
     * Bucket → [rows, digest sum, counts…]; without buckets the one row under key 0. Digest sums
     * are numeric; folded to their low 64 bits (BigDecimal.longValue) they stay an
     * order-independent checksum, compared only with the other server's, folded alike.
     */
    private static Map<Integer, long[]> query(Connection c, String sql, boolean buckets) throws SQLException {
        Map<Integer, long[]> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int first = buckets ? 2 : 1;
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                long[] v = new long[cols - first + 1];
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
