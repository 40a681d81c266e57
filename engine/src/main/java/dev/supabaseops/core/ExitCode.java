package dev.supabaseops.core;

/** The CLI contract's exit codes (ARCHITECTURE.md, "CLI contract"). */
public enum ExitCode {
    /** Done. */
    OK(0),
    /** The operation failed: a migration error, a failed check, a failed download. */
    FAILED(1),
    /** Bad usage or configuration, found before anything was written. */
    USAGE(2),
    /** Refused by a safety rule: blocked table, lint violation, protected environment not confirmed. */
    REFUSED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
