package dev.supabaseops.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Supabase CLI (npm package {@code supabase}, pinned in tools/package.json) run as a
 * peer against a plain PostgreSQL URL. Missing binary = failure, never a skip.
 */
final class SupabaseCli {
    final Path binary;
    final Path project;
    final Path home;

    SupabaseCli(Path project) throws IOException {
        this.binary = locate();
        this.project = project;
        this.home = Files.createDirectories(project.resolve(".home"));
        Files.createDirectories(project.resolve("supabase/migrations"));
        Files.writeString(project.resolve("supabase/config.toml"), "project_id = \"compat\"\n");
    }

    static Path locate() {
        String fromEnv = System.getenv("SUPABASE_CLI");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("tools/node_modules/.bin/supabase");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("the Supabase CLI is not installed: run `npm install --prefix tools --no-audit --no-fund` at the "
                + "repository root (README set-up), or set SUPABASE_CLI to the binary");
    }

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
        Map<String, String> env = pb.environment();
        // No telemetry, no update check: the tests talk to loopback only.
        env.put("DO_NOT_TRACK", "1");
        env.put("SUPABASE_TELEMETRY_DISABLED", "1");
        env.put("SUPABASE_NO_UPDATE_NOTIFIER", "1");
        env.put("HOME", home.toString());
        Path out = Files.createTempFile(project, "out", ".txt");
        Path err = Files.createTempFile(project, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("supabase " + String.join(" ", args) + " timed out");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A postgresql:// URL the CLI accepts for the local test server (trust auth; no TLS). */
    static String url(String pgUrl, String password) {
        return pgUrl.replace("postgresql://postgres@", "postgresql://postgres:" + password + "@") + "?sslmode=disable";
    }

    Run push(String url) throws IOException, InterruptedException {
        return run("db", "push", "--remote=" + url, "--yes");
    }

    /** {@code supabase migration list} as (local, remote) pairs. */
    List<String[]> list(String url) throws IOException, InterruptedException {
        Run r = run("migration", "list", "--remote=" + url, "--output-format", "json");
        if (r.exit() != 0) {
            fail("supabase migration list failed: " + r.err());
        }
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<String[]> rows = new ArrayList<>();
        for (JsonNode n : root.path("migrations")) {
            rows.add(new String[]{n.path("local").asText(), n.path("remote").asText()});
        }
        return rows;
    }
}
