package dev.supabaseops.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements exactly like the Supabase CLI 3.x does, so that the
 * {@code statements} column we write is byte-identical to the CLI's (and drift checks compare
 * like with like). This is a faithful port of the CLI's tokenizer state machine (TypeScript in
 * CLI 3.x, originally {@code pkg/parser/state.go}), including its quirks: a statement ends at a
 * {@code ;} that is not inside quotes, E-strings (backslash escapes and continuation lines),
 * dollar quotes, {@code --} or nested block comments, parentheses, or a {@code BEGIN ATOMIC … END}
 * body. Each statement keeps its text as written; trailing semicolons are dropped and the result
 * is trimmed with JavaScript's {@code String.prototype.trim} whitespace set.
 */
public final class SqlSplitter {
    /** First line that makes the CLI run a file outside a transaction (CLI 3.x, "pg-delta"). */
    public static final String NO_TRANSACTION_DIRECTIVE = "-- pg-delta: transaction=false";

    private SqlSplitter() {
    }

    /** A statement and where its raw token starts in the input (UTF-16 index). */
    public record Token(String statement, int start, int end) {
    }

    /** The file's statements and whether its first line asks to run it outside a transaction. */
    public record ParsedFile(List<String> statements, List<Token> tokens, boolean noTransactionDirective) {
    }

