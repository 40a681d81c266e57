package dev.supabaseops.core;

/**
 * Where operations report what they do. The CLI draws a bar on a terminal and plain lines
 * otherwise; the Jenkins plugin prints plain lines to the build log. Implementations receive
 * text that is already redacted.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    void info(String message);

    void warn(String message);

    /**
     * Progress of a long task (objects, bytes, rows). {@code total} is -1 when unknown. Called often:
     * implementations decide how often to draw.
     */
    default void progress(String task, long done, long total, String unit) {
    }
}
