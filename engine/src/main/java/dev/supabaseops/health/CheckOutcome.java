package dev.supabaseops.health;

import dev.supabaseops.core.Redactor;

/**
 * The result of one attempt of one check. Texts are redacted and kept to one line here, so no
 * report (table, JSON, JUnit XML) can carry a secret or break its layout.
 *
 * @param passed whether the attempt passed
 * @param detail what was seen: on success a short summary ("HTTP 200"), on failure the reason
 */
public record CheckOutcome(boolean passed, String detail) {
    private static final int MAX_DETAIL = 600;

    public CheckOutcome {
        detail = clean(detail);
    }

    public static CheckOutcome pass(String detail) {
        return new CheckOutcome(true, detail);
    }

    public static CheckOutcome fail(String reason) {
        return new CheckOutcome(false, reason);
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = Redactor.redact(text).replaceAll("\\s*\\R\\s*", " ").strip();
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL - 1) + "…" : s;
    }
}
