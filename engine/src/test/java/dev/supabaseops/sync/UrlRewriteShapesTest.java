package dev.supabaseops.sync;

import dev.supabaseops.config.SyncConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the URL rewrite may touch, exactly: in arrays every element that starts with a prefix and
 * nothing else (dimensions and bounds stay), in json/jsonb only string values that start with a
 * prefix (never object keys, never text inside a string). On every route: copied straight into an
 * empty table, re-planned by digests, staged from changed buckets and staged whole on the target.
 */
class UrlRewriteShapesTest {
    static final String SRC = "https://abcdefgh.supabase.co";
    static final String DST = "https://wxyzwxyz.supabase.co";
    static final String LOCAL = "http://127.0.0.1:54321";
    static final String ARRAYS = "create table shapes (id int primary key, gallery text[], names varchar(100)[], n int)";
    static final String JSON = "create table docs (id int primary key, meta jsonb, raw json, html text, n int)";

    /** gallery per id: as in the source, then as the target must hold it. */
    static final String[][] GALLERY = {
            {"{{@S/storage/v1/object/public/b/a.png,b},{c,d}}", "{{@D/storage/v1/object/public/b/a.png,b},{c,d}}"},
            {"[0:1]={@S/x.png,y}", "[0:1]={@D/x.png,y}"},
            {"{@S/1.png,NULL,\"x y\",@L/2.png}", "{@D/1.png,NULL,\"x y\",@D/2.png}"},
            {"[2:3][-1:0][1:1]={{{@S},{\"a,@S/b\"}},{{NULL},{\"q\\\"u\\\\o\"}}}",
                    "[2:3][-1:0][1:1]={{{@D},{\"a,@S/b\"}},{{NULL},{\"q\\\"u\\\\o\"}}}"},
            {"{{a,b},{c,@S?not-a-path}}", "{{a,b},{c,@S?not-a-path}}"},
            {"[0:0]={@S/storage/v1/object/sign/b/x.png?token=t}", "[0:0]={@S/storage/v1/object/sign/b/x.png?token=t}"},
            {"{}", "{}"},
            {null, null}};
    /** names (varchar(100)[]) per id, likewise. */
    static final String[][] NAMES = {
            {"[0:1]={@S/n.png,\"NULL\"}", "[0:1]={@D/n.png,\"NULL\"}"},
            {"{{{@L/deep}}}", "{{{@D/deep}}}"},
            {"{plain}", "{plain}"},
            {null, null}, {null, null}, {null, null}, {null, null}, {null, null}};

    private static String urls(String s) {
        return s == null ? null : s.replace("@S", SRC).replace("@D", DST).replace("@L", LOCAL);
    }

    private static String literal(String s) {
        return s == null ? "null" : Sql.literal(urls(s));
    }

    private static DataSync.Configuration sync(TestDb source, TestDb target, String table) {
        return DataSync.configure().source(source.db).target(target.db).tables(List.of(table))
                .rewriteUrls(SRC, DST, SyncConfig.DEFAULT_LOCAL_URLS);
    }

    private static void fillArrays(TestDb source) {
        source.exec(ARRAYS);
        for (int i = 0; i < GALLERY.length; i++) {
            source.exec("insert into shapes values (" + (i + 1) + ", " + literal(GALLERY[i][0]) + ", " + literal(NAMES[i][0]) + ", 0)");
        }
    }

    private static void assertArrays(TestDb target, String route) {
        List<String> gallery = target.column("select gallery::text from shapes order by id");
        List<String> names = target.column("select names::text from shapes order by id");
        for (int i = 0; i < GALLERY.length; i++) {
            assertThat(gallery.get(i)).as(route + ": gallery of row " + (i + 1)).isEqualTo(urls(GALLERY[i][1]));
            assertThat(names.get(i)).as(route + ": names of row " + (i + 1)).isEqualTo(urls(NAMES[i][1]));
        }
    }

