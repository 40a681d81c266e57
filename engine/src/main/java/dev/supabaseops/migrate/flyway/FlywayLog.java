package dev.supabaseops.migrate.flyway;

import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

import java.util.List;
import java.util.function.Supplier;

/**
 * Flyway's log sink. Flyway 10 picks its logger from the {@code loggers} setting and instantiates
 * a {@link LogCreator} class named there by reflection (so this class must stay public with a
 * no-argument constructor); without it Flyway auto-detects SLF4J/Log4j2/JUL and would print to
 * whatever the host (Jenkins, a user's classpath) has configured.
 *
 * <p>Flyway's logging is global, so the current operation's listener is kept per thread: warnings
 * go to that listener (redacted) and into the result; info and debug lines are dropped because
 * {@link FlywayMigrations} reports progress itself; errors are dropped because the failure comes
 * back as an exception that becomes the one-line {@code OpsException}.
 */
public final class FlywayLog implements LogCreator {
    private static final ThreadLocal<Sink> CURRENT = new ThreadLocal<>();

    public FlywayLog() {
        // instantiated by Flyway's LogFactory
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(String message) {
            }

            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                Sink sink = CURRENT.get();
                if (sink != null) {
                    sink.warn(message);
                }
            }

            @Override
            public void error(String message) {
            }

            @Override
            public void error(String message, Exception e) {
            }

            @Override
            public void notice(String message) {
            }
        };
    }

    /** Runs {@code action} with Flyway's warnings going to {@code listener} and into {@code warnings}. */
    static <T> T routed(ProgressListener listener, List<String> warnings, Supplier<T> action) {
        Sink previous = CURRENT.get();
        CURRENT.set(new Sink(listener, warnings));
        try {
            return action.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    private record Sink(ProgressListener listener, List<String> warnings) {
        void warn(String message) {
            String line = Redactor.redact(message == null ? "" : message.strip());
            if (!line.isEmpty()) {
                warnings.add(line);
                listener.warn("flyway: " + line);
            }
        }
    }
}
