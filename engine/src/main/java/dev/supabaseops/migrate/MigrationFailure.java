package dev.supabaseops.migrate;

/**
 * Why a push stopped.
 *
 * @param statementNumber   1-based statement of the file that failed; 0 when it was the history
 *                          insert or the connection, -1 when unknown
 * @param line              line of the file where that statement starts, or 0
 * @param sqlState          SQLSTATE, or null
 * @param message           the server's message (one line, redacted)
 * @param detail            the server's DETAIL/HINT, or null
 * @param statement         the failing statement's text, or null
 * @param partiallyApplied  the file ran outside a transaction and statements before the failing
 *                          one stay applied (history not written): fix forward by hand
 */
public record MigrationFailure(String version, String file, int statementNumber, int statementCount, int line,
                               String sqlState, String message, String detail, String statement,
                               boolean partiallyApplied) {

    /** One line for logs: file, statement, SQLSTATE and message. */
    public String summary() {
        String where = statementNumber > 0 ? " at statement " + statementNumber + " of " + statementCount + " (line " + line + ")"
                : statementNumber == 0 ? " while recording it in the history" : "";
        return file + where + ": " + (sqlState == null ? "" : "SQLSTATE " + sqlState + ": ") + message;
    }
}
