package dev.supabaseops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supabaseops.cli.Main;
import dev.supabaseops.core.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the promotion the way {@code Jenkinsfile.example} does, command by command, through the
 * real CLI (in-process), and reports each stage with the counts the commands returned.
 */
public final class Demo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path requestedDir;
    private final boolean keep;
    private final PrintStream out;
    private final ObjectNode summary = JSON.createObjectNode();
    private final List<String> summaryLines = new ArrayList<>();
    private DemoWorld world;
    private Path project;
    private int stage;

    /** @param report where the stage-by-stage report goes (stderr under --json, so stdout stays JSON) */
    public Demo(Path dir, boolean keep, PrintStream report) {
        this.requestedDir = dir;
        this.keep = keep || dir != null;
        this.out = report;
    }

    public int run() throws IOException {
        long start = System.nanoTime();
        project = requestedDir != null ? requestedDir : Files.createTempDirectory("supabase-ops-demo");
        out.println("supabase-ops demo: a Supabase promotion on this machine (no account, no Docker, no Jenkins)");
        out.println();
        out.println("Starting two PostgreSQL servers shaped like Supabase projects and a Storage API for each…");
        world = DemoWorld.start(project);
        out.println("  preprod  " + world.env.get("SUPABASE_PREPROD_DB_URL") + "  storage " + world.preprodStorage.url());
        out.println("  prod     " + world.env.get("SUPABASE_PROD_DB_URL") + "  storage " + world.prodStorage.url() + "  (protected)");
        out.println("  project  " + project + "  (4 migrations; both environments are at release 2,");
        out.println("           preprod has new config rows and images made by the product team)");
        try {
            boolean ok = stage("Plan: what the release manager reviews at the approval gate",
                    text("push", "--env", "prod", "--dry-run"),
                    text("sync-data", "--from", "preprod", "--to", "prod", "--dry-run"))
                    && stage("Preprod: push migrations", json("push", "--env", "preprod"))
                    && stage("Preprod: health gate", json("health-gate", "--env", "preprod", "--timeout", "0"))
                    && approvalGate()
                    && stage("Prod: back up storage before changing anything", json("backup-storage", "--env", "prod"))
                    && stage("Prod: push migrations", json("push", "--env", "prod", "--confirm", "prod"))
                    && stage("Prod: sync config tables from preprod (URLs rewritten)",
                    json("sync-data", "--from", "preprod", "--to", "prod", "--confirm", "prod"))
                    && stage("Prod: sync storage bucket plan-images from preprod",
                    json("sync-storage", "--from", "preprod", "--to", "prod", "--buckets", "plan-images", "--confirm", "prod"))
                    && stage("Prod: health gate", json("health-gate", "--env", "prod", "--timeout", "0",
                    "--junit", "reports/health-prod.xml"))
                    && stage("Re-run: a second sync finds nothing to change",
                    json("sync-data", "--from", "preprod", "--to", "prod", "--confirm", "prod"));
            out.println();
            if (!ok) {
                out.println("The demo stopped at a failed stage (see above).");
                return 1;
            }
            out.println("Summary (" + String.format("%.1f s", (System.nanoTime() - start) / 1e9) + ")");
            summaryLines.forEach(l -> out.println("  " + l));
            nextSteps();
            return 0;
        } finally {
            if (!keep) {
                world.close();
                deleteTree(project);
            }
        }
    }

    public JsonNode summary() {
        return summary;
    }

    /** After {@code --keep}: servers stay up until the JVM is interrupted (Ctrl-C). */
    public void serveUntilInterrupted() throws IOException {
        // The variables hold the local stand-ins' service keys: they go to a file only its owner can
        // read, never to the terminal or a log.
        Path envFile = project.resolve(".demo/env.sh");
        Files.createDirectories(envFile.getParent());
        StringBuilder lines = new StringBuilder("# supabase-ops demo: variables for the running local servers\n");
        world.env.forEach((k, v) -> lines.append("export ").append(k).append("='").append(v).append("'\n"));
        Files.writeString(envFile, lines);
        try {
            Files.setPosixFilePermissions(envFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the file stays in the user's own folder
        }
        out.println();
        out.println("The servers keep running until Ctrl-C. In another terminal:");
        out.println("  cd " + project + " && . .demo/env.sh");
        out.println("  java -jar <path to>/supabase-ops.jar sync-data --from preprod --to prod --dry-run");
        Thread hook = new Thread(world::close);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            // Interrupted inside a host process (tests, an IDE): stop the servers now, not at exit.
            Runtime.getRuntime().removeShutdownHook(hook);
            world.close();
        }
    }

    private record Command(String[] args, boolean json) {
    }

    private static Command text(String... args) {
        return new Command(args, false);
    }

    private static Command json(String... args) {
        return new Command(args, true);
    }

    private boolean stage(String title, Command... commands) {
        stage++;
        out.println();
        out.println("[" + stage + "] " + title);
        for (Command c : commands) {
            String[] args = c.json() ? append(c.args(), "--json") : c.args();
            out.println("  $ supabase-ops " + String.join(" ", c.args()));
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int code;
            try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                 PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
                code = Main.run(args, world.env, project, po, pe);
            }
            String stdout = o.toString(StandardCharsets.UTF_8);
            String stderr = e.toString(StandardCharsets.UTF_8);
            if (!c.json()) {
                indent(stdout);
            }
            if (code != 0) {
                indent(stderr);
                if (c.json()) {
                    indent(stdout);
                }
                out.println("  ✗ exit " + code);
                return false;
            }
            if (c.json()) {
                try {
                    String line = DemoSummaries.describe(c.args(), JSON.readTree(stdout), summary);
                    out.println("  ✓ " + line);
                    String command = String.join(" ", c.args()).replaceAll(" --(confirm|junit|timeout) \\S+", "");
                    summaryLines.add(String.format("%-47s %s", command, line));
                } catch (IOException ex) {
                    out.println("  ✓ done");
                }
            }
        }
        return true;
    }

    private boolean approvalGate() {
        stage++;
        out.println();
        out.println("[" + stage + "] Approval gate");
        out.println("  In Jenkins an `input` step waits here for a release manager (submitter group, timeout),");
        out.println("  with the plan from stage 1 attached. The demo approves and goes on to prod.");
        return true;
    }

    private void nextSteps() {
        out.println();
        out.println("Try next:");
        out.println("  java -jar cli/target/supabase-ops.jar demo --dir demo-project --keep   # keep the project and servers, then:");
        out.println("  java -jar cli/target/supabase-ops.jar push --env prod --dry-run");
        out.println("  java -jar cli/target/supabase-ops.jar sync-data --from preprod --to prod --dry-run");
        out.println("  java -jar cli/target/supabase-ops.jar backup-storage --env prod && java -jar cli/target/supabase-ops.jar backup-storage --verify backups/storage/prod-demoprod");
        out.println("  java -jar cli/target/supabase-ops.jar health-gate --env prod --junit health.xml");
        out.println("Docs: README.md, docs/promotion-guide.md; a pipeline: Jenkinsfile.example");
    }

    private void indent(String text) {
        text.lines().forEach(l -> out.println("    " + Redactor.redact(l)));
    }

    private static String[] append(String[] a, String extra) {
        String[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = extra;
        return b;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
