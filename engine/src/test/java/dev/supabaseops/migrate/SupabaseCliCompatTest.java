package dev.supabaseops.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-hold 2: our push and the real Supabase CLI 3.1.0 read and write the same history, in
 * either order, and store byte-identical {@code statements} for tricky files.
 */
class SupabaseCliCompatTest {
    private static final String PASSWORD = "compat-pw-9f3b";

    @TempDir
    Path root;

    private List<Path> corpus() throws IOException {
        Path src = Path.of("src/test/resources/compat");
        try (Stream<Path> s = Files.list(src)) {
            return s.sorted().toList();
        }
    }

    private void copy(List<Path> files, Path dir) throws IOException {
        for (Path f : files) {
            Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void cliPushesSomeOursPushesTheRestAndCliSeesEverythingApplied() throws Exception {
        MigrationFixture fx = new MigrationFixture(root.resolve("ours"));
        SupabaseCli cli = new SupabaseCli(root.resolve("cli"));
        String url = SupabaseCli.url(fx.db.url().toPostgresUrlWithPassword().replace("?sslmode=disable", ""), PASSWORD);
        List<Path> files = corpus();
        copy(files.subList(0, 3), cli.project.resolve("supabase/migrations"));
        SupabaseCli.Run first = cli.push(url);
        assertThat(first.exit()).as(first.err()).isZero();

        copy(files, fx.dir);
        PushResult ours = fx.migrations().load().push();
        assertThat(ours.succeeded()).as(String.valueOf(ours.failure())).isTrue();
        assertThat(ours.alreadyApplied()).isEqualTo(3);
        assertThat(ours.applied()).hasSize(files.size() - 3);
        assertThat(ours.warnings()).noneMatch(w -> w.contains("changed after it was applied"));

        copy(files, cli.project.resolve("supabase/migrations"));
        assertThat(cli.list(url)).hasSize(files.size()).allSatisfy(row -> assertThat(row[0]).isEqualTo(row[1]));
        SupabaseCli.Run again = cli.push(url);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("Remote database is up to date.");
        assertThat(again.out() + again.err()).doesNotContain(PASSWORD);
    }

    @Test
    void oursPushesSomeCliPushesTheRestAndWeSeeNoDrift() throws Exception {
        MigrationFixture fx = new MigrationFixture(root.resolve("ours"));
        SupabaseCli cli = new SupabaseCli(root.resolve("cli"));
        String url = SupabaseCli.url(fx.db.url().toPostgresUrlWithPassword().replace("?sslmode=disable", ""), PASSWORD);
        List<Path> files = corpus();
        copy(files.subList(0, 4), fx.dir);
        assertThat(fx.migrations().load().push().applied()).hasSize(4);

        copy(files, cli.project.resolve("supabase/migrations"));
        SupabaseCli.Run push = cli.push(url);
        assertThat(push.exit()).as(push.err()).isZero();
        assertThat(push.err()).contains("Applying migration " + files.get(4).getFileName())
                .doesNotContain("Applying migration " + files.get(0).getFileName());
        assertThat(cli.list(url)).hasSize(files.size()).allSatisfy(row -> assertThat(row[0]).isEqualTo(row[1]));

        copy(files, fx.dir);
        PushPlan plan = fx.migrations().strict(true).load().plan();
        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.drifted()).isEmpty();
    }

    @Test
    void statementsAreByteIdenticalToWhatTheCliStores() throws Exception {
        MigrationFixture viaCli = new MigrationFixture(root.resolve("a"));
        MigrationFixture viaUs = new MigrationFixture(root.resolve("b"));
        SupabaseCli cli = new SupabaseCli(root.resolve("cli"));
        copy(corpus(), cli.project.resolve("supabase/migrations"));
        copy(corpus(), viaUs.dir);
        String url = SupabaseCli.url(viaCli.db.url().toPostgresUrlWithPassword().replace("?sslmode=disable", ""), PASSWORD);
        SupabaseCli.Run r = cli.push(url);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(viaUs.migrations().load().push().succeeded()).isTrue();
        String rows = "select version || '|' || name || '|' || coalesce(to_json(statements)::text, 'null')"
                + " from supabase_migrations.schema_migrations order by version";
        List<String> cliRows = viaCli.strings(rows);
        assertThat(cliRows).hasSize(corpus().size());
        assertThat(viaUs.strings(rows)).isEqualTo(cliRows);
        assertThat(viaUs.strings("select md5(string_agg(array_to_string(statements, E'\\x01'), E'\\x02' order by version))"
                + " from supabase_migrations.schema_migrations"))
                .isEqualTo(viaCli.strings("select md5(string_agg(array_to_string(statements, E'\\x01'), E'\\x02' order by version))"
                        + " from supabase_migrations.schema_migrations"));
    }

    /**
     * Pushes the same files (as raw bytes) with the CLI to one database and with us to another,
     * and returns the history rows of both: (CLI's, ours), each "version|name|statements as JSON".
     */
    private List<List<String>> pushBoth(Map<String, byte[]> files) throws Exception {
        return both(files, false);
    }

    /** As {@link #pushBoth}, with {@code repair --status applied} of every file instead (records, runs nothing). */
    private List<List<String>> repairBoth(Map<String, byte[]> files) throws Exception {
        return both(files, true);
    }

    private List<List<String>> both(Map<String, byte[]> files, boolean repair) throws Exception {
        MigrationFixture viaCli = new MigrationFixture(root.resolve("a"));
        MigrationFixture viaUs = new MigrationFixture(root.resolve("b"));
        SupabaseCli cli = new SupabaseCli(root.resolve("cli"));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(cli.project.resolve("supabase/migrations").resolve(f.getKey()), f.getValue());
            Files.write(viaUs.dir.resolve(f.getKey()), f.getValue());
        }
        String url = SupabaseCli.url(viaCli.db.url().toPostgresUrlWithPassword().replace("?sslmode=disable", ""), PASSWORD);
        List<String> versions = files.keySet().stream().map(n -> n.substring(0, n.indexOf('_'))).toList();
        if (repair) {
            List<String> args = new java.util.ArrayList<>(List.of("migration", "repair", "--status", "applied", "--remote=" + url, "--yes"));
            args.addAll(versions);
            SupabaseCli.Run r = cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            viaUs.migrations().load().repair(RepairStatus.APPLIED, versions);
        } else {
            SupabaseCli.Run r = cli.push(url);
            assertThat(r.exit()).as(r.err()).isZero();
            PushResult ours = viaUs.migrations().load().push();
            assertThat(ours.failure()).isNull();
        }
        String rows = "select version || '|' || name || '|' || coalesce(to_json(statements)::text, 'null')"
                + " from supabase_migrations.schema_migrations order by version";
        return List.of(viaCli.strings(rows), viaUs.strings(rows));
    }

