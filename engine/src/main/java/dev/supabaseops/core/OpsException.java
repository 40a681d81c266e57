package dev.supabaseops.core;

/**
 * The one exception the engine throws for expected failures. Its message is a single line that
 * says what is wrong and how to fix it, already redacted; {@link #exitCode()} is what the CLI
 * exits with and what the Jenkins steps report.
 */
public class OpsException extends RuntimeException {
    private final ExitCode exitCode;

    public OpsException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public OpsException(ExitCode exitCode, String message, Throwable cause) {
        // The cause is kept for --debug traces but its message is never trusted: it is redacted too.
        super(oneLine(Redactor.redact(message)), cause == null ? null : new RedactedCause(cause));
        this.exitCode = exitCode;
    }

    public static OpsException usage(String message) {
        return new OpsException(ExitCode.USAGE, message);
    }

    public static OpsException failed(String message) {
        return new OpsException(ExitCode.FAILED, message);
    }

    public static OpsException failed(String message, Throwable cause) {
        return new OpsException(ExitCode.FAILED, message, cause);
    }

    public static OpsException refused(String message) {
        return new OpsException(ExitCode.REFUSED, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Carries a cause's type and stack, with its message redacted (driver messages may echo URLs). */
    static final class RedactedCause extends RuntimeException {
        RedactedCause(Throwable original) {
            super(original.getClass().getName() + ": " + Redactor.redact(String.valueOf(original.getMessage())),
                    original.getCause() == null ? null : new RedactedCause(original.getCause()));
            setStackTrace(original.getStackTrace());
        }
    }
}
