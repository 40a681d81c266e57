package dev.supabaseops.cli;

import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.config.OpsConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a command needs from the outside world: environment, working folder and output streams. */
public final class CliContext {
    private final Map<String, String> env;
    private final Path workDir;
    private final PrintStream out;
    private final PrintStream err;
    private boolean debug;

    CliContext(Map<String, String> env, Path workDir, PrintStream out, PrintStream err) {
        this.env = env;
        this.workDir = workDir;
        this.out = out;
        this.err = err;
    }

    public Map<String, String> env() {
        return env;
    }

    public Path workDir() {
        return workDir;
    }

    /** Results: text or JSON. */
    public PrintStream out() {
        return out;
    }

    /** Progress, warnings and errors, so that {@code --json} keeps stdout machine-readable. */
    public PrintStream err() {
        return err;
    }

    public boolean debug() {
        return debug;
    }

    void debug(boolean on) {
        this.debug = on;
    }

    public OpsConfig loadConfig(Path configFile) {
        return ConfigLoader.load(configFile, workDir, env);
    }

    /** Resolves a user-given path against the working folder. */
    public Path path(String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : workDir.resolve(path).normalize();
    }
}
