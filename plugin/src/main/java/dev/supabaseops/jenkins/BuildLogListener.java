package dev.supabaseops.jenkins;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;

import java.io.PrintStream;

/**
 * The engine's progress as plain build-log lines, prefixed with the step name. Progress is written at
 * most every few seconds (and when a task completes): a build log must not get a line per object.
 * Every line goes through {@link Redactor} even though the engine already redacts: the log is public
 * to everyone who may read the build.
 */
final class BuildLogListener implements ProgressListener {
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private final PrintStream log;
    private final String prefix;
    private long lastProgressLine;

    BuildLogListener(PrintStream log, String stepName) {
        this.log = log;
        this.prefix = "[" + stepName + "] ";
    }

    @Override
    public synchronized void info(String message) {
        log.println(prefix + Redactor.redact(message));
    }

    @Override
    public synchronized void warn(String message) {
        log.println(prefix + "WARNING: " + Redactor.redact(message));
    }

    @Override
    public synchronized void progress(String task, long done, long total, String unit) {
        long now = System.nanoTime();
        boolean finished = total >= 0 && done >= total;
        if (finished || now - lastProgressLine >= LINE_INTERVAL_NANOS) {
            lastProgressLine = now;
            log.println(prefix + Redactor.redact(task + ": " + Amounts.progress(done, total, unit)));
        }
    }
}
