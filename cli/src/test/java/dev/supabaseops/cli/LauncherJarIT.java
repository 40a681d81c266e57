package dev.supabaseops.cli;

import dev.supabaseops.local.LocalStorageServer;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/supabase-ops against the built jar: the first run of a command makes its class-data
 * archive, later runs map it (-Xshare:on makes the JVM refuse to start when it cannot) without
 * starting any other program, a rebuilt jar or another JDK gets a new one, and the JVM's CDS
 * messages never reach stdout or stderr; storage commands leave C2 only the JDK's digest code.
 */
class LauncherJarIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "supabase-ops").toAbsolutePath().normalize();
    private static final String UNKNOWN_ENV = "error: unknown environment 'nope'";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run run(Path jar, Path cds, String javaOpts, String... args) throws IOException, InterruptedException {
        return run(jar, cds, javaOpts, Map.of(), args);
    }

    private Run run(Path jar, Path cds, String javaOpts, Map<String, String> vars, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Map<String, String> env = pb.environment();
        env.put("SUPABASE_OPS_JAR", jar.toString());
        env.put("SUPABASE_OPS_CDS", cds.toString());
        env.put("SUPABASE_OPS_JAVA_OPTS", javaOpts);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(vars);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** The class-data archives and AOT caches in the launcher's folder (also holding its state and directives). */
    private static List<Path> archives(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.filter(f -> !f.getFileName().toString().startsWith("launch.state")
                    && !f.getFileName().toString().endsWith(".json")).sorted().toList();
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

        // Once the first run has worked out java's path and the archive's key, later runs start no
        // program before java: with nothing on the PATH they still find and map the same archive.
        Path noPrograms = Files.createDirectory(dir.resolve("empty-path"));
        Run bare = run(jar, cds, sharedOnly(), Map.of("PATH", noPrograms.toString()), "migrations", "list", "--env", "nope");
        assertThat(bare.code()).as(bare.err()).isEqualTo(2);
        assertThat(bare.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
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
        assertThat(log).contains("dev.supabaseops.cli.Main source: shared objects file") // "(top)" on JDK 17: the dynamic archive
                .contains("picocli.CommandLine source: shared objects file") // compiled from source: archivable
                .doesNotContain("dev.supabaseops.cli.Main source: jar");
        Files.delete(dir.resolve("classes.log"));
    }

    /** A C2 (level 4) compilation in -XX:+PrintCompilation output: its method. */
    private static final Pattern C2_COMPILE = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+(\\S+)", Pattern.MULTILINE);

    private static List<String> c2Compiled(String printCompilation) {
        return C2_COMPILE.matcher(printCompilation).results().map(m -> m.group(1)).toList();
    }

    /** A compilation at level 3 (C1 with full profiling) in -XX:+PrintCompilation output. */
    private static final Pattern TIER3_COMPILE = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*3\\s+\\S+", Pattern.MULTILINE);

    private static long tier3Compiles(String printCompilation) {
        return TIER3_COMPILE.matcher(printCompilation).results().count();
    }

    @Test
    void storageCommandsLeaveOnlyTheDigestCodeToC2AndSayNothingAboutIt() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        Path cds = dir.resolve("cds");
        try (LocalStorageServer server = LocalStorageServer.start()) {
            server.createBucket("media");
            server.putGeneratedObject("media", "big.bin", 48L << 20, 7); // enough hashing for C2 to compile SHA-256
            Map<String, String> vars = Map.of("SUPABASE_PROD_URL", server.url(), "SUPABASE_PROD_SERVICE_ROLE_KEY", server.serviceKey());

            Path classes = dir.resolve("storage-classes.log");
            Run first = run(jar, cds, "-Xlog:class+load=info:file=" + classes, vars, "backup-storage", "--env", "prod", "--out", "b1");
            assertThat(first.code()).as(first.err()).isZero();
            // declared through CommandSpecs: no annotation read, so no proxy class generated for one
            assertThat(Files.readString(classes)).contains("dev.supabaseops.cli.BackupStorageCommand ")
                    .doesNotContain("__dynamic_proxy__");
            // downloads go through the JDK's client: neither OkHttp nor Kotlin in a backup or its archive
            assertThat(Files.readString(classes)).contains("dev.supabaseops.storage.StorageClient$Downloaded ")
                    .doesNotContain("okhttp3.").doesNotContain(" kotlin.");
            // no serializable lambda (Comparator.comparing's), which the archive could not hold
            assertThat(Files.readString(classes)).doesNotContain("java.util.Comparator$$Lambda");
            assertThat(first.out()).as("no JVM message among the command's output")
                    .doesNotContain("compiler directives").doesNotContain("Excluding");
            assertThat(Files.readString(cds.resolve("c2-digests-only-1.json"))).contains("sun/security/provider/*.*");

            // SUPABASE_OPS_JAVA_OPTS come last, so they can turn the JVM's own output back on
            String show = "-XX:+DisplayVMOutput -XX:+PrintCompilation -XX:+PrintFlagsFinal";
            Run ours = run(jar, cds, show, vars, "backup-storage", "--env", "prod", "--out", "b2", "--no-incremental");
            assertThat(ours.code()).as(ours.err()).isZero();
            // a young generation of at least 16 MB, so that a capped heap does not collect in a short run
            assertThat(ours.out()).containsPattern("size_t NewSize\\s+= 16777216\\s+\\{product\\} \\{command line\\}");
            // the heap in transparent huge pages where the kernel has them (and not asked for where it has not)
            boolean thp = Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            assertThat(ours.out()).containsPattern("bool UseTransparentHugePages\\s+= " + thp + "\\s+\\{product\\} \\{"
                    + (thp ? "command line" : "default") + "\\}");
            assertThat(ours.out()).contains("2 compiler directives added");
            List<String> c2 = c2Compiled(ours.out());
            assertThat(c2).as("SHA-256 still compiled by C2 (its intrinsic)").contains("sun.security.provider.SHA2::implCompress0");
            assertThat(c2).allMatch(m -> m.startsWith("sun.security.provider."));

            // the same run with plain java: C2 compiles much else, so the check above can fail
            Run plain = run(jar, Path.of("off"), "-XX:+PrintCompilation", vars, "backup-storage", "--env", "prod",
                    "--out", "b3", "--no-incremental");
            assertThat(plain.code()).as(plain.err()).isZero();
            assertThat(c2Compiled(plain.out())).anyMatch(m -> !m.startsWith("sun.security.provider."));
            // and the launcher skips C1's profiled tier, which only fed a C2 that may not compile
            assertThat(tier3Compiles(plain.out())).as("plain java profiles in C1").isGreaterThan(200);
            assertThat(tier3Compiles(ours.out())).as("level-3 compilations through the launcher")
                    .isLessThan(tier3Compiles(plain.out()) / 10);
        }
    }

    /**
     * The CLI lets the JDK's HTTP client keep as many idle connections as --parallel can use (its
     * default keeps 5 per host): 48 objects downloaded 8 at a time travel over at most 8
     * connections. With the JDK's default, the same run opens more, which shows the count can fail.
     */
    @Test
    void downloadsAboveFiveInParallelKeepTheirConnections() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        try (LocalStorageServer server = LocalStorageServer.start()) {
            server.createBucket("many");
            for (int i = 0; i < 48; i++) {
                server.putObject("many", "o" + i, ("object " + i).getBytes(StandardCharsets.UTF_8));
            }
            server.clearRequests();
            Map<String, String> vars = Map.of("SUPABASE_PROD_URL", server.url(), "SUPABASE_PROD_SERVICE_ROLE_KEY", server.serviceKey());
            Run kept = run(jar, Path.of("off"), "", vars, "backup-storage", "--env", "prod", "--out", "k1", "--parallel", "8");
            assertThat(downloadConnections(server, kept)).isBetween(1L, 8L);
            assertThat(kept.out() + kept.err()).as("no hint about a setting the CLI makes").doesNotContain("http.maxConnections");
            assertThat(downloadConnections(server, run(jar, Path.of("off"), "-Dhttp.maxConnections=5", vars, "backup-storage",
                    "--env", "prod", "--out", "k2", "--parallel", "8"))).isGreaterThan(8L);
        }
    }

    /** Objects are streamed to disk: two of four times the heap each, at once, under -Xmx8m. */
    @Test
    void objectsLargerThanTheHeapAreStreamedToDisk() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        byte[] big = new byte[32 << 20];
        new java.util.Random(7).nextBytes(big);
        try (LocalStorageServer server = LocalStorageServer.start()) {
            server.createBucket("big");
            server.putObject("big", "one.bin", big);
            server.putObject("big", "two.bin", big);
            Map<String, String> vars = Map.of("SUPABASE_PROD_URL", server.url(), "SUPABASE_PROD_SERVICE_ROLE_KEY", server.serviceKey());
            Run r = run(jar, Path.of("off"), "-Xmx8m", vars, "backup-storage", "--env", "prod", "--out", "b", "--parallel", "2");
            assertThat(r.code()).as(r.err()).isZero();
            Path backup;
            try (Stream<Path> s = Files.list(dir.resolve("b/prod-local"))) {
                backup = s.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
            assertThat(Files.readString(backup.resolve("_backup_metadata.json"))).contains(sha);
            Path expected = Files.write(dir.resolve("expected.bin"), big);
            for (String name : List.of("one.bin", "two.bin")) {
                assertThat(Files.mismatch(backup.resolve("big/" + name), expected)).as(name).isEqualTo(-1L);
            }
        }
    }

    /**
     * The CLI skips asking java.util.logging whether the JDK would log a request's headers (the key
     * among them) unless a logging configuration is given; one that turns the JDK's HTTP log up is
     * refused before any request, one that does not runs.
     */
    @Test
    void aLoggingConfigurationThatWouldLogTheKeyIsRefusedInOneLine() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        try (LocalStorageServer server = LocalStorageServer.start()) {
            server.createBucket("b");
            server.putObject("b", "o", "object".getBytes(StandardCharsets.UTF_8));
            server.clearRequests();
            Map<String, String> vars = Map.of("SUPABASE_PROD_URL", server.url(), "SUPABASE_PROD_SERVICE_ROLE_KEY", server.serviceKey());
            String console = "handlers=java.util.logging.ConsoleHandler\njava.util.logging.ConsoleHandler.level=ALL\n";
            Path fine = Files.writeString(dir.resolve("fine.properties"), console + "sun.net.www.protocol.http.level=FINE\n");
            Run refused = run(jar, Path.of("off"), "-Djava.util.logging.config.file=" + fine, vars,
                    "backup-storage", "--env", "prod", "--out", "f");
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                    .contains("sun.net.www.protocol.http.HttpURLConnection at FINE").contains("to INFO");
            assertThat(refused.out() + refused.err()).doesNotContain(server.serviceKey());
            assertThat(server.requests()).isEmpty();

            Path info = Files.writeString(dir.resolve("info.properties"), console + "sun.net.www.protocol.http.level=INFO\n");
            Run ok = run(jar, Path.of("off"), "-Djava.util.logging.config.file=" + info, vars, "backup-storage", "--env", "prod", "--out", "i");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out() + ok.err()).doesNotContain(server.serviceKey());
        }
    }

    private static long downloadConnections(LocalStorageServer server, Run backup) {
        assertThat(backup.code()).as(backup.err()).isZero();
        List<LocalStorageServer.RecordedRequest> downloads = server.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().startsWith("/object/many/")).toList();
        assertThat(downloads).hasSize(48);
        server.clearRequests();
        return downloads.stream().map(LocalStorageServer.RecordedRequest::clientPort).distinct().count();
    }

    /** A JDK 25 or later on this machine (Temurin's comes with it): the launcher's AOT-cache path. */
    private static Path jdk25() throws IOException {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            homes.addAll(jvms.sorted().toList());
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
                    return home;
                }
            }
        }
        throw new AssertionError("no JDK 25+ under /usr/lib/jvm: the launcher's AOT-cache path cannot be tested");
    }

    @Test
    void onJdk25TheArchiveIsAnAotCacheMadeOnceAndUsedSilently() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        Path cds = dir.resolve("cds");
        Map<String, String> jdk = Map.of("JAVA_HOME", jdk25().toString());

        Run first = run(jar, cds, "", jdk, "migrations", "list", "--env", "nope");
        assertThat(first.code()).isEqualTo(2);
        assertThat(first.out()).as("recording and writing the cache say nothing on stdout").isEmpty();
        assertThat(first.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        List<Path> made = archives(cds);
        assertThat(made).hasSize(1);
        assertThat(made.get(0).getFileName().toString()).startsWith("migrations-").endsWith(".aot");

        // -XX:AOTMode=on: the JVM uses the cache or refuses to start
        Run second = run(jar, cds, "-XX:AOTMode=on -Xlog:class+load=info:file=" + dir.resolve("classes.log"), jdk,
                "migrations", "list", "--env", "nope");
        assertThat(second.code()).as(second.err()).isEqualTo(2);
        assertThat(second.out()).isEmpty();
        assertThat(second.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        assertOurClassesCameFromTheArchive();
        assertThat(archives(cds)).isEqualTo(made);
    }

    @Test
    void anotherJdkBehindTheSameJavaPathIsNoticed() throws Exception {
        Path jar = Path.of("target", "supabase-ops.jar").toAbsolutePath();
        Path cds = dir.resolve("cds");
        // JAVA_HOME/bin/java a link, as /usr/bin/java is to the alternatives' choice
        Path home = dir.resolve("jdk");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Path jdk17 = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Path newer = jdk25().resolve("bin/java").toRealPath();
        assertThat(Files.getLastModifiedTime(newer)).as("the two JDKs' java have different times")
                .isNotEqualTo(Files.getLastModifiedTime(jdk17));
        Files.createSymbolicLink(java, jdk17);
        Map<String, String> vars = Map.of("JAVA_HOME", home.toString());

        Run first = run(jar, cds, "", vars, "migrations", "list", "--env", "nope");
        assertThat(first.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        assertThat(archives(cds)).singleElement().satisfies(a -> assertThat(a.toString()).endsWith(".jsa"));

        // the same path, now JDK 25: the launcher makes that JDK's own kind of archive, an AOT cache
        Files.delete(java);
        Files.createSymbolicLink(java, newer);
        Run after = run(jar, cds, "", vars, "migrations", "list", "--env", "nope");
        assertThat(after.code()).isEqualTo(2);
        assertThat(after.out()).isEmpty();
        assertThat(after.err().strip()).startsWith(UNKNOWN_ENV).doesNotContain("\n");
        assertThat(archives(cds)).hasSize(2).anyMatch(a -> a.toString().endsWith(".aot"));
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
