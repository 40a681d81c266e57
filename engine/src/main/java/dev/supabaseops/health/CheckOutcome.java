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
        String s = escapeControls(Redactor.redact(text).replaceAll("\\s*\\R\\s*", " ").strip());
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL - 1) + "…" : s;
    }

    /**
     * Control characters (ESC, BEL, …, DEL, C1) and bidirectional overrides as {@code \u001b}: a
     * response body must not be able to recolour, rewrite or reorder the terminal a report is shown
     * on. A tab is a space.
     */
    static String escapeControls(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean control = ch < 0x20 || ch >= 0x7f && ch <= 0x9f || ch >= 0x202a && ch <= 0x202e
                    || ch >= 0x2066 && ch <= 0x2069;
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (ch == '\t') {
                    b.append(' ');
                } else if (control) {
                    b.append(String.format("\\u%04x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
