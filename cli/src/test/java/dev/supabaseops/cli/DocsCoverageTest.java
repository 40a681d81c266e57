package dev.supabaseops.cli;

import dev.supabaseops.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 7: every CLI flag and config key that exists is documented; every documented one exists. */
class DocsCoverageTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Where each command's flags are documented (common flags: the README). */
    private static final Map<String, String> PAGES = Map.of(
            "push", "docs/push.md", "migrations", "docs/push.md", "sync-data", "docs/sync-data.md",
            "backup-storage", "docs/storage.md", "restore-storage", "docs/storage.md", "sync-storage", "docs/storage.md",
            "health-gate", "docs/health-gate.md", "demo", "docs/demo.md");
    /** Flags of other tools that the docs mention (the Supabase CLI, npm, Maven, the JVM). */
    private static final Set<String> FOREIGN = Set.of("--remote", "--yes", "--db-url", "--no-audit", "--no-fund",
            "--prefix", "--include-roles", "--include-seed", "--password", "--linked", "--local", "--workdir",
            "--output", "--debug-sql", "--no-transaction", "--data-only");

    @TempDir
    Path dir;

    private static String read(String page) throws IOException {
        return Files.readString(ROOT.resolve(page));
    }

    private static List<CommandLine> commands() {
        CommandLine root = Main.commandLine(new CliContext(Map.of(), Path.of("."), System.out, System.err), Main.COMMANDS);
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!out.contains(sub) && !sub.getCommandName().equals("help")) {
                out.add(sub);
                collect(sub, out);
            }
        }
    }

    private static String top(CommandLine cl) {
        CommandSpec s = cl.getCommandSpec();
        while (s.parent() != null && s.parent().parent() != null) {
            s = s.parent();
        }
        return s.name();
    }

    @Test
    void everyFlagOfEveryCommandIsDocumentedOnItsPage() throws IOException {
        String readme = read("README.md");
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : commands()) {
            String page = PAGES.get(top(cl));
            assertThat(page).as("doc page for " + top(cl)).isNotNull();
            String doc = read(page);
            for (OptionSpec o : cl.getCommandSpec().options()) {
                String name = o.longestName();
                if (name.equals("--help") || name.equals("--version")) {
                    continue;
                }
                boolean common = Set.of("--config", "--json", "--debug").contains(name);
                if (!(common ? readme : doc).contains(name)) {
                    missing.add(cl.getCommandSpec().qualifiedName() + " " + name + " (in " + (common ? "README.md" : page) + ")");
                }
            }
        }
        assertThat(missing).as("flags without documentation").isEmpty();
    }

    @Test
    void everyDocumentedFlagExists() throws IOException {
        Set<String> ours = new TreeSet<>();
        for (CommandLine cl : commands()) {
            cl.getCommandSpec().options().forEach(o -> ours.addAll(List.of(o.names())));
        }
        Pattern code = Pattern.compile("`([^`]+)`");
        Pattern flag = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");
        List<String> unknown = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        for (Path page : pages) {
            for (String line : Files.readAllLines(page)) {
                if (line.contains("supabase db push") || line.contains("npm ") || line.contains("mvn ")) {
                    continue; // other tools' command lines
                }
                Matcher m = code.matcher(line);
                while (m.find()) {
                    Matcher f = flag.matcher(m.group(1));
                    while (f.find()) {
                        String name = f.group(1);
                        if (!ours.contains(name) && !FOREIGN.contains(name)) {
                            unknown.add(ROOT.relativize(page) + ": " + name);
                        }
                    }
                }
            }
        }
        assertThat(unknown).as("documented flags that no command has").isEmpty();
    }

    @Test
    void everyConfigKeyIsDocumentedAndTheReadmeExampleLoads() throws IOException {
        String docs = read("README.md") + read("docs/configuration.md");
        List<String> missing = new ArrayList<>();
        ConfigLoader.ACCEPTED_KEYS.forEach((section, keys) -> keys.forEach(k -> {
            if (!docs.contains(k + ":") && !docs.contains("`" + (section.isEmpty() ? "" : section.replace("*", "<env>") + ".") + k + "`")) {
                missing.add((section.isEmpty() ? "" : section + ".") + k);
            }
        }));
        assertThat(missing).as("config keys without documentation").isEmpty();

        Matcher yaml = Pattern.compile("```yaml\\n(environments:.*?)```", Pattern.DOTALL).matcher(read("README.md"));
        assertThat(yaml.find()).as("README has the configuration example").isTrue();
        Files.writeString(dir.resolve("supabase-ops.yml"), yaml.group(1));
        // Strict loading: a documented key that does not exist fails here.
        assertThat(ConfigLoader.load(null, dir, Map.of()).knownEnvironments()).contains("preprod", "prod");
    }
}
