package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Base of every command: the common flags ({@code --config}, {@code --json}, {@code --debug}) and output helpers. */
public abstract class OpsCommand implements Callable<Integer> {
    /** The --json printer, built on first use: Jackson's start-up is a noticeable part of a short run's wall time. */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    CliContext context;

    // The texts are constants for the commands declared through CommandSpecs, which add these options too.
    static final String CONFIG_HELP = "Configuration file (default: supabase-ops.yml in the working folder, if present).";
    static final String JSON_HELP = "Print the machine-readable result on stdout; progress goes to stderr.";
    static final String DEBUG_HELP = "Print stack traces (secrets stay masked).";

    @Option(names = "--config", paramLabel = "FILE", description = CONFIG_HELP)
    Path configFile;

    @Option(names = "--json", description = JSON_HELP)
    boolean json;

    @Option(names = "--debug", description = DEBUG_HELP)
    boolean debug;

    private OpsConfig config;

    /**
     * For a command declared through {@link CommandSpecs}: its spec, with the common options first
     * (where annotations put a superclass's), and this command in the given context.
     */
    CommandSpec commandSpec(CliContext ctx, String name, String[] description, String... exitCodes) {
        this.context = ctx;
        CommandSpec spec = CommandSpecs.command(this, name, false, description, exitCodes);
        spec.addOption(CommandSpecs.path("--config", "FILE", CONFIG_HELP, () -> configFile, v -> configFile = v));
        spec.addOption(CommandSpecs.flag("--json", JSON_HELP, () -> json, v -> json = v));
        spec.addOption(CommandSpecs.flag("--debug", DEBUG_HELP, () -> debug, v -> debug = v));
        return spec;
    }

    @Override
    public final Integer call() throws Exception {
        context.debug(debug);
        return execute();
    }

    /** Does the work; returns the exit code. Expected failures throw {@link OpsException}. */
    protected abstract int execute() throws Exception;

    protected CliContext ctx() {
        return context;
    }

    protected OpsConfig config() {
        if (config == null) {
            config = context.loadConfig(configFile);
        }
        return config;
    }

    protected boolean json() {
        return json;
    }

    /** Progress and warnings on stderr as plain lines (Jenkins logs) — already redacted. */
    protected ProgressListener listener() {
        return new ConsoleListener(context.err(), System.console() != null && !json);
    }

    /** Prints a result record as JSON on stdout. */
    protected void printJson(Object result) {
        try {
            context.out().println(Redactor.redact(Json.MAPPER.writeValueAsString(result)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints a line of the text report on stdout. */
    protected void println(String line) {
        context.out().println(Redactor.redact(line));
    }

    /** Prints a report of many lines in one write: one redaction pass and one flush, not one per line. */
    protected void println(List<String> lines) {
        if (!lines.isEmpty()) {
            println(String.join(System.lineSeparator(), lines));
        }
    }
}
