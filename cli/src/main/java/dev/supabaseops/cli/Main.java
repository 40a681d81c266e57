package dev.supabaseops.cli;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Redactor;
import dev.supabaseops.core.Version;
import dev.supabaseops.storage.JdkHttpLogging;
import dev.supabaseops.storage.StorageRuns;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code supabase-ops}: parses the command line and maps outcomes to the contract's exit codes. The
 * root and the storage commands are declared through {@link CommandSpecs} (picocli's programmatic
 * API), the other commands with picocli's annotations.
 */
public final class Main implements Runnable {
    /** The command line built around this root: a usage error names it. */
    private CommandLine self;

    /** Every command, in the order --help lists them. Each lives in its own class. */
    static final List<String> COMMANDS = List.of("push", "migrations", "sync-data", "backup-storage", "restore-storage",
            "sync-storage", "health-gate", "demo");

    /** What picocli is given for a command: the storage commands' specs (CommandSpecs), the others' annotated classes. */
    static Object picocliCommand(String name, CliContext ctx) {
        return switch (name) {
            case "push" -> PushCommand.class;
            case "migrations" -> MigrationsCommand.class;
            case "sync-data" -> SyncDataCommand.class;
            case "backup-storage" -> new BackupStorageCommand().spec(ctx);
            case "restore-storage" -> new RestoreStorageCommand().spec(ctx);
            case "sync-storage" -> new SyncStorageCommand().spec(ctx);
            case "health-gate" -> HealthGateCommand.class;
            case "demo" -> DemoCommand.class;
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * The commands to build for this command line: only the one named first when it names one,
     * else all (for --help, help, --version and typos; only then does {@link #commandLine} add
     * picocli's {@code help} command). Picocli reads every option annotation of a command it is
     * given, which for all eight took about a fifth of a second of each run's start; {@code help}
     * alone, 10-40 ms (docs/benchmarks.md).
     */
    static List<String> commandsFor(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]) ? List.of(args[0]) : COMMANDS;
    }

    /**
     * Picocli registers its converters for java.time and java.sql types by reflection, loading and
     * initialising each of those classes (java.time's formatters among them) whether an option uses
     * one or not. None of ours does (MainTest checks), so its documented switch skips them: in a
     * profile of an unchanged backup, ~4% of the main thread's CPU before the command runs.
     */
    static final String UNUSED_CONVERTERS = "java\\.(time|sql)\\..*";

    public static void main(String[] args) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        }
        // Picocli looks up Groovy's Closure class for closure-valued annotations unless told not
        // to: a failed lookup through the whole 7,400-entry jar on every run, for a feature no
        // command here uses (picocli's documented switch, DefaultFactory.loadClosureClass).
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        // Storage downloads go through the JDK's HTTP client, which keeps at most 5 idle connections
        // per host unless told (sun.net.www.http.KeepAliveCache reads http.maxConnections once):
        // with --parallel above 5, most downloads would open a new connection, over https a new TLS
        // session. StorageRuns.KEPT_CONNECTIONS is --parallel's maximum.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(StorageRuns.KEPT_CONNECTIONS));
        }
        // No code in this JVM changes java.util.logging: the storage commands need not start it to
        // learn whether the JDK would log their key (JdkHttpLogging).
        JdkHttpLogging.configuredOnlyByProperties();
        WarmUp.start(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, System.getenv(), Path.of("").toAbsolutePath(), out, err);
        System.exit(code);
    }

    /** Runs one command in-process; tests call this with their own environment and streams. */
    public static int run(String[] args, Map<String, String> env, Path workDir, PrintStream out, PrintStream err) {
        CliContext ctx = new CliContext(env, workDir, out, err);
        CommandLine cl = commandLine(ctx, commandsFor(args));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + Redactor.redact(ex.getMessage()) + " (see "
                    + ex.getCommandLine().getCommandName() + " --help)");
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof OpsException ops) {
                err.println("error: " + ops.getMessage());
                if (ctx.debug()) {
                    ops.printStackTrace(err);
                }
                return ops.exitCode().code();
            }
            err.println("error: unexpected " + ex.getClass().getSimpleName() + ": "
                    + Redactor.redact(String.valueOf(ex.getMessage())));
            if (ctx.debug()) {
                new OpsException(ExitCode.FAILED, "trace", ex).printStackTrace(err);
            }
            return ExitCode.FAILED.code();
        });
        return cl.execute(args);
    }

    /** The root command with these commands under it (and picocli's {@code help} when there are several). */
    static CommandLine commandLine(CliContext ctx, List<String> commands) {
        Main main = new Main();
        CommandSpec root = CommandSpecs.command(main, "supabase-ops", true,
                new String[]{"Supabase promotion for pipelines: migrations, config data, storage backups, health gates."},
                "0:done", "1:the operation failed", "2:bad usage or configuration", "3:refused by a safety rule");
        root.versionProvider(new VersionProvider());
        CommandLine cl = new CommandLine(CommandSpecs.standardHelp(root), new ContextFactory(ctx));
        main.self = cl;
        if (commands.size() > 1) {
            cl.addSubcommand(CommandLine.HelpCommand.class); // first, where --help has always listed it
        }
        for (String name : commands) {
            cl.addSubcommand(picocliCommand(name, ctx));
        }
        versionEverywhere(cl); // each command's -V/--version prints the tool's version, as the top level's does
        return cl;
    }

    private static void versionEverywhere(CommandLine cl) {
        cl.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().versionProvider(new VersionProvider());
            versionEverywhere(sub);
        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(self, "a command is required");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"supabase-ops " + Version.get()};
        }
    }

    /** Hands the shared context to every command instance picocli creates. */
    private record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof OpsCommand c) {
                c.context = ctx;
            }
            return instance;
        }
    }
}
