package dev.supabaseops.testing;

import dev.supabaseops.core.ProgressListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A listener that keeps what it is told, thread-safe: info lines as they are, warnings as
 * "warn ...", progress as "progress TASK DONE/TOTAL".
 */
public final class CapturedLines implements ProgressListener {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void warn(String message) {
        lines.add("warn " + message);
    }

    @Override
    public void progress(String task, long done, long total, String unit) {
        lines.add("progress " + task + " " + done + "/" + total);
    }

    /** The lines so far (a live, synchronized view). */
    public List<String> lines() {
        return lines;
    }
}
