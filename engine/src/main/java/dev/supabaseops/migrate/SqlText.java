package dev.supabaseops.migrate;

import java.util.Locale;

/** Small text views of a statement for classification (never for execution). */
public final class SqlText {
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");
    private SqlText() {
    }

    /** Upper-cased statement without leading whitespace and comments, whitespace runs collapsed. */
    public static String head(String statement) {
        int i = skipSpaceAndComments(statement, 0);
        return SPACES.matcher(statement.substring(i)).replaceAll(" ").strip().toUpperCase(Locale.ROOT);
    }

    static int skipSpaceAndComments(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int depth = 0;
                do {
                    if (s.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (s.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (depth > 0 && i < n);
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * Code only: comments become spaces and the contents of string literals and dollar-quoted
     * bodies are blanked (quoted identifiers stay), so keyword checks don't fire on text inside them. Keeps
     * the length, so offsets map back to the original.
     */
    public static String codeOnly(String s) {
        StringBuilder b = new StringBuilder(s);
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("--", i)) {
                while (i < n && s.charAt(i) != '\n') {
                    b.setCharAt(i++, ' ');
                }
            } else if (s.startsWith("/*", i)) {
                int depth = 0;
                do {
                    if (s.startsWith("/*", i)) {
                        depth++;
                        b.setCharAt(i++, ' ');
                        b.setCharAt(i++, ' ');
                    } else if (s.startsWith("*/", i)) {
                        depth--;
                        b.setCharAt(i++, ' ');
                        b.setCharAt(i++, ' ');
                    } else {
                        blank(b, i++);
                    }
                } while (depth > 0 && i < n);
            } else if (c == '"') {
                int close = s.indexOf('"', i + 1);
                i = close < 0 ? n : close + 1;
            } else if (c == '\'') {
                boolean backslash = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e');
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (backslash && d == '\\' && i + 1 < n) {
                        blank(b, i++);
                        blank(b, i++);
                    } else if (d == c && i + 1 < n && s.charAt(i + 1) == c) {
                        blank(b, i++);
                        blank(b, i++);
                    } else if (d == c) {
                        i++;
                        break;
                    } else {
                        blank(b, i++);
                    }
                }
            } else if (c == '$') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                if (j < n && s.charAt(j) == '$' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
                    String tag = s.substring(i, j + 1);
                    int end = s.indexOf(tag, j + 1);
                    int stop = end < 0 ? n : end;
                    for (int k = j + 1; k < stop; k++) {
                        blank(b, k);
                    }
                    i = end < 0 ? n : end + tag.length();
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        return b.toString();
    }

    private static void blank(StringBuilder b, int i) {
        if (b.charAt(i) != '\n') {
            b.setCharAt(i, ' ');
        }
    }
}
