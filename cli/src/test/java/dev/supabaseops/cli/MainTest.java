package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path dir;

    private CliContext context() {
        return new CliContext(Map.of(), dir, System.out, System.err);
    }

    @Test
    void unknownCommandIsUsageErrorOnOneLine() {
        Cli.Result r = Cli.run(Map.of(), dir, "frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(Cli.run(Map.of(), dir, "--version").out()).startsWith("supabase-ops ");
        Cli.Result help = Cli.run(Map.of(), dir, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:");
    }

    @Test
    void everyCommandAnswersHelpWithItsExitCodes() {
        picocli.CommandLine root = Main.commandLine(context(), Main.COMMANDS);
        java.util.List<String[]> commands = new java.util.ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            if (sub.getSubcommands().isEmpty()) {
                commands.add(new String[]{name, "--help"});
            } else {
                sub.getSubcommands().keySet().forEach(child -> commands.add(new String[]{name, child, "--help"}));
            }
        });
        assertThat(commands).hasSizeGreaterThanOrEqualTo(9);
        for (String[] args : commands) {
            Cli.Result r = Cli.run(Map.of(), dir, args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: supabase-ops " + args[0]);
            if (args[0].equals("help")) {
                continue; // picocli's help command has no --version
            }
            args[args.length - 1] = "--version"; // offered by every command's help: it prints the tool's version
            Cli.Result v = Cli.run(Map.of(), dir, args);
            assertThat(v.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(v.out()).as(String.join(" ", args)).startsWith("supabase-ops ");
        }
    }

    @Test
    void noOptionNeedsAConverterTheCliLeavesOut() {
        picocli.CommandLine root = Main.commandLine(context(), Main.COMMANDS);
        java.util.List<String> needing = new java.util.ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
        while (!todo.isEmpty()) {
            picocli.CommandLine cl = todo.pop();
            todo.addAll(cl.getSubcommands().values());
            for (picocli.CommandLine.Model.ArgSpec arg : cl.getCommandSpec().args()) {
                for (Class<?> type : arg.auxiliaryTypes()) {
                    if (type.getName().matches(Main.UNUSED_CONVERTERS) && arg.converters().length == 0) {
                        needing.add(cl.getCommandName() + " " + arg.paramLabel() + ": " + type.getName());
                    }
                }
            }
        }
        assertThat(needing).as("options whose type needs a converter main() tells picocli to skip").isEmpty();
        assertThat("java.time.Duration").matches(Main.UNUSED_CONVERTERS); // the pattern does match such a type
    }

    @Test
    void buildsOnlyTheNamedCommandButAllForHelpAndTypos() {
        assertThat(Main.commandsFor(new String[]{"sync-data", "--help"})).containsExactly("sync-data");
        List<String> all = Main.COMMANDS;
        assertThat(all).hasSize(8);
        assertThat(Main.commandsFor(new String[]{"help", "push"})).isEqualTo(all);
        assertThat(Main.commandsFor(new String[]{"pushh"})).isEqualTo(all);
        assertThat(Main.commandsFor(new String[0])).isEqualTo(all);
        // the name a command is found by is the name picocli gives it
        assertThat(Main.commandLine(context(), Main.COMMANDS).getSubcommands().keySet()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("help"), all.stream()).toList());
        Cli.Result help = Cli.run(Map.of(), dir, "help", "push");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: supabase-ops push");
        Cli.Result overview = Cli.run(Map.of(), dir, "--help");
        assertThat(overview.exitCode()).isZero();
        assertThat(overview.out()).containsSubsequence("Commands:", "  help ", "  push ", "  demo ");
        Cli.Result named = Cli.run(Map.of(), dir, "push", "--help"); // only push is built: no help command
        assertThat(named.exitCode()).isZero();
        assertThat(named.out()).contains("Usage: supabase-ops push");
        Cli.Result typo = Cli.run(Map.of(), dir, "pushh");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("push"); // picocli's suggestion needs every command registered
    }
}
