package dev.supabaseops.cli;

import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in the integration-test phase (after the shade plugin built cli/target/supabase-ops.jar):
 * Flyway inside the shaded jar must still find its PostgreSQL plugin and stay silent.
 */
class FlywayShadedJarIT {
    private static final String PASSWORD = "Jar-s3cret-51c2e0";

    @TempDir
    Path dir;

    @Test
    void flywayFindsPostgresqlSupportInsideTheShadedJar() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        Files.writeString(dir.resolve("V1__todos.sql"), "create table public.todos (id bigint primary key);");
        Files.writeString(dir.resolve("V2__title.sql"), "alter table public.todos add column title text;");
        String url = Pg.newSupabaseDb().replace("postgres@", "postgres:" + PASSWORD + "@");

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + java.io.File.pathSeparator + testClasses,
                FlywayInShadedJarMain.class.getName(), url, dir.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output.strip()).isEqualTo("pending=2 applied=2 target=2");
        assertThat(p.exitValue()).isZero();
        assertThat(output).doesNotContain(PASSWORD);
    }
}
