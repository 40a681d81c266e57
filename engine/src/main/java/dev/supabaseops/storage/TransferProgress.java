package dev.supabaseops.storage;

import dev.supabaseops.core.ProgressListener;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts objects and bytes across transfer threads and reports them to the listener with the
 * rate so far, at most a few times a second (the listener decides how often to draw).
 */
final class TransferProgress {
    private static final long REPORT_NANOS = 250_000_000L;
    private final ProgressListener listener;
    private final String task;
    private final long totalObjects;
    private final long totalBytes;
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile long lastReport;

    TransferProgress(ProgressListener listener, String task, long totalObjects, long totalBytes) {
        this.listener = listener;
        this.task = task;
        this.totalObjects = totalObjects;
        this.totalBytes = totalBytes;
    }

    void bytes(long n) {
        bytes.addAndGet(n);
        report(false);
    }

    void objectDone() {
        objects.incrementAndGet();
        report(false);
    }

    void finish() {
        report(true);
    }

    long bytesDone() {
        return bytes.get();
    }

    private void report(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastReport < REPORT_NANOS) {
            return;
        }
        synchronized (this) {
            if (!force && now - lastReport < REPORT_NANOS) {
                return;
            }
            lastReport = now;
        }
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        String label = task + ": " + objects.get() + "/" + totalObjects + " objects, " + human((long) (bytes.get() / seconds)) + "/s";
        listener.progress(label, force ? Math.max(bytes.get(), totalBytes) : Math.min(bytes.get(), totalBytes), totalBytes, "bytes");
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        // what String.format(Locale.ROOT, "%.1f", v) prints (half-up on the shortest decimal form),
        // without java.util.Formatter, whose first use loads the locale data: a short run's start-up
        return new BigDecimal(Double.toString(v)).setScale(1, RoundingMode.HALF_UP).toPlainString() + " " + units[i];
    }
}
