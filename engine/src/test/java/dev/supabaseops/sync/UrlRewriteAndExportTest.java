package dev.supabaseops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.config.SyncConfig;
import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UrlRewriteAndExportTest {
    static final String SRC = "https://abcdefgh.supabase.co";
    static final String DST = "https://wxyzwxyz.supabase.co";
    static final String SCHEMA = "create table media (id int primary key, url text, alt varchar(200), meta jsonb, raw json, gallery text[],"
            + " n int)";
    @TempDir
    Path dir;

    @Test
    void storageUrlsAreRewrittenInTextVarcharJsonAndArraysAndSignedUrlsReported() {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        source.exec(SCHEMA);
        target.exec(SCHEMA);
        source.exec("insert into media values"
                + " (1, 'http://127.0.0.1:54321/storage/v1/object/public/img/a.png', '" + SRC + "/storage/v1/object/public/b/c.png',"
                + "  '{\"hero\": \"http://localhost:54321/storage/v1/object/public/x.png\", \"list\": [\"" + SRC + "\"], \"keep\": \"see http://127.0.0.1:54321/\","
                + "  \"signed\": \"" + SRC + "/storage/v1/object/sign/b/c.png?token=abc\"}',"
                + "  '{\"u\": \"http://127.0.0.1:54321/storage/v1/object/public/y.png\"}',"
                + "  '{http://127.0.0.1:54321/storage/v1/object/public/1.png,NULL,https://elsewhere.example/2.png}', 1),"
                + " (2, 'http://127.0.0.1:543210/not-ours', 'text that mentions " + SRC + "/ in the middle', '{}', null, '{}', 2),"
                + " (3, '" + SRC + "/storage/v1/object/sign/b/c.png?token=eyJhbGciOi', null, null, null, null, 3),"
                + " (4, 'https://other.example/storage/v1/object/sign/b/c.png?token=zz', null, null, null, null, 4)"); // not ours: not reported
        DataSync.Configuration cfg = DataSync.configure().source(source.db).target(target.db).tables(List.of("media"))
                .rewriteUrls(SRC, DST, SyncConfig.DEFAULT_LOCAL_URLS);
        SyncPlan plan = cfg.load().plan();
        SyncPlan.TablePlan t = plan.tables().get(0);
        assertThat(t.urlRewrites()).containsEntry("url", 1L).containsEntry("alt", 1L).containsEntry("meta", 1L)
                .containsEntry("raw", 1L).containsEntry("gallery", 1L);
        assertThat(t.signedUrls()).containsEntry("url", 1L).containsEntry("meta", 1L);
        assertThat(plan.toText()).contains("public.media.url: 1 row(s)").contains("signed storage URLs");
        SyncResult applied = cfg.load().apply(); // empty target: counted while copying, must match the dry-run
        assertThat(applied.plan().tables().get(0).urlRewrites()).isEqualTo(t.urlRewrites());
        assertThat(applied.plan().tables().get(0).signedUrls()).isEqualTo(t.signedUrls());
        assertThat(applied.plan().inserts()).isEqualTo(4);
        assertThat(target.column("select url from media order by id")).containsExactly(
                DST + "/storage/v1/object/public/img/a.png", "http://127.0.0.1:543210/not-ours",
                SRC + "/storage/v1/object/sign/b/c.png?token=eyJhbGciOi", // signed: reported, left alone
                "https://other.example/storage/v1/object/sign/b/c.png?token=zz");
        assertThat(target.one("select alt from media where id = 1")).isEqualTo(DST + "/storage/v1/object/public/b/c.png");
        assertThat(target.one("select alt from media where id = 2")).contains(SRC); // only prefixes are rewritten
        assertThat(target.one("select meta->>'hero' from media where id = 1")).isEqualTo(DST + "/storage/v1/object/public/x.png");
        assertThat(target.one("select meta->'list'->>0 from media where id = 1")).isEqualTo(DST);
        assertThat(target.one("select meta->>'keep' from media where id = 1")).isEqualTo("see http://127.0.0.1:54321/");
        assertThat(target.one("select meta->>'signed' from media where id = 1")).startsWith(SRC + "/storage/v1/object/sign/");
        assertThat(target.one("select raw::text from media where id = 1")).isEqualTo("{\"u\": \"" + DST + "/storage/v1/object/public/y.png\"}");
        assertThat(target.one("select gallery::text from media where id = 1"))
                .isEqualTo("{" + DST + "/storage/v1/object/public/1.png,NULL,https://elsewhere.example/2.png}");
        assertThat(cfg.load().plan().changes()).isZero(); // rewritten values compare equal next time
        changesAreSeenWithAndWithoutPrefixes(source, target, cfg, "media", "n");
        assertThat(cfg.rewriteUrls(SRC, null, List.of()).load().plan().notes()).anyMatch(n -> n.contains("rewriting is off"));
    }

    /**
     * Digests of a synced table with URLs (row 1 rewritten, row 4 without any prefix): a changed
     * row is seen whether or not its URL columns hold a prefix, on either side, and the counts stay.
     */
    private static void changesAreSeenWithAndWithoutPrefixes(TestDb source, TestDb target, DataSync.Configuration cfg,
                                                             String table, String intColumn) {
        SyncPlan.TablePlan before = cfg.load().plan().tables().get(0);
        assertThat(before.changes()).isZero();
        source.exec("update " + table + " set " + intColumn + " = 40 where id = 4");
        assertThat(cfg.load().plan().updates()).isEqualTo(1);
        source.exec("update " + table + " set " + intColumn + " = 4 where id = 4; update " + table + " set url = url || '?v=2' where id = 1");
        assertThat(cfg.load().plan().updates()).isEqualTo(1);
        source.exec("update " + table + " set url = replace(url, '?v=2', '') where id = 1");
        assertThat(cfg.load().plan().changes()).isZero();
        target.exec("update " + table + " set url = replace(url, '" + DST + "', '" + SRC + "') where id = 1"); // left un-rewritten
        SyncPlan.TablePlan drift = cfg.load().plan().tables().get(0);
        assertThat(drift.updates()).isEqualTo(1);
        assertThat(drift.urlRewrites()).isEqualTo(before.urlRewrites());
        assertThat(drift.signedUrls()).isEqualTo(before.signedUrls());
    }

    @Test
    void textOnlyUrlColumnsCompareByDigestsToo() {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        String schema = "create table links (id int primary key, url text, label varchar(200), n int, ref uuid, small smallint,"
                + " big bigint, at timestamptz, local timestamp(3), price numeric(12,2))";
        source.exec(schema);
        target.exec(schema);
        source.exec("insert into links values (1, 'http://127.0.0.1:54321/storage/v1/object/public/a.png', 'a', 1),"
                + " (2, '" + SRC + "/storage/v1/object/sign/b.png?token=x', 'b', 2), (3, 'https://cdn.example/c.png', '" + SRC + "/d', 3),"
                + " (4, null, 'no url', 4)");
        source.exec("update links set ref = gen_random_uuid(), small = id, big = id * 10000000000,"
                + " at = '2024-11-03 05:30:00+00', local = '2024-11-03 01:30:00.123', price = 9.99");
        DataSync.Configuration cfg = DataSync.configure().source(source.db).target(target.db).tables(List.of("links"))
                .rewriteUrls(SRC, DST, SyncConfig.DEFAULT_LOCAL_URLS);
        cfg.load().apply();
        SyncPlan.TablePlan t = cfg.load().plan().tables().get(0);
        assertThat(t.urlRewrites()).containsEntry("url", 1L).containsEntry("label", 1L);
        assertThat(t.signedUrls()).containsEntry("url", 1L);
        assertThat(target.column("select url from links order by id")).startsWith(DST + "/storage/v1/object/public/a.png");
        changesAreSeenWithAndWithoutPrefixes(source, target, cfg, "links", "n");
        target.exec("update links set url = replace(url, '" + SRC + "', '" + DST + "') where id = 1");
        // hashed as values, not text. pgjdbc sessions take the JVM's time zone: in New York 05:30 and
        // 06:30 UTC on 2024-11-03 are both 01:30, so a hash of the session's wall time would miss that change
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            for (String change : List.of("ref = gen_random_uuid()", "small = -small", "big = big + 1", "at = at + interval '1 microsecond'",
                    "at = '2024-11-03 05:30:00+00'", "at = '2024-11-03 06:30:00+00'", "local = local + interval '1 millisecond'", "price = price + 0.01")) {
                source.exec("update links set " + change + " where id = 3");
                assertThat(cfg.load().plan().updates()).as(change).isEqualTo(1);
                cfg.load().apply();
                assertThat(cfg.load().plan().changes()).as(change).isZero();
            }
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void exportThenImportRoundTripsExactlyAndATamperedFileIsRefused() throws Exception {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        source.exec(Fixtures.SCHEMA);
        target.exec(Fixtures.SCHEMA);
        source.exec(Fixtures.ROWS);
        Path out = dir.resolve("snapshot");
        ExportManifest m = DataSync.configure().source(source.db).tables(List.of(Fixtures.TABLES))
                .rewriteUrls("https://abcdefgh.supabase.co", null, List.of()).load().exportTo(out);
        assertThat(m.tables()).hasSize(5);
        assertThat(m.tables().get(0).rows()).isEqualTo(source.count("plans"));
        assertThat(m.tables().get(0).columns()).extracting(ExportManifest.Column::name).doesNotContain("name_upper");
        JsonNode json = Json.MAPPER.readTree(out.resolve("manifest.json").toFile());
        assertThat(json.path("source").asText()).isEqualTo("preprod");
        assertThat(json.path("tables").path(0).path("sha256").asText()).hasSize(64);
        assertThat(json.path("createdAt").asText()).matches("\\d{4}-.*Z");
        assertThrows(OpsException.class, () -> DataSync.configure().source(source.db).tables(List.of("plans")).load().exportTo(out));

        DataSync imp = DataSync.configure().source(out).target(target.db)
                .rewriteUrls(null, "https://wxyzwxyz.supabase.co", List.of()).load();
        SyncPlan plan = imp.plan();
        assertThat(plan.source()).contains("from preprod");
        assertThat(plan.tables().get(0).urlRewrites()).containsEntry("image_url", 1L); // the export's recorded source URL
        imp.apply();
        for (String t : List.of("public.features", "public.categories", "public.team_a", "public.team_b")) {
            assertThat(target.digest(t)).as(t).isEqualTo(source.digest(t));
        }
        assertThat(target.one("select image_url from plans where name like 'unicode%'")).startsWith("https://wxyzwxyz.supabase.co/");
        assertThat(imp.plan().changes()).isZero();

        TestDb fresh = TestDb.create("fresh");
        fresh.exec(Fixtures.SCHEMA);
        Path file = out.resolve(m.tables().get(1).file());
        Files.writeString(file, Files.readString(file).replace("Root", "Rooted"));
        OpsException e = assertThrows(OpsException.class,
                () -> DataSync.configure().source(out).target(fresh.db).load().apply());
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("does not match manifest.json");
        assertThat(fresh.count("plans")).isZero();
    }
}
