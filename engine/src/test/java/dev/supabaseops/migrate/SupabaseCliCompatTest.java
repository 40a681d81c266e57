package dev.supabaseops.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