    @Test
    void arraysKeepTheirDimensionsAndBoundsOnEveryRoute() {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        fillArrays(source);
        target.exec(ARRAYS);
        SyncResult first = sync(source, target, "shapes").load().apply(); // empty target: the source's COPY (SELECT …) rewrites
        assertArrays(target, "copied into an empty table");
        assertThat(first.plan().tables().get(0).urlRewrites()).isEqualTo(Map.of("gallery", 4L, "names", 2L));
        assertThat(first.plan().tables().get(0).signedUrls()).isEqualTo(Map.of("gallery", 1L));
        assertThat(sync(source, target, "shapes").load().plan().changes()).as("re-plan by digests").isZero();

        // what the flattening did: a target holding it must show as changed, and a sync repairs it
        target.exec("update shapes set gallery = array(select unnest(gallery)) where id = 1;"
                + "update shapes set gallery = array(select unnest(gallery)) where id = 2");
        assertThat(sync(source, target, "shapes").load().plan().updates()).isEqualTo(2);
        assertThat(sync(source, target, "shapes").load().apply().rowsWritten()).isEqualTo(2); // changed buckets staged from the source
        assertArrays(target, "staged from changed buckets");
        source.exec("update shapes set n = 1 where id = 4");
        assertThat(sync(source, target, "shapes").load().apply().rowsWritten()).isEqualTo(1);
        assertArrays(target, "re-synced row");
        assertThat(sync(source, target, "shapes").load().plan().changes()).isZero();

        TestDb staged = TestDb.create("staged"); // another column type: every row staged, rewritten on the target
        staged.exec(ARRAYS.replace("n int", "n bigint"));
        SyncResult all = sync(source, staged, "shapes").load().apply();
        assertArrays(staged, "staged whole");
        assertThat(all.plan().tables().get(0).urlRewrites()).isEqualTo(Map.of("gallery", 4L, "names", 2L));
        assertThat(sync(source, staged, "shapes").load().plan().changes()).isZero();
        staged.exec("update shapes set names = array(select unnest(names)) where id = 1");
        assertThat(sync(source, staged, "shapes").load().plan().updates()).isEqualTo(1);
    }

    /** meta (jsonb) per id: as in the source, then as the target must hold it. */
    static final String[][] META = {
            // a key and a URL after an escaped quote inside a string: neither is a string value that starts with a prefix
            {"{\"@S/k.png\": \"v\", \"html\": \"<img src=\\\"@S/a.png\\\">\"}", null},
            // string values at every depth, next to keys and mentions that stay
            {"{\"hero\": \"@S/storage/v1/object/public/h.png\", \"list\": [\"@S\", \"x @S/y\", {\"deep\": {\"@S/k2\": [\"@L/d.png\"]}}],"
                    + " \"q\": \"\\\\\", \"after\": \"@S/b\\\"c\\\\\"}",
                    "{\"hero\": \"@D/storage/v1/object/public/h.png\", \"list\": [\"@D\", \"x @S/y\", {\"deep\": {\"@S/k2\": [\"@D/d.png\"]}}],"
                            + " \"q\": \"\\\\\", \"after\": \"@D/b\\\"c\\\\\"}"},
            {"\"@S/top.png\"", "\"@D/top.png\""},
            {"{\"@S\": {\"@L/x\": 1}, \"s\": \"@S/storage/v1/object/sign/b/x.png?token=t\", \"n\": \"@S?x\"}", null}};
    /** raw (json keeps its text: spacing, key order, duplicate keys) per id, likewise. */
    static final String[][] RAW = {
            {"{ \"@S/k\" :\"v\",\n \"@S/k\"\t: [\"@S/v.png\"] }", "{ \"@S/k\" :\"v\",\n \"@S/k\"\t: [\"@D/v.png\"] }"},
            {"{\"e\": \"a\\\\\\\"@S/no\", \"t\": \"@S/t\\\"q\\\\\"}", "{\"e\": \"a\\\\\\\"@S/no\", \"t\": \"@D/t\\\"q\\\\\"}"},
            {null, null},
            {"[\"@S/a\" , {\"@S/b\":\"@S/c\"}]", "[\"@D/a\" , {\"@S/b\":\"@D/c\"}]"}};

    private static void assertJson(TestDb source, TestDb target, String route) {
        for (int i = 0; i < META.length; i++) {
            String expected = META[i][1] == null ? urls(META[i][0]) : urls(META[i][1]);
            assertThat(target.one("select meta = " + Sql.literal(expected) + "::jsonb from docs where id = " + (i + 1)))
                    .as(route + ": meta of row " + (i + 1) + " is " + expected + ", not " + target.one("select meta from docs where id = " + (i + 1)))
                    .isEqualTo("t");
            assertThat(target.one("select raw::text from docs where id = " + (i + 1))).as(route + ": raw of row " + (i + 1))
                    .isEqualTo(urls(RAW[i][1]));
        }
        assertThat(target.one("select html from docs where id = 1")).isEqualTo(source.one("select html from docs where id = 1"));
    }

