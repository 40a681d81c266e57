package dev.supabaseops.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL run on a source database for one table: the values exactly as the target will receive them
 * (storage URLs already rewritten, in the source's {@code COPY (SELECT …)}), and per-bucket row
 * digests that let a re-sync find the changed rows without moving the unchanged ones.
 *
 * <p>Why digests of the text form are exact enough. A row's digest is {@code md5} of
 * {@code ROW(values)::text}: record output runs every column's output function, the same text COPY
 * would transfer, and quotes it unambiguously. The target computes the same over its live row. If
 * the two texts are equal, the target value V satisfies {@code output(V) = S}, so what a staged
 * COPY would write, {@code input(S)}, is {@code input(output(V)) = V} — the round-trip property
 * pg_dump relies on (floats included: pgjdbc sessions run with extra_float_digits 3, which prints
 * them exactly). Numeric scale (1.0 vs 1.00), jsonb and timestamps all print differently when they
 * differ. Anything that prints differently without being different (json whitespace on a jsonb
 * target, another TimeZone, a rewritten jsonb key) only makes a bucket look changed; its rows are
 * then staged and compared by binary image on the target as before, so a wrong guess costs time,
 * never correctness.
 *
 * <p>Buckets are {@link #BUCKETS} slices by a hash of the key's text, computed alike on both
 * servers: a bucket whose row count and digest sums agree is unchanged; the rows of the other
 * buckets are staged and planned exactly (inserts, updates and, in mirror mode, deletes limited
 * to those buckets).
 */
final class SourceSide {
    static final int BUCKETS = 4096;
    /** Beyond this many changed buckets, staging them all is as cheap as filtering. */
    static final int MAX_FILTERED_BUCKETS = BUCKETS / 2;

    private final SyncJob job;
    private final UrlRewrite urls;
    private final List<String> urlColumns;

    private SourceSide(SyncJob job, UrlRewrite urls, List<String> urlColumns) {
        this.job = job;
        this.urls = urls;
        this.urlColumns = urlColumns;
    }

    /**
     * The source side of a job, or null when the rewrite cannot run on the source: a column the
     * target treats as URL-bearing (text, json, jsonb, text[]) has another kind in the source.
     * Such tables are staged whole and rewritten on the target.
     */
    static SourceSide of(SyncJob job, TableMeta source, UrlRewrite urls) {
        List<String> urlColumns = new ArrayList<>();
        for (String c : job.written()) {
            String kind = job.urlKind(c);
            if (kind == null) {
                continue;
            }
            String sourceKind = source.column(c).map(TableMeta.Column::urlKind).orElse(null);
            if (!kind.equals(sourceKind)) {
                return null;
            }
            urlColumns.add(c);
        }
        return new SourceSide(job, urls, List.copyOf(urlColumns));
    }

    List<String> urlColumns() {
        return urlColumns;
    }

    /** A column as the target receives it: rewritten URL columns come out as text, others unchanged. */
    String expr(String column) {
        String c = Sql.ident(column);
        String kind = job.urlKind(column);
        if (kind == null || !urls.active() || !job.written().contains(column)) {
            return c;
        }
        String rewritten = switch (kind) {
            case "text" -> urls.rewrite(c, kind, "text");
            // matches() first: rebuilding an array through unnest is only done where a URL is
            case "text[]" -> "CASE WHEN " + urls.matches(c, kind) + " THEN " + urls.rewrite(c, kind, "text[]") + " END";
            default -> urls.rewrite(c, kind, "text");
        };
        // The prefilter skips the matcher for the many values holding no prefix at all.
        return "(CASE WHEN " + urls.prefilter(c + "::text") + " THEN coalesce((" + rewritten + ")::text, " + c + "::text) ELSE "
                + c + "::text END)";
    }

    /** {@code SELECT} of the given columns in target form, limited to some buckets (null: every row). */
    String select(List<String> columns, Collection<Integer> buckets) {
        String sql = "SELECT " + columns.stream().map(this::expr).collect(Collectors.joining(", ")) + " FROM " + job.source().ref().sql();
        if (buckets != null) {
            sql += " WHERE " + bucket(keyRow()) + " = ANY(" + Sql.literal(intArray(buckets)) + "::int[])";
        }
        return sql;
    }

    /**
     * One row per bucket: bucket, rows, two digest sums, then per URL column the rows holding a
     * signed URL and (when rewriting) the rows rewritten. With {@code digest} false one row for
     * the whole table without bucket and digests (an empty target needs only the counts).
     */
    String summary(boolean digest) {
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        if (digest) {
            inner.add(bucket(keyRow()) + " AS b");
            inner.add("md5(ROW(" + job.written().stream().map(this::expr).collect(Collectors.joining(", ")) + ")::text) AS m");
            outer.add("b");
        }
        outer.add("count(*)");
        if (digest) {
            outer.addAll(digestSums("m"));
        }
        countColumns(inner, outer);
        String from = inner.isEmpty() ? job.source().ref().sql()
                : "(SELECT " + String.join(", ", inner) + " FROM " + job.source().ref().sql() + " OFFSET 0) x";
        return "SELECT " + String.join(", ", outer) + " FROM " + from + (digest ? " GROUP BY b" : "");
    }

    private void countColumns(List<String> inner, List<String> outer) {
        for (int i = 0; i < urlColumns.size(); i++) {
            String c = Sql.ident(urlColumns.get(i));
            inner.add(c + "::text AS t" + i);
            outer.add("count(*) FILTER (WHERE " + UrlRewrite.signed("t" + i) + ")");
        }
        for (int i = 0; i < urlColumns.size() && urls.active(); i++) {
            String c = Sql.ident(urlColumns.get(i));
            inner.add("CASE WHEN " + urls.prefilter(c + "::text") + " THEN " + urls.matches(c, job.urlKind(urlColumns.get(i)))
                    + " END AS r" + i);
            outer.add("count(*) FILTER (WHERE r" + i + ")");
        }
    }

    /** The target's side of {@link #summary(boolean) summary(true)}: bucket, rows, digest sums of the live rows. */
    static String targetDigest(SyncJob job) {
        return "SELECT b, count(*), " + String.join(", ", digestSums("m")) + " FROM (SELECT " + bucket(keyRow(job, "t"))
                + " AS b, md5(ROW(" + Sql.qualified("t", job.written()) + ")::text) AS m FROM " + job.ref().sql() + " t) x GROUP BY b";
    }

    /** Target rows of the given alias that fall in the job's changed buckets ({@code TRUE} when all rows were staged). */
    static String inScope(SyncJob job, String alias) {
        if (job.buckets() == null) {
            return "TRUE";
        }
        return bucket(keyRow(job, alias)) + " = ANY(" + Sql.literal(intArray(job.buckets())) + "::int[])";
    }

    /** 12 bits of md5 over the key's text (record output, as on the other server). */
    static String bucket(String keyRow) {
        return "('x' || substr(md5(" + keyRow + "::text), 1, 3))::bit(12)::int";
    }

    private String keyRow() {
        return "ROW(" + job.key().stream().map(this::expr).collect(Collectors.joining(", ")) + ")";
    }

    private static String keyRow(SyncJob job, String alias) {
        return "ROW(" + Sql.qualified(alias, job.key()) + ")";
    }

    /** Two 64-bit halves of the md5, summed (order-independent; numeric sums never overflow). */
    private static List<String> digestSums(String md5) {
        return List.of("sum(('x' || substr(" + md5 + ", 1, 16))::bit(64)::bigint)",
                "sum(('x' || substr(" + md5 + ", 17, 16))::bit(64)::bigint)");
    }

    private static String intArray(Collection<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
