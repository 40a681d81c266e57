package dev.supabaseops.jenkins;

import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;
import dev.supabaseops.core.Secret;
import hudson.AbortException;
import hudson.model.TaskListener;
import jenkins.security.MasterToSlaveCallable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A step's work, run on the agent that holds the workspace ({@code FilePath.act}): loads the
 * configuration from the workspace exactly as the CLI does from its working folder, with the
 * build's environment plus the bound credentials as the variables, calls the engine, and returns
 * its result as a Map. Engine failures become {@link AbortException}: the build fails with the
 * engine's one-line, redacted reason and no stack trace, like the CLI's {@code error:} line.
 */
public abstract class OpsCallable extends MasterToSlaveCallable<Map<String, Object>, IOException> {
    private static final long serialVersionUID = 1L;

    private final String stepName;
    private final HashMap<String, String> env;
    private final HashSet<String> secretVariables;
    private final String workspace;
    private final String configFile;
    private final TaskListener listener;

    protected OpsCallable(Invocation invocation) {
        this.stepName = invocation.stepName();
        // HashMap/HashSet, not Map.copyOf: plain JDK collections cross remoting without surprises.
        this.env = new HashMap<>(invocation.env());
        this.secretVariables = new HashSet<>(invocation.secretVariables());
        this.workspace = invocation.workspace();
        this.configFile = invocation.configFile();
        this.listener = invocation.listener();
    }

    /** What every step's work needs besides its own arguments. */
    public record Invocation(String stepName, Map<String, String> env, Set<String> secretVariables,
                             String workspace, String configFile, TaskListener listener) {
    }

    @Override
    public final Map<String, Object> call() throws IOException {
        // Register the bound secrets in this JVM (the agent's) so every message and log line masks them.
        secretVariables.forEach(v -> Secret.ofNullable(env.get(v)));
        Path workDir = Path.of(workspace);
        ProgressListener log = new BuildLogListener(listener.getLogger(), stepName);
        try {
            OpsConfig config = ConfigLoader.load(configFile == null || configFile.isBlank() ? null : Path.of(configFile),
                    workDir, env);
            return Results.toMap(execute(config, log));
        } catch (OpsException e) {
            throw new AbortException(stepName + ": " + e.getMessage() + " (exit code " + e.exitCode().code() + ")");
        } catch (RuntimeException e) {
            // Unexpected: keep the type for diagnosis but never an unredacted message.
            throw new AbortException(stepName + ": unexpected " + e.getClass().getSimpleName() + ": "
                    + Redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** Calls the engine; returns its result record (turned into a Map by {@link Results}). */
    protected abstract Object execute(OpsConfig config, ProgressListener log);

    protected String stepName() {
        return stepName;
    }
}
