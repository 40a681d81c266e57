package dev.supabaseops.cli;

import java.lang.management.ManagementFactory;
import java.text.NumberFormat;
import java.util.GregorianCalendar;
import java.util.List;

/**
 * One-time JDK initialisation that a command's libraries would otherwise do later on the main
 * thread, started on a daemon thread while picocli builds the command line (~0.1 s of a cold JVM),
 * the way Spring Boot's {@code BackgroundPreinitializer} warms Jackson and friends. It only
 * initialises classes the command is about to initialise anyway (class initialisation is
 * thread-safe and happens once), so it changes nothing but when that work is done; a failure is
 * ignored, the main thread then does the same work itself.
 *
 * <p>pgjdbc's first connection (pgjdbc 42.7) parses the server version with a {@code NumberFormat}
 * ({@code ServerVersion}), builds a {@code GregorianCalendar} ({@code TimestampUtils}) and reads the
 * heap size from the memory MXBean ({@code PGPropertyMaxResultBufferParser}): locale and calendar
 * data and the management classes, ~50 ms of a {@code push}'s start here. Done in the background,
 * {@code push --dry-run} started ~30 ms sooner (medians of 14 interleaved runs, twice). The same
 * for the storage commands (OkHttp's logging, IDN and time-zone set-up, the security providers)
 * made no difference that ten interleaved unchanged backups could show, so they do without.
 */
final class WarmUp {
    private static final List<String> DATABASE_COMMANDS = List.of("push", "migrations");

    private WarmUp() {
    }

    static void start(String[] args) {
        if (args.length == 0 || !DATABASE_COMMANDS.contains(args[0])) {
            return;
        }
        Thread t = new Thread(WarmUp::database, "supabase-ops-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void database() {
        try {
            Class.forName("org.postgresql.Driver");
            NumberFormat.getIntegerInstance().format(150_000);
            new GregorianCalendar().getTimeInMillis();
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        } catch (Throwable ignored) {
            // the connection does the same on the main thread
        }
    }
}
