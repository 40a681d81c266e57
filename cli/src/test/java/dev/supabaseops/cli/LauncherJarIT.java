package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/supabase-ops against the built jar: the first run of a command makes its class-data
 * archive, later runs map it (-Xshare:on makes the JVM refuse to start when it cannot), a rebuilt
 * jar gets a new one, and the JVM's CDS messages never reach stdout or stderr.
 */
class LauncherJarIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "supabase-ops").toAbsolutePath().normalize();
    private static final String UNKNOWN_ENV = "error: unknown environment 'nope'";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run run(Path jar, Path cds, String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Map<String, String> env = pb.environment();
        env.put("SUPABASE_OPS_JAR", jar.toString());
        env.put("SUPABASE_OPS_CDS", cds.toString());
        env.put("SUPABASE_OPS_JAVA_OPTS", javaOpts);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static List<Path> archives(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.sorted().toList();
        }
    }

    @Test
    void firstRunOfACommandMakesItsArchiveLaterRunsUseItAndNothingLeaks() throws Exception {
        Path jar = dir.resolve("supabase-ops.jar");
        Files.copy(Path.of("target", "supabase-ops.jar"), jar);
        Path cds = dir.resolve("cds");

        Run version = run(jar, cds, "", "--version");
        assertThat(version.out().strip()).startsWith("supabase-ops ");
        assertThat(archives(cds)).as("--version is not a command: nothing to archive").isEmpty();

        Run first = run(jar, cds, "", "migrations", "list", "--env", "nope");
        assertThat(first.code()).isEqualTo(2); // the command's own exit code passes through
        assertThat(first.out()).isEmpty();
        assertThat(first.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n").doesNotContain("cds");
        List<Path> made = archives(cds);
        assertThat(made).hasSize(1);
        assertThat(made.get(0).getFileName().toString()).startsWith("migrations-").endsWith(".jsa");

        Run second = run(jar, cds, sharedOnly(), "migrations", "list", "--env", "nope");
        assertThat(second.code()).as("-Xshare:on: the JVM maps the archive or refuses to start; " + second.err()).isEqualTo(2);
        assertThat(second.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        assertOurClassesCameFromTheArchive();
        assertThat(archives(cds)).isEqualTo(made);

        // A jar replaced after the archive was made: the JVM refuses that archive (a jar "is not the
        // one used while building the shared archive file"); the launcher makes a new one.
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(made.get(0), FileTime.fromMillis(now - 3_600_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 1_800_000));
        Run rebuilt = run(jar, cds, "", "migrations", "list", "--env", "nope");
        assertThat(rebuilt.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        Run after = run(jar, cds, sharedOnly(), "migrations", "list", "--env", "nope");
        assertThat(after.code()).as(after.err()).isEqualTo(2);
        assertOurClassesCameFromTheArchive();
        assertThat(archives(cds)).noneMatch(a -> a.toString().endsWith(".tmp"))
                .anyMatch(a -> a.toFile().lastModified() > now - 60_000);
    }

    /** JVM options: map the archives or fail, and log where each class came from. */
    private String sharedOnly() {
        return "-Xshare:on -Xlog:class+load=info:file=" + dir.resolve("classes.log");
    }

    private void assertOurClassesCameFromTheArchive() throws IOException {
        String log = Files.readString(dir.resolve("classes.log"));
        assertThat(log).contains("dev.supabaseops.cli.Main source: shared objects file (top)")
                .contains("picocli.CommandLine source: shared objects file (top)") // compiled from source: archivable
                .doesNotContain("dev.supabaseops.cli.Main source: jar");
        Files.delete(dir.resolve("classes.log"));
    }

    @Test
    void withoutAWritableCacheTheJarRunsPlain() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Run r = run(jar, file.resolve("cds"), "", "migrations", "list", "--env", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        Run off = run(jar, Path.of("off"), "", "migrations", "list", "--env", "nope");
        assertThat(off.code()).isEqualTo(2);
        assertThat(dir.resolve("off")).doesNotExist();
    }
}