    public static ParsedFile parseFile(String content) {
        String body = !content.isEmpty() && content.charAt(0) == '\uFEFF' ? content.substring(1) : content;
        int nl = body.indexOf('\n');
        String first = nl < 0 ? body : body.substring(0, nl);
        if (first.endsWith("\r")) {
            first = first.substring(0, first.length() - 1);
        }
        boolean directive = first.equals(NO_TRANSACTION_DIRECTIVE);
        // The CLI's file reading already drops one leading BOM (MigrationDirectory.decode, a WHATWG
        // TextDecoder in the CLI); its parser then drops another only when the directive follows it.
        // Mirror that, so a file starting with two BOMs splits as with the CLI.
        List<Token> tokens = tokens(directive ? body : content);
        int shift = directive && body != content ? 1 : 0;
        List<Token> shifted = new ArrayList<>(tokens.size());
        List<String> statements = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            shifted.add(new Token(t.statement(), t.start() + shift, t.end() + shift));
            statements.add(t.statement());
        }
        return new ParsedFile(List.copyOf(statements), List.copyOf(shifted), directive);
    }

    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens(sql)) {
            out.add(t.statement());
        }
        return out;
    }

    /** Non-empty statements with the span of their raw tokens. */
    static List<Token> tokens(String e) {
        List<Token> out = new ArrayList<>();
        State n = new Ready();
        View v = new View(e);
        int a = 0;
        int l = 0;
        while (l < e.length()) {
            int cp = e.codePointAt(l);
            l += Character.charCount(cp);
            v.set(a, l);
            State t = n.next(cp, v);
            if (t == null) {
                add(out, e, a, l);
                a = l;
                n = new Ready();
            } else {
                n = t;
            }
        }
        if (l > a) {
            add(out, e, a, l);
        }
        return out;
    }

    private static void add(List<Token> out, String e, int start, int end) {
        String s = jsTrim(stripTrailingSemicolons(e.substring(start, end)));
        if (!s.isEmpty()) {
            out.add(new Token(s, start, end));
        }
    }

    private static String stripTrailingSemicolons(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ';') {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code String.prototype.trim}: ECMAScript WhiteSpace and LineTerminator (includes U+FEFF, not U+0085). */
    static String jsTrim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isJsSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isJsSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    static boolean isJsSpace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    // ---- helpers with the CLI's exact character classes ----

    /** The CLI's identifier class: any non-ASCII code unit, ASCII letters, digits, '_' and '$'. */
    static boolean isIdent(int cp) {
        return cp >= 128 || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                || cp == '_' || cp == '$';
    }

    /** Space, tab, LF, CR, FF, VT: the CLI's whitespace set (not Unicode spaces). */
    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isNewline(int c) {
        return c == '\n' || c == '\r';
    }

    /** The token so far: the input from {@code start} to {@code end}, without copying. */
    static final class View {
        final String src;
        int start;
        int end;

        View(String src) {
            this.src = src;
        }

        void set(int s, int e) {
            start = s;
            end = e;
        }

        int length() {
            return end - start;
        }

        char at(int i) {
            return src.charAt(start + i);
        }

        String slice(int from, int to) {
            from = Math.max(0, Math.min(from, length()));
            to = Math.max(from, Math.min(to, length()));
            return src.substring(start + from, start + to);
        }

        String last(int k) {
            return slice(length() - k, length());
        }

        boolean endsWith(String s) {
            return length() >= s.length() && src.startsWith(s, end - s.length());
        }

        /** CLI {@code SEe(n.slice(0, len), word)}: ends with the upper-case word, not preceded by an identifier char. */
        boolean wordEndsAt(int len, String word) {
            int r = len - word.length();
            if (r < 0) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                char c = at(r + i);
                char u = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
                if (u != word.charAt(i)) {
                    return false;
                }
            }
            return !identBefore(r);
        }

        boolean identBefore(int n) {
            return n > 0 && isIdent(at(n - 1));
        }

        /** CLI {@code Wgo}: the token ends with BEGIN, whitespace, ATOMIC (as words). */
        boolean endsWithBeginAtomic() {
            if (!wordEndsAt(length(), "ATOMIC")) {
                return false;
            }
            int n = length() - 6;
            while (n > 0 && isSpace(at(n - 1))) {
                n--;
            }
            return wordEndsAt(n, "BEGIN");
        }
    }

    /** CLI {@code Jgo}: the text holds only whitespace, {@code --} comments and block comments. */
    static boolean onlySpaceAndComments(String e) {
        int r = 0;
        int len = e.length();
        while (r < len) {
            if (isSpace(e.charAt(r))) {
                r++;
            } else if (e.startsWith("--", r)) {
                int i = -1;
                for (int k = r + 2; k < len; k++) {
                    if (isNewline(e.charAt(k))) {
                        i = k - (r + 2);
                        break;
                    }
                }
                if (i == -1) {
                    return true;
                }
                r += i + 3;
            } else if (e.startsWith("/*", r)) {
                int depth = 1;
                boolean after = true;
                r += 2;
                while (r < len && depth > 0) {
                    int d = after ? 0 : delimiter(e.substring(r - 1, r + 1));
                    after = d != 0;
                    depth += d;
                    r++;
                }
                if (depth > 0) {
                    return true;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    static int delimiter(String two) {
        return two.equals("/*") ? 1 : two.equals("*/") ? -1 : 0;
    }

    // ---- the state machine; next() returns null to end the statement ----

    interface State {
        State next(int cp, View v);
    }

    static final class Ready implements State {
        @Override
        public State next(int cp, View v) {
            switch (cp) {
                case '$': {
                    int r = v.length() - 1;
                    return v.identBefore(r) ? this : new Tag(r);
                }
                case '\'':
                    return new Quote('\'', v.wordEndsAt(v.length() - 1, "E"));
                case '"':
                    return new Quote('"', false);
                case '-':
                    return new DashStart();
                case '/':
                    return new Block();
                case '\\':
                    return new Escape();
                case ';':
                    return null;
                case '(':
                    return new Paren(new Ready());
                case 'c':
                case 'C':
                    return v.endsWithBeginAtomic() ? new Atomic(new Ready(), v.length()) : this;
                default:
                    return this;
            }
        }
    }

    static final class DashStart implements State {
        @Override
        public State next(int cp, View v) {
            return cp == '-' ? new LineComment() : new Ready().next(cp, v);
        }
    }

    static final class LineComment implements State {
        @Override
        public State next(int cp, View v) {
            return isNewline(cp) ? new Ready() : this;
        }
    }

    static final class Block implements State {
        int depth;
        boolean afterDelimiter;

        @Override
        public State next(int cp, View v) {
            int r = afterDelimiter ? 0 : delimiter(v.last(2));
            afterDelimiter = r != 0;
            if (depth == 0 && r == 0) {
                return new Ready().next(cp, v);
            }
            depth += r;
            return depth == 0 ? new Ready() : this;
        }
    }

    static final class Quote implements State {
        final int delimiter;
        final boolean backslashEscapes;
        boolean escape;
        boolean backslash;

        Quote(int delimiter, boolean backslashEscapes) {
            this.delimiter = delimiter;
            this.backslashEscapes = backslashEscapes;
        }

        @Override
        public State next(int cp, View v) {
            if (escape) {
                if (cp == delimiter) {
                    escape = false;
                    return this;
                }
                return backslashEscapes ? new AfterEString().next(cp, v) : new Ready().next(cp, v);
            }
            if (backslash) {
                backslash = false;
                return this;
            }
            if (backslashEscapes && cp == '\\') {
                backslash = true;
                return this;
            }
            if (cp == delimiter) {
                escape = true;
            }
            return this;
        }
    }

    /** After an E-string: whitespace with a newline then {@code '} continues the same string. */
    static final class AfterEString implements State {
        boolean newline;
        int dashes;

        @Override
        public State next(int cp, View v) {
            if (dashes == 2) {
                if (isNewline(cp)) {
                    dashes = 0;
                    newline = true;
                }
                return this;
            }
            if (cp == '-') {
                dashes++;
                return this;
            }
            if (dashes == 0) {
                if (isSpace(cp)) {
                    newline |= isNewline(cp);
                    return this;
                }
                if (newline && cp == '\'') {
                    return new Quote('\'', true);
                }
            }
            return new Ready().next(cp, v);
        }
    }

    static final class Dollar implements State {
        final String delimiter;

        Dollar(String delimiter) {
            this.delimiter = delimiter;
        }

        @Override
        public State next(int cp, View v) {
            return v.last(delimiter.length()).equals(delimiter) ? new Ready() : this;
        }
    }

    static final class Tag implements State {
        final int offset;

        Tag(int offset) {
            this.offset = offset;
        }

        @Override
        public State next(int cp, View v) {
            if (cp == '$') {
                return new Dollar(v.slice(offset, v.length()));
            }
            return isIdent(cp) ? this : new Ready().next(cp, v);
        }
    }

    static final class Escape implements State {
        @Override
        public State next(int cp, View v) {
            return new Ready();
        }
    }

    /** Parentheses; as in the CLI, any inner {@code )} that returns to ready also closes this level. */
    static final class Paren implements State {
        State prev;

        Paren(State prev) {
            this.prev = prev;
        }

        @Override
        public State next(int cp, View v) {
            State r = prev.next(cp, v);
            if (r == null) {
                prev = new Ready();
                return this;
            }
            prev = r;
            if (!(prev instanceof Ready)) {
                return this;
            }
            return cp == ')' ? new Ready() : this;
        }
    }

    /** {@code BEGIN ATOMIC} body: ends at an {@code END} that starts an inner statement. */
    static final class Atomic implements State {
        State prev;
        boolean pendingEnd;
        int statementStart;
        boolean statementHasContent;

        Atomic(State prev, int statementStart) {
            this.prev = prev;
            this.statementStart = statementStart;
        }

        @Override
        public State next(int cp, View v) {
            boolean r = pendingEnd;
            pendingEnd = false;
            if (r && !isIdent(cp)) {
                return new Ready().next(cp, v);
            }
            State i = prev.next(cp, v);
            if (i == null) {
                prev = new Ready();
                statementStart = v.length();
                statementHasContent = false;
                return this;
            }
            prev = i;
            if (!(prev instanceof Ready)) {
                return this;
            }
            if (!statementHasContent && v.wordEndsAt(v.length(), "END")) {
                if (onlySpaceAndComments(v.slice(statementStart, v.length() - 3))) {
                    pendingEnd = true;
                } else {
                    statementHasContent = true;
                }
            }
            return this;
        }
    }
}