    @Test
    void jsonRewritesOnlyStringValuesThatStartWithAPrefix() {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        source.exec(JSON);
        target.exec(JSON);
        for (int i = 0; i < META.length; i++) {
            source.exec("insert into docs values (" + (i + 1) + ", " + literal(META[i][0]) + ", " + literal(RAW[i][0]) + ", "
                    + literal(i == 0 ? "<img src=\"@S/a.png\">" : null) + ", 0)");
        }
        Map<String, Long> counted = Map.of("meta", 2L, "raw", 3L); // rows holding a rewritten value, not rows mentioning a prefix
        SyncResult first = sync(source, target, "docs").load().apply();
        assertJson(source, target, "copied into an empty table");
        assertThat(first.plan().tables().get(0).urlRewrites()).isEqualTo(counted);
        assertThat(first.plan().tables().get(0).signedUrls()).isEqualTo(Map.of("meta", 1L));
        assertThat(sync(source, target, "docs").load().plan().changes()).as("re-plan by digests").isZero();
        source.exec("update docs set n = 1");
        assertThat(sync(source, target, "docs").load().apply().rowsWritten()).isEqualTo(META.length);
        assertJson(source, target, "staged from changed buckets");

        TestDb staged = TestDb.create("staged"); // another column type: every row staged, rewritten on the target
        staged.exec(JSON.replace("n int", "n bigint"));
        SyncResult all = sync(source, staged, "docs").load().apply();
        assertJson(source, staged, "staged whole");
        assertThat(all.plan().tables().get(0).urlRewrites()).isEqualTo(counted);
        assertThat(sync(source, staged, "docs").load().plan().changes()).isZero();
    }

    /**
     * The rewrite expression itself over arrays of random shape (1 to 6 dimensions, bounds from
     * -2 to 2, elements with quotes, backslashes, braces, commas, blanks, the word NULL, NULLs,
     * near misses and signed URLs), written and expected in Java: the same dimensions and bounds,
     * each element as the rule for a text value makes it — for text[] and varchar(n)[].
     */
    @Test
    void arrayRewriteIsExactForRandomShapes() {
        TestDb db = TestDb.create("dev");
        UrlRewrite urls = UrlRewrite.of(List.of(SRC, LOCAL), DST);
        String[] pool = {SRC + "/a,{b} \\ \"q\"", SRC, LOCAL + "/x y", "NULL", "", "x " + SRC + "/", SRC + "x", SRC + "/",
                SRC + "/storage/v1/object/sign/s?token=1", LOCAL, "{}", "plain", null};
        java.util.Random random = new java.util.Random(42);
        List<String> rows = new java.util.ArrayList<>();
        for (int id = 0; id < 300; id++) {
            int dims = 1 + random.nextInt(id < 250 ? 3 : 6);
            int[] lengths = new int[dims];
            StringBuilder decoration = new StringBuilder();
            for (int d = 0; d < dims; d++) {
                lengths[d] = 1 + random.nextInt(dims > 3 ? 2 : 3);
                int lower = random.nextInt(5) - 2;
                decoration.append('[').append(lower).append(':').append(lower + lengths[d] - 1).append(']');
            }
            StringBuilder in = new StringBuilder(decoration).append('=');
            StringBuilder out = new StringBuilder(decoration).append('=');
            nest(lengths, 0, random, pool, in, out);
            rows.add("(" + id + ", " + Sql.literal(in.toString()) + ", " + Sql.literal(out.toString()) + ")");
        }
        db.exec("create table cases (id int, input text, expected text); insert into cases values " + String.join(", ", rows));
        assertThat(db.one("select count(*) from cases where input::text[]::text <> expected::text[]::text")).as("some change").isNotEqualTo("0");
        for (String type : List.of("text[]", "character varying(200)[]")) {
            String rewritten = urls.rewrite("input::" + type, "text[]", type);
            assertThat(db.column("select id || ': ' || (" + rewritten + ")::text || ' <> ' || expected::" + type + "::text from cases"
                    + " where (" + rewritten + ")::text is distinct from expected::" + type + "::text order by id")).as(type).isEmpty();
        }
    }

    /** Array input text of the given lengths (from dimension d), random elements: as read and as rewritten. */
    private static void nest(int[] lengths, int d, java.util.Random random, String[] pool, StringBuilder in, StringBuilder out) {
        in.append('{');
        out.append('{');
        for (int i = 0; i < lengths[d]; i++) {
            if (i > 0) {
                in.append(',');
                out.append(',');
            }
            if (d + 1 < lengths.length) {
                nest(lengths, d + 1, random, pool, in, out);
                continue;
            }
            String e = pool[random.nextInt(pool.length)];
            in.append(element(e));
            out.append(element(e == null ? null : rewritten(e)));
        }
        in.append('}');
        out.append('}');
    }

    private static String element(String e) {
        return e == null ? "NULL" : "\"" + e.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The documented rule for one text value, in Java. */
    private static String rewritten(String e) {
        for (String p : List.of(SRC, LOCAL)) {
            if (e.equals(p) || e.startsWith(p + "/") && !e.startsWith(p + "/storage/v1/object/sign/")) {
                return DST + e.substring(p.length());
            }
        }
        return e;
    }
}
