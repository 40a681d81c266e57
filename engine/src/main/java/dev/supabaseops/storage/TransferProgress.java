package dev.supabaseops.storage;

import dev.supabaseops.core.Amounts;
import dev.supabaseops.core.ProgressListener;

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
        // no rate when there is nothing to transfer (an unchanged backup only links)
        String label = task + ": " + objects.get() + "/" + totalObjects + " objects"
                + (totalBytes > 0 ? ", " + Amounts.bytes((long) (bytes.get() / seconds)) + "/s" : "");
        listener.progress(label, force ? Math.max(bytes.get(), totalBytes) : Math.min(bytes.get(), totalBytes), totalBytes, "bytes");
    }
}
