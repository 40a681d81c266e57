package dev.supabaseops.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text that leaves the engine: passwords inside URLs (whatever their
 * origin) and every value that was ever wrapped in a {@link Secret}. Every exception message
 * and every listener line goes through {@link #redact(String)}.
 */
public final class Redactor {
    public static final String MASK = "******";

    // scheme://user:password@host → scheme://user:******@host. Greedy up to the last '@' of the
    // token, because hand-pasted passwords hold '@' and '/' unencoded; over-masking is the safe error.
    private static final Pattern URL_PASSWORD =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:)\\S+@");
    // password=... inside JDBC query strings or libpq keyword strings
    private static final Pattern PARAM_PASSWORD =
            Pattern.compile("((?:[?&\\s]|^)password=)([^&\\s]+)", Pattern.CASE_INSENSITIVE);

    // Longest first: a secret that contains another ("Bearer <token>" and "<token>") is masked whole,
    // so the result does not depend on the order the secrets were registered in. Written out rather
    // than Comparator.comparingInt(…).reversed(), whose serializable lambdas JDK 17's class-data
    // archive cannot hold: every run would generate them again (docs/benchmarks.md, 2026-12-02).
    private static final Set<String> SECRETS = new java.util.concurrent.ConcurrentSkipListSet<>(Redactor::longestFirst);

    private static int longestFirst(String a, String b) {
        return a.length() != b.length() ? Integer.compare(b.length(), a.length()) : a.compareTo(b);
    }

    private Redactor() {
    }

    /** Remembers a secret value so that it is masked wherever it shows up later. */
    static void register(String value) {
        if (value == null || value.length() < 4) {
            return; // masking 1-3 character strings would garble every message
        }
        SECRETS.add(value);
        // URLs carry passwords percent-encoded; mask that spelling too.
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            SECRETS.add(encoded);
            SECRETS.add(encoded.replace("+", "%20"));
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_PASSWORD.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)) + MASK + "@");
        out = PARAM_PASSWORD.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)) + MASK);
        for (String secret : SECRETS) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
