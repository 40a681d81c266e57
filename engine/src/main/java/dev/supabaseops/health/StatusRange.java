package dev.supabaseops.health;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Accepted HTTP statuses: one code ({@code 200}), a range ({@code 200-299}) or a class ({@code 2xx}). */
public record StatusRange(int from, int to) {
    public static final StatusRange SUCCESS = new StatusRange(200, 299);
    private static final Pattern RANGE = Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");
    private static final Pattern CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);

    /** Empty when the text is not a valid status, range or class of codes between 100 and 599. */
    public static Optional<StatusRange> parse(String text) {
        String s = text == null ? "" : text.strip();
        Matcher c = CLASS.matcher(s);
        if (c.matches()) {
            int base = Integer.parseInt(c.group(1)) * 100;
            return Optional.of(new StatusRange(base, base + 99));
        }
        Matcher m = RANGE.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (from < 100 || to > 599 || from > to) {
            return Optional.empty();
        }
        return Optional.of(new StatusRange(from, to));
    }

    public boolean matches(int status) {
        return status >= from && status <= to;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
