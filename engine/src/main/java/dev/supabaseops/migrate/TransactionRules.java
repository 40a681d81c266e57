package dev.supabaseops.migrate;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Statements PostgreSQL refuses inside a transaction block ("cannot run inside a transaction
 * block", SQLSTATE 25001). A file holding one does not run in one transaction: like the Supabase
 * CLI 3.x, each such statement runs on its own and the statements around it run in transactions
 * (those before it, those after it with the history insert). The list follows the PostgreSQL
 * reference pages of each command and extends the CLI's list (CREATE/DROP INDEX CONCURRENTLY,
 * REINDEX … CONCURRENTLY, VACUUM, ALTER SYSTEM, CLUSTER), which fails on the others. A file that
 * starts with the directive or controls its transactions itself runs statement by statement, as
 * with the CLI.
 */
public final class TransactionRules {
    private record Rule(Pattern pattern, String what, int beforeServerVersion) {
    }

    private static final List<Rule> RULES = List.of(
            rule("^CREATE (UNIQUE )?INDEX CONCURRENTLY\\b", "CREATE INDEX CONCURRENTLY"),
            rule("^DROP INDEX CONCURRENTLY\\b", "DROP INDEX CONCURRENTLY"),
            rule("^REINDEX\\b.*\\bCONCURRENTLY\\b", "REINDEX CONCURRENTLY"),
            rule("^REINDEX( \\(.*\\))? (DATABASE|SYSTEM)\\b", "REINDEX DATABASE/SYSTEM"),
            rule("^VACUUM\\b", "VACUUM"),
            rule("^ALTER SYSTEM\\b", "ALTER SYSTEM"),
            rule("^CLUSTER( VERBOSE)?$", "CLUSTER without a table"),
            rule("^(CREATE|DROP) DATABASE\\b", "CREATE/DROP DATABASE"),
            rule("^ALTER DATABASE \\S+ SET TABLESPACE\\b", "ALTER DATABASE … SET TABLESPACE"),
            rule("^(CREATE|DROP) TABLESPACE\\b", "CREATE/DROP TABLESPACE"),
            rule("^(CREATE|DROP) SUBSCRIPTION\\b", "CREATE/DROP SUBSCRIPTION"),
            // PostgreSQL 12 allowed ALTER TYPE … ADD VALUE inside a transaction block.
            new Rule(Pattern.compile("^ALTER TYPE \\S+ ADD VALUE\\b"), "ALTER TYPE … ADD VALUE (before PostgreSQL 12)", 120000));

    // Files that manage their own transactions; the CLI also runs those statement by statement.
    private static final Pattern TRANSACTION_CONTROL =
            Pattern.compile("^(BEGIN|START TRANSACTION|COMMIT|END|ABORT|PREPARE TRANSACTION)( |;|$)");

    private TransactionRules() {
    }

    private static Rule rule(String regex, String what) {
        return new Rule(Pattern.compile(regex), what, Integer.MAX_VALUE);
    }

    /**
     * Why this file must run outside a transaction, or null if it can run in one.
     *
     * @param serverVersionNum {@code server_version_num}, e.g. 150010
     */
    public static String reason(MigrationFile file, int serverVersionNum) {
        if (file.noTransactionDirective()) {
            return "its first line is " + SqlSplitter.NO_TRANSACTION_DIRECTIVE;
        }
        for (int i = 0; i < file.statements().size(); i++) {
            String head = SqlText.head(file.statements().get(i));
            for (Rule r : RULES) {
                if (serverVersionNum < r.beforeServerVersion() && r.pattern().matcher(head).find()) {
                    return "statement " + (i + 1) + " (line " + file.codeLine(i) + ") is " + r.what()
                            + ", which cannot run inside a transaction block";
                }
            }
            if (TRANSACTION_CONTROL.matcher(head).find() || isRollback(head)) {
                return "statement " + (i + 1) + " (line " + file.codeLine(i)
                        + ") controls the transaction itself (" + head.split(" ")[0] + ")";
            }
        }
        return null;
    }

    /** The statement cannot run in a transaction block: it runs on its own, between the transactions of its file's other statements. */
    static boolean runsAlone(String statement, int serverVersionNum) {
        String head = SqlText.head(statement);
        for (Rule r : RULES) {
            if (serverVersionNum < r.beforeServerVersion() && r.pattern().matcher(head).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file runs statement by statement with autocommit (its directive, or statements that control
     * the transaction), rather than as transactions around its statements that run alone.
     */
    static boolean statementByStatement(MigrationFile file) {
        if (file.noTransactionDirective()) {
            return true;
        }
        for (String statement : file.statements()) {
            String head = SqlText.head(statement);
            if (TRANSACTION_CONTROL.matcher(head).find() || isRollback(head)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRollback(String head) {
        String[] w = head.split(" ");
        if (!w[0].equals("ROLLBACK")) {
            return false;
        }
        int i = w.length > 1 && (w[1].equals("WORK") || w[1].equals("TRANSACTION")) ? 2 : 1;
        return !(w.length > i && w[i].equals("TO"));
    }
}
