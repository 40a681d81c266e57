package dev.supabaseops.migrate;

/** A statement the lint gate flags: {@code file:line rule — message}. */
public record LintFinding(String file, int line, String rule, String message) {
    @Override
    public String toString() {
        return file + ":" + line + " " + rule + ": " + message;
    }
}
