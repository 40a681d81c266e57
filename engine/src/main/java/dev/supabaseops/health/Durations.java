package dev.supabaseops.health;

import dev.supabaseops.core.OpsException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or plain seconds. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Durations() {
    }

    /** @param what names the setting in the error, e.g. "--timeout" */
    public static Duration parse(String text, String what) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw OpsException.usage(what + " must be a duration such as 500ms, 10s, 5m or 1h (got '" + text + "')");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw OpsException.usage(what + " is too large (got '" + text + "')");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d;
        try {
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
            d.toNanos(); // the gate computes deadlines in nanoseconds
        } catch (ArithmeticException e) {
            throw OpsException.usage(what + " is too large (got '" + text + "')");
        }
        return d;
    }

    /** {@code 850ms}, {@code 12.3s}, {@code 4m05s}: short and stable for tables. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
