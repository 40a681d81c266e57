package dev.supabaseops.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL run on a source database for one table: the values exactly as the target will receive them
 * (storage URLs already rewritten, in the source's {@code COPY (SELECT …)}), and row digests that
 * let a re-sync find the changed rows without moving the unchanged ones.
 *
 * <p>Why digests of the text form are exact enough. Source and target must have the same column
 * types (else the table is staged whole). A row's digest mixes, over the columns a plan compares
 * ({@link SyncJob#compared}), a 64-bit hash of each column's {@code ::text} (the output function,
 * or an injective cast such as bool's) — integers, uuids and timestamps, whose equality is
 * identity, hashed as values — with a seed per column and a final mix, so moving or swapping
 * values changes it. The target computes the same
 * over its live row. Equal texts of one type mean the value a staged COPY would write,
 * {@code input(output(V))}, is the target's V — the round-trip property pg_dump relies on (floats
 * included: pgjdbc sessions run with extra_float_digits 3, which prints them exactly); numeric
 * scale (1.0 vs 1.00), jsonb and timestamps print differently when they differ. Only unbounded
 * {@code bpchar} loses trailing blanks in {@code ::text}, which its own comparisons ignore too.
 * What prints differently without being different (another TimeZone, say) only
 * makes rows look changed; they are then staged and compared by binary image on the target as
 * before, so a wrong guess costs time, never correctness. A real change goes unseen only on a
 * 64-bit hash collision (about 1 in 1.8e19).
 *
 * <p>First the whole table's row count and digest sum are compared; when they differ, per
 * {@link #BUCKETS} slices by a hash of the key's text: the rows of differing buckets are staged
 * and planned exactly (inserts, updates and, in mirror mode, deletes limited to those buckets).
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
     * The source side of a job, or null when a written column has another type in the source
     * than in the target. Such tables are staged whole, rewritten and compared on the target.
     */
    static SourceSide of(SyncJob job, TableMeta source, UrlRewrite urls) {
        List<String> urlColumns = new ArrayList<>();
        for (String c : job.written()) {
            if (job.urlKind(c) != null) {
                urlColumns.add(c);
            }
        }
        for (String c : job.written()) {
            String type = job.type(c);
            if (!source.column(c).map(sc -> sc.type().equals(type)).orElse(false)) {
                return null; // digests compare texts of one type; see the class comment
            }
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
        return rewritten(c, c + "::text", kind);
    }

    /**
     * The rewritten value as text. The prefilter skips the matcher for the many values holding no
     * prefix at all; arrays are only rebuilt (through unnest) where an element matches.
     */
    private String rewritten(String typed, String asText, String kind) {
        String r = kind.equals("text[]") ? "CASE WHEN " + urls.matches(typed, kind) + " THEN " + urls.rewrite(typed, kind, "text[]") + " END"
                : urls.rewrite(typed, kind, "text");
        return "(CASE WHEN " + urls.prefilter(asText) + " THEN coalesce((" + r + ")::text, " + asText + ") ELSE " + asText + " END)";
    }

    /**
     * Whether any of the given URL columns (their text as {@code text.apply(i)}) may need a rewrite.
     * Per column, not over the concatenated row: a text value is matched only at its start (a
     * LIKE prefix), so only json and array text is searched. Measured on the benchmark's plans
     * table (200,000 rows, three text URL columns): the source digest query went from 450 to 290 ms.
     */
    private String hit(List<String> columns, java.util.function.IntFunction<String> text) {
        List<String> tests = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            tests.add(urls.mayMatch(text.apply(i), job.urlKind(columns.get(i))));
        }
        return "(" + String.join(" OR ", tests) + ")";
    }

    /**
     * {@code SELECT} of the given columns in target form, limited to some buckets (null: every
     * row). URL columns are turned into text once (COPY prints that text exactly as it prints the
     * typed value) and searched for prefixes once per row, as in {@link #summary}.
     */
    String select(List<String> columns, Collection<Integer> buckets) {
        String sql = " FROM " + job.source().ref().sql() + " t";
        if (buckets != null) {
            sql += " WHERE " + bucket(job.key().stream().map(this::text).toList()) + " = ANY(" + Sql.literal(intArray(buckets))
                    + "::int[])";
        }
        List<String> rewritten = columns.stream().filter(c -> !expr(c).equals(Sql.ident(c))).toList();
        if (rewritten.isEmpty()) {
            return "SELECT " + Sql.idents(columns) + sql;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < rewritten.size(); i++) {
            texts.add(Sql.ident(rewritten.get(i)) + "::text AS _sync_u" + i);
        }
        String hit = hit(rewritten, i -> "_sync_u" + i);
        String from = "(SELECT *, " + hit + " AS _sync_hit FROM (SELECT t.*, "
                + String.join(", ", texts) + sql + " OFFSET 0) a OFFSET 0) b";
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            int i = rewritten.indexOf(c);
            if (i < 0) {
                out.add(Sql.ident(c));
            } else {
                String u = "_sync_u" + i;
                String kind = job.urlKind(c);
                out.add("CASE WHEN _sync_hit THEN " + rewritten(typed(u, kind), u, kind) + " ELSE " + u + " END");
            }
        }
        return "SELECT " + String.join(", ", out) + " FROM " + from;
    }

    /**
     * The written columns in target form plus a last column of flags for the plan's URL counts:
     * per URL column j, bit 2j a signed URL and bit 2j+1 a rewritten one ({@link FlagCounter}
     * strips it). Lets a copy into an empty table count in the same scan; null when there are no
     * URL columns or too many for 62 bits.
     */
    String selectCounting() {
        int n = urlColumns.size();
        if (n == 0 || n > 31) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            texts.add(Sql.ident(urlColumns.get(j)) + "::text AS _sync_u" + j);
        }
        String hit = urls.active() ? hit(urlColumns, j -> "_sync_u" + j) : "false";
        String from = "(SELECT *, " + hit + " AS _sync_hit FROM (SELECT t.*, "
                + String.join(", ", texts) + " FROM " + job.source().ref().sql() + " t OFFSET 0) a OFFSET 0) b";
        List<String> out = new ArrayList<>();
        List<String> bits = new ArrayList<>();
        for (String c : job.written()) {
            int j = urlColumns.indexOf(c);
            if (j < 0) {
                out.add(Sql.ident(c));
                continue;
            }
            String u = "_sync_u" + j;
            String kind = job.urlKind(c);
            out.add(urls.active() ? "CASE WHEN _sync_hit THEN " + rewritten(typed(u, kind), u, kind) + " ELSE " + u + " END" : u);
            bits.add("CASE WHEN _sync_hit AND " + urls.signedUnderPrefix(u, kind) + " THEN " + (1L << (2 * j)) + " ELSE 0 END");
            if (urls.active()) {
                bits.add("CASE WHEN _sync_hit AND " + urls.prefilter(u) + " AND " + urls.matches(typed(u, kind), kind) + " THEN "
                        + (1L << (2 * j + 1)) + " ELSE 0 END");
            }
        }
        out.add("CASE WHEN _sync_hit THEN " + String.join(" + ", bits) + " ELSE 0 END");
        return "SELECT " + String.join(", ", out) + " FROM " + from;
    }

    /** A written column's value in target form as text. */
    private String text(String column) {
        String e = expr(column);
        return e.equals(Sql.ident(column)) ? e + "::text" : e;
    }

    /** What a summary query returns per row (after the bucket, when grouped). */
    enum Summary {
        /** rows, then per URL column signed-URL rows and (rewriting) rewritten rows */
        COUNTS,
        /** rows, digest sum, then the counts as in COUNTS */
        TOTAL,
        /** bucket, rows, digest sum; one row per bucket */
        BUCKETS
    }

    /** The summary query over the source table: see {@link #totals} and {@link #buckets}. */
    String summary(Summary kind) {
        return kind == Summary.BUCKETS ? buckets() : totals(kind == Summary.TOTAL);
    }

    /**
     * Rows [, digest sum] and the URL counts. Only rows whose URL columns may hold a rewrite prefix
     * ({@link #hit}) are rewritten and counted; the table's digest is every row's digest as read
     * plus, for those rows, the difference their rewrite makes: the sum over the rows in target form.
     * Two shapes, by what turning a URL column into text costs (measured on the benchmark's tables,
     * PostgreSQL 15, 200,000 rows each, one process per query):
     * <ul>
     * <li>text columns only (free {@code ::text}): two scans, every row's digest exactly as the
     *     target computes it, then only the hit rows (plans: 1.0 s in the first one-scan form with
     *     three subquery fences, 0.44 s as two scans);</li>
     * <li>a json or array URL column: one scan behind one fence, so each value is printed once
     *     and serves both the digest and the prefix test (features: 0.68 s as two scans, 0.50 s).</li>
     * </ul>
     */
    private String totals(boolean digest) {
        String table = job.source().ref().sql();
        if (!urls.active() || urlColumns.isEmpty()) {
            return "SELECT count(*)" + (digest ? ", sum(" + rawHash() + ")" : "") + " FROM " + table + " t";
        }
        List<String> cols = digest ? job.compared() : urlColumns;
        List<String> types = types(cols);
        List<String> texts = new ArrayList<>();
        List<String> asRead = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String u = "u" + i;
            String k = job.urlKind(cols.get(i));
            texts.add(hashable(Sql.ident(cols.get(i)), job.type(cols.get(i))) + " AS " + u);
            asRead.add(u);
            rewritten.add(k == null ? u : rewritten(typed(u, k), u, k));
        }
        List<String> signed = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        for (String c : urlColumns) {
            String u = "u" + cols.indexOf(c);
            String k = job.urlKind(c);
            signed.add(urls.signedUnderPrefix(u, k));
            matched.add("CASE WHEN " + urls.prefilter(u) + " THEN " + urls.matches(typed(u, k), k) + " END");
        }
        boolean costlyTexts = urlColumns.stream().map(job::urlKind).anyMatch(k -> !k.equals("text"));
        if (costlyTexts) {
            List<String> out = new ArrayList<>(List.of("count(*)"));
            String hit = hit(urlColumns, j -> "u" + cols.indexOf(urlColumns.get(j)));
            if (digest) {
                out.add("sum(h0) + coalesce(sum((" + rowHash(rewritten, types) + ")::numeric - h0) FILTER (WHERE hit), 0)");
            }
            signed.forEach(e -> out.add("count(*) FILTER (WHERE hit AND " + e + ")"));
            matched.forEach(e -> out.add("count(*) FILTER (WHERE hit AND " + e + ")"));
            return "SELECT " + String.join(", ", out) + " FROM (SELECT *, " + (digest ? rowHash(asRead, types) + " AS h0, " : "")
                    + hit + " AS hit FROM (SELECT " + String.join(", ", texts) + " FROM " + table + " OFFSET 0) a OFFSET 0) b";
        }
        String all = "SELECT count(*) AS n" + (digest ? ", sum(" + rawHash() + ") AS h" : "") + " FROM " + table + " t";
        String hits = "(SELECT " + String.join(", ", texts) + " FROM " + table + " WHERE "
                + hit(urlColumns, j -> Sql.ident(urlColumns.get(j)) + "::text") + " OFFSET 0) h";
        List<String> corrections = new ArrayList<>();
        List<String> result = new ArrayList<>(List.of("a.n"));
        if (digest) {
            corrections.add("coalesce(sum((" + rowHash(rewritten, types) + ")::numeric - (" + rowHash(asRead, types)
                    + ")), 0) AS d");
            result.add("a.h + b.d");
        }
        for (int j = 0; j < signed.size(); j++) {
            corrections.add("count(*) FILTER (WHERE " + signed.get(j) + ") AS s" + j);
            result.add("b.s" + j);
        }
        for (int j = 0; j < matched.size(); j++) {
            corrections.add("count(*) FILTER (WHERE " + matched.get(j) + ") AS r" + j);
            result.add("b.r" + j);
        }
        return "SELECT " + String.join(", ", result) + " FROM (" + all + ") a CROSS JOIN (SELECT " + String.join(", ", corrections)
                + " FROM " + hits + ") b";
    }

    /** Every compared column ({@link SyncJob#compared}) of table alias {@code t} hashed as read: the target's digest of a row. */
    private String rawHash() {
        return rowHash(job.compared().stream().map(c -> hashable("t." + Sql.ident(c), job.type(c))).toList(), types(job.compared()));
    }

    /**
     * Per bucket of the key's hash: rows and digest sum of the rows in target form, for a table
     * whose totals differ. Each column is turned into text once, and the URL columns are tested
     * for a rewrite prefix once per row (see {@link #hit}): only the rows that hit run the matchers.
     */
    private String buckets() {
        List<String> cols = job.compared();
        List<String> raw = new ArrayList<>();
        List<String> urlTexts = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            raw.add(hashable(Sql.ident(cols.get(i)), job.type(cols.get(i))) + " AS u" + i);
            if (job.urlKind(cols.get(i)) != null) {
                urlTexts.add("u" + i);
            }
        }
        // The fence (OFFSET 0) makes PostgreSQL turn each column into text once; it only pays off
        // when a URL column's text is costly and used several times (json, arrays). A text
        // column's ::text is free, and without the fence the scan skips a projection per row.
        boolean costlyTexts = cols.stream().map(job::urlKind).anyMatch(k -> k != null && !k.equals("text"));
        String from = "(SELECT " + String.join(", ", raw) + " FROM " + job.source().ref().sql() + (costlyTexts ? " OFFSET 0" : "") + ") a";
        boolean rewrite = urls.active() && !urlTexts.isEmpty();
        if (rewrite) {
            from = "(SELECT *, " + hit(urlColumns, urlTexts::get) + " AS hit FROM " + from + " OFFSET 0) b";
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String u = "u" + i;
            String k = job.urlKind(cols.get(i));
            values.add(k == null || !rewrite ? u : "(CASE WHEN hit THEN " + rewritten(typed(u, k), u, k) + " ELSE " + u + " END)");
        }
        List<String> keyValues = job.key().stream().map(c -> asText(values.get(cols.indexOf(c)), job.type(c))).toList();
        return "SELECT b, count(*), sum(h) FROM (SELECT " + bucket(keyValues) + " AS b, " + rowHash(values, types(cols)) + " AS h FROM " + from
                + " OFFSET 0) x GROUP BY b";
    }

    /** A text value read back as its URL kind's type where the matcher needs it (arrays). */
    private static String typed(String text, String kind) {
        return kind.equals("text[]") ? "(" + text + "::text[])" : text;
    }

    /** The target's side of {@link #summary}: [bucket,] rows, digest sum of the live rows. */
    static String targetDigest(SyncJob job, boolean buckets) {
        List<String> values = job.compared().stream().map(c -> hashable("t." + Sql.ident(c), job.type(c))).toList();
        List<String> types = job.compared().stream().map(job::type).toList();
        List<String> keyValues = job.key().stream().map(c -> "t." + Sql.ident(c) + "::text").toList();
        return "SELECT " + (buckets ? "b, " : "") + "count(*), sum(h) FROM (SELECT " + (buckets ? bucket(keyValues) + " AS b, " : "")
                + rowHash(values, types) + " AS h FROM " + job.ref().sql() + " t) x" + (buckets ? " GROUP BY b" : "");
    }

    /** Target rows of the given alias that fall in the job's changed buckets ({@code TRUE} when all rows were staged). */
    static String inScope(SyncJob job, String alias) {
        if (job.buckets() == null) {
            return "TRUE";
        }
        return bucket(job.key().stream().map(c -> alias + "." + Sql.ident(c) + "::text").toList()) + " = ANY("
                + Sql.literal(intArray(job.buckets())) + "::int[])";
    }

    /** 12 bits of a hash of the key's text, alike on both servers. */
    static String bucket(List<String> keyTexts) {
        String text = keyTexts.size() == 1 ? keyTexts.get(0) : "ROW(" + String.join(", ", keyTexts) + ")::text";
        return "(hashtextextended(" + text + ", 0) & " + (BUCKETS - 1) + ")::int";
    }

    /**
     * Per column a seeded 64-bit hash (NULL: the seed itself), XORed and mixed once more: equal rows
     * give equal hashes on both servers; which value sits in which column and row matters. A
     * column's value as {@link #hashable} gives it: its text, or for the types of {@link #typedHash}
     * the value itself.
     */
    static String rowHash(List<String> values, List<String> types) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String seed = String.valueOf(i + 1);
            String typed = typedHash(types.get(i));
            String hash = typed == null ? "hashtextextended(" + values.get(i) + ", " + seed + ")"
                    : typed.replace("$s", seed).replace("$v", values.get(i)); // the value last: it may contain "$s"
            parts.add("coalesce(" + hash + ", " + seed + ")");
        }
        return "hashint8extended(" + String.join(" # ", parts) + ", 0)";
    }

    /**
     * For types whose equality is identity (equal values print alike and vice versa), the hash of
     * the value itself ({@code $v}, seed {@code $s}) by the function PostgreSQL's hash indexes use;
     * printing them only to hash the text cost 10–40% of a digest query (PostgreSQL 15). A
     * timestamptz is an instant: as UTC wall time it maps one-to-one onto timestamp (the session's
     * zone would not: 01:30 happens twice on a night clocks go back). Numeric without a declared
     * scale (1.0 vs 1.00), floats,
     * dates (infinity), jsonb and the rest keep their text, which tells apart what their equality
     * does not (null: hash the text).
     */
    private static String typedHash(String type) {
        if (type.matches("numeric\\(\\d+,\\d+\\)")) {
            return "hash_numeric_extended($v, $s)"; // a declared scale: every value has it, so 1.0 vs 1.00 cannot happen
        }
        return switch (type.replaceAll("\\(\\d+\\)", "")) {
            case "smallint" -> "hashint2extended($v, $s)";
            case "integer" -> "hashint4extended($v, $s)";
            case "bigint" -> "hashint8extended($v, $s)";
            case "uuid" -> "uuid_hash_extended($v, $s)";
            case "timestamp without time zone" -> "timestamp_hash_extended($v, $s)";
            case "timestamp with time zone" -> "timestamp_hash_extended(($v) AT TIME ZONE 'UTC', $s)";
            default -> null;
        };
    }

    /** A column expression as {@link #rowHash} takes it: the value for a typed hash, else its text. */
    static String hashable(String column, String type) {
        return typedHash(type) != null ? column : column + "::text";
    }

    /** A {@link #hashable} value as text (bucket keys hash text on both sides). */
    private static String asText(String value, String type) {
        return typedHash(type) != null ? value + "::text" : value;
    }

    private List<String> types(List<String> cols) {
        return cols.stream().map(job::type).toList();
    }

    private static String intArray(Collection<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
