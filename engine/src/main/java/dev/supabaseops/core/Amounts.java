package dev.supabaseops.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Counts and sizes the way people read them, for messages and progress lines: {@code 1 bucket},
 * {@code 625.0 MiB}, {@code 7.7 KiB/125.0 MiB (6%)}. Plain concatenation and BigDecimal, not
 * {@code String.format}: java.util.Formatter's first use loads locale data, which a short run
 * (an unchanged nightly backup) pays for in its start-up.
 */
public final class Amounts {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Amounts() {
    }

    /** {@code 1023 B}, {@code 1.0 KiB}, {@code 625.0 MiB}: binary units, one decimal, rounded half up. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < UNITS.length - 1) {
            v /= 1024;
            i++;
        }
        // what String.format(Locale.ROOT, "%.1f", v) prints (half-up on the shortest decimal form)
        return new BigDecimal(Double.toString(v)).setScale(1, RoundingMode.HALF_UP).toPlainString() + " " + UNITS[i];
    }

    /** {@code 1 bucket}, {@code 0 buckets}, {@code 3 buckets}: nouns with a regular plural only. */
    public static String of(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }

    /**
     * A progress amount: {@code 7.7 KiB/125.0 MiB (6%)} when {@code unit} is {@code bytes},
     * {@code 12/200 rows (6%)} otherwise; without the total and percentage when the total is
     * unknown (negative) or zero.
     */
    public static String progress(long done, long total, String unit) {
        boolean bytes = "bytes".equals(unit);
        String d = bytes ? bytes(done) : Long.toString(done);
        if (total <= 0) {
            return bytes ? d : d + " " + unit;
        }
        String t = bytes ? bytes(total) : total + " " + unit;
        return d + "/" + t + " (" + Math.min(100, done * 100 / total) + "%)";
    }
}