    @Test
    void statementsAreStoredExactlyWhenAFileTurnsStandardConformingStringsOff() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("20240101000001_scs_off.sql", ("set standard_conforming_strings = off;\n"
                + "select E'a\\\\tb', 'c:\\\\new';\n"
                + "select E'it\\'s';\n"
                + "select 'back\\\\slash' as x;\n").getBytes(StandardCharsets.UTF_8));
        files.put("20240101000002_after.sql", "select 'c:\\new', E'x\\\\y';\n".getBytes(StandardCharsets.UTF_8));
        List<List<String>> both = pushBoth(files);
        assertThat(both.get(0)).hasSize(2);
        assertThat(both.get(0).get(0)).contains("\\\\\\\\tb"); // JSON of the two backslashes in E'a\\tb'
        assertThat(both.get(1)).isEqualTo(both.get(0));
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static byte[] concat(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aLeadingByteOrderMarkIsDroppedBeforeSplittingLikeTheCli() throws Exception {
        byte[] bom = bytes(0xEF, 0xBB, 0xBF);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("20240101000001_bom_dollar.sql", concat(bom, "$a$ ; $a$"));
        files.put("20240101000002_bom_estring.sql", concat(bom, "E'\\'; x'; select 2"));
        files.put("20240101000003_two_boms.sql", concat(bom, bom, "$b$ ; $b$"));
        files.put("20240101000004_bom_directive.sql", concat(bom, "-- pg-delta: transaction=false\n$c$ ; $c$"));
        List<List<String>> both = repairBoth(files);
        assertThat(both.get(0)).hasSize(4);
        assertThat(both.get(0).get(0)).endsWith("|[\"$a$ ; $a$\"]");
        assertThat(both.get(1)).isEqualTo(both.get(0));
    }

    @Test
    void invalidUtf8IsReplacedLikeTheCli() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("20240101000001_bad_utf8.sql", concat(
                "select 'surrogate:", bytes(0xED, 0xA0, 0x80), "';\n",
                "select 'truncated:", bytes(0xE2, 0x82), "x';\n",
                "select 'overlong:", bytes(0xC0, 0xAF, 0xE0, 0x80, 0xAF), "';\n",
                "select 'too big:", bytes(0xF4, 0x90, 0x80, 0x80), "';\n",
                "select 'stray:", bytes(0x80, 0xBF, 0xFE, 0xFF), "';\n",
                "select 'four cut:", bytes(0xF0, 0x9F, 0x98), "';\n",
                "select 'ok:", "\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8), "';\n",
                "select 'at the end:", bytes(0xF0, 0x9F), "'"));
        List<List<String>> pushed = pushBoth(files);
        assertThat(pushed.get(0).get(0)).contains("surrogate:\uFFFD\uFFFD\uFFFD'");
        assertThat(pushed.get(1)).isEqualTo(pushed.get(0));
    }

    @Test
    void listMatchesTheCliWhenVersionsDifferInLength() throws Exception {
        MigrationFixture fx = new MigrationFixture(root.resolve("ours"));
        SupabaseCli cli = new SupabaseCli(root.resolve("cli"));
        String url = SupabaseCli.url(fx.db.url().toPostgresUrlWithPassword().replace("?sslmode=disable", ""), PASSWORD);
        for (String f : List.of("9_a.sql", "10_b.sql", "100_c.sql")) {
            fx.file(f, "select 1;\n");
            Files.writeString(cli.project.resolve("supabase/migrations").resolve(f), "select 1;\n");
        }
        SupabaseCli.Run r = cli.push(url);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(listRows(cli, url)).containsExactly("10|10", "100|100", "9|9");
        assertThat(listRows(fx)).isEqualTo(listRows(cli, url));

        // local-only and remote-only versions among them: whatever the CLI makes of it, we make the same
        fx.file("7_local_only.sql", "select 1;\n");
        Files.writeString(cli.project.resolve("supabase/migrations").resolve("7_local_only.sql"), "select 1;\n");
        fx.exec("insert into supabase_migrations.schema_migrations(version) values ('1000'), ('8')");
        assertThat(listRows(fx)).isEqualTo(listRows(cli, url));
    }

    private static List<String> listRows(SupabaseCli cli, String url) throws Exception {
        return cli.list(url).stream().map(row -> row[0] + "|" + row[1]).toList();
    }

    private static List<String> listRows(MigrationFixture fx) {
        return fx.migrations().load().list().rows().stream().map(row -> row.local() + "|" + row.remote()).toList();
    }
}
