package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;
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

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: supabase-ops.yml in the working folder, if present).")
    Path configFile;

    @Option(names = "--json", description = "Print the machine-readable result on stdout; progress goes to stderr.")
    boolean json;

    @Option(names = "--debug", description = "Print stack traces (secrets stay masked).")
    boolean debug;

    private OpsConfig config;

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
