package dev.supabaseops.cli;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;

import java.io.PrintStream;

/**
 * Prints progress to stderr: a redrawn bar on a terminal, a plain line at most every few seconds
 * otherwise (a Jenkins log must not get a line per object).
 */
final class ConsoleListener implements ProgressListener {
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private final PrintStream err;
    private final boolean terminal;
    private long lastLine;
    private boolean barShown;

    ConsoleListener(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void info(String message) {
        clearBar();
        err.println(Redactor.redact(message));
    }

    @Override
    public synchronized void warn(String message) {
        clearBar();
        err.println("warning: " + Redactor.redact(message));
    }

    @Override
    public synchronized void progress(String task, long done, long total, String unit) {
        long now = System.nanoTime();
        boolean finished = total >= 0 && done >= total;
        if (terminal) {
            // concatenation, not String.format: java.util.Formatter's first use loads locale data
            String text = total > 0
                    ? bar(done, total) + " " + Amounts.progress(done, total, unit) + " " + task
                    : task + " " + Amounts.progress(done, total, unit);
            err.print("\r" + text + "\u001b[K");
            barShown = true;
            if (finished) {
                clearBar();
            }
        } else if (finished || now - lastLine >= LINE_INTERVAL_NANOS) {
            lastLine = now;
            err.println(task + ": " + Amounts.progress(done, total, unit));
        }
    }

    private static String bar(long done, long total) {
        int width = 24;
        int filled = (int) Math.min(width, done * width / Math.max(1, total));
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r\u001b[K");
            barShown = false;
        }
    }
}
