package dev.supabaseops.cli;

import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlywayPushCommandTest {
    @TempDir
    Path dir;

    @Test
    void pushRunsFlywayWhenConfiguredWithDryRunAndProtection() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("db/migration"));
        Files.writeString(migrations.resolve("V1__plans.sql"), "create table plans (id int primary key);\n");
        Files.writeString(migrations.resolve("V2__features.sql"), "create table features (id int primary key);\n");
        Files.writeString(dir.resolve("supabase-ops.yml"), """
                environments: { prod: { protected: true } }
                migrations: { tool: flyway, dir: db/migration }
                """);
        Map<String, String> env = Map.of("SUPABASE_PROD_DB_URL", Pg.newSupabaseDb(), "SUPABASE_PROD_DB_PASSWORD", "flyway-pw-SECRET-1");

        Cli.Result plan = Cli.run(env, dir, "push", "--env", "prod", "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("2 pending").contains("V1__plans.sql").contains("V2__features.sql");

        Cli.Result refused = Cli.run(env, dir, "push", "--env", "prod");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("--confirm prod");

        Cli.Result applied = Cli.run(env, dir, "push", "--env", "prod", "--confirm", "prod", "--json");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(applied.out()).contains("\"targetVersion\" : \"2\"");

        Cli.Result again = Cli.run(env, dir, "push", "--env", "prod", "--confirm", "prod");
        assertThat(again.out()).contains("Nothing to apply");
        for (Cli.Result r : new Cli.Result[]{plan, refused, applied, again}) {
            assertThat(r.all()).doesNotContain("flyway-pw-SECRET-1");
        }
    }
}
