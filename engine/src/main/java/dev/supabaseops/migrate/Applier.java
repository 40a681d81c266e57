package dev.supabaseops.migrate;

import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs pending files on one connection. Each transactional file is {@code BEGIN}, its
 * statements, its history insert, {@code COMMIT}: applied and recorded together or not at all, as
 * with the CLI. Consecutive transactional files travel in one JDBC batch — one round trip for up
 * to {@link #MAX_FILES_PER_ROUND_TRIP} files instead of one per file (the CLI's way), which against
 * a database 50 ms away is 10 s less for 200 files, and on loopback keeps the server from waiting on
 * us between files. A failure makes the server skip the rest of the batch, so the files after the
 * failing one never run. Files that cannot run in a transaction run alone, statement by statement
 * with autocommit, history last.
 */
final class Applier {
    // pgjdbc names the failed entry in BatchUpdateException's message ("Batch entry 3 … was aborted");
    // its update counts are all EXECUTE_FAILED once a transaction rolls back, so the index is only there.
    private static final Pattern BATCH_ENTRY = Pattern.compile("Batch entry (\\d+) ");

    private final Connection c;
    private final ProgressListener listener;
    private final List<AppliedMigration> applied = new ArrayList<>();
    private MigrationFailure failure;

    Applier(Connection c, ProgressListener listener) {
        this.c = c;
        this.listener = listener;
    }

    List<AppliedMigration> applied() {
        return applied;
    }

    MigrationFailure failure() {
        return failure;
    }

    /** Files, and statements, that at most travel in one round trip: progress is shown per round trip. */
    static final int MAX_FILES_PER_ROUND_TRIP = 50;
    static final int MAX_STATEMENTS_PER_ROUND_TRIP = 1_000;

    /** Applies each file in its own transaction; stops at the first failure. */
    void applyEach(List<MigrationFile> files, List<PendingMigration> plan) throws SQLException {
        int k = 0;
        while (k < files.size()) {
            listener.progress("migrations", k, files.size(), "files");
            MigrationFile f = files.get(k);
            if (!plan.get(k).transactional()) {
                listener.info("applying " + f.fileName() + " (" + f.statements().size() + " statements, outside a transaction)");
                long t0 = System.nanoTime();
                if (!runWithoutTransaction(f)) {
                    return;
                }
                applied.add(applied(f, t0, 1, false));
                k++;
                continue;
            }
            int end = roundTripEnd(files, k, j -> plan.get(j).transactional());
            if (!runInOneRoundTrip(files.subList(k, end))) {
                return;
            }
            k = end;
        }
        listener.progress("migrations", files.size(), files.size(), "files");
    }

    private static AppliedMigration applied(MigrationFile f, long t0, int filesInRoundTrip, boolean transactional) {
        return new AppliedMigration(f.version(), f.name(), f.file().toString(), f.statements().size(),
                (System.nanoTime() - t0) / 1_000_000, transactional, filesInRoundTrip);
    }

    /**
     * {@code --atomic}: every file and history insert in one transaction; any failure leaves
     * nothing. The files travel in round trips as in {@link #applyEach}, all inside that transaction.
     */
    void applyAtomically(List<MigrationFile> files) throws SQLException {
        List<AppliedMigration> done = new ArrayList<>();
        c.setAutoCommit(false);
        try {
            int k = 0;
            while (k < files.size()) {
                int end = roundTripEnd(files, k, j -> true);
                if (!runInTransaction(files.subList(k, end), done)) {
                    return;
                }
                k = end;
            }
            c.commit();
            applied.addAll(done);
        } catch (SQLException e) {
            failure = failure(files.get(Math.min(done.size(), files.size() - 1)), e, -1, false);
            rollbackQuietly();
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        }
    }

    /** Where the round trip starting at {@code k} ends: 50 files, 1,000 statements, or a file that may not join. */
    private static int roundTripEnd(List<MigrationFile> files, int k, IntPredicate mayJoin) {
        int end = k + 1;
        int statements = files.get(k).statements().size();
        while (end < files.size() && end - k < MAX_FILES_PER_ROUND_TRIP && mayJoin.test(end)
                && statements + files.get(end).statements().size() <= MAX_STATEMENTS_PER_ROUND_TRIP) {
            statements += files.get(end).statements().size();
            end++;
        }
        return end;
    }

    private static int statements(List<MigrationFile> group) {
        int n = 0;
        for (MigrationFile f : group) {
            n += f.statements().size();
        }
        return n;
    }

    private void announce(List<MigrationFile> group, String how) {
        MigrationFile head = group.get(0);
        if (group.size() == 1) {
            listener.info("applying " + head.fileName() + " (" + head.statements().size() + " statements" + how + ")");
        } else {
            listener.info("applying " + group.size() + " files in one round trip" + (how.isEmpty() ? ", each in its own transaction" : how)
                    + " (" + statements(group) + " statements): " + head.fileName() + " … " + group.get(group.size() - 1).fileName());
        }
    }

    /**
     * Files, each in its own transaction, as a single batch (autocommit on: pgjdbc adds no BEGIN of
     * its own). Per file: BEGIN, RESET ALL, its statements, the history insert, COMMIT. On an error
     * the server skips the rest of the batch and leaves the failing file's transaction block failed:
     * ROLLBACK ends it; the files before it are committed, those after it never ran. An error at
     * COMMIT itself (a deferred constraint) has already rolled that file back.
     */
    private boolean runInOneRoundTrip(List<MigrationFile> group) throws SQLException {
        announce(group, "");
        long t0 = System.nanoTime();
        int[] firstStatement = new int[group.size()];
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            addFiles(s, group, true, firstStatement);
            s.executeBatch();
            group.forEach(f -> applied.add(applied(f, t0, group.size(), true)));
            return true;
        } catch (SQLException e) {
            // the failing file: the last one whose BEGIN comes at or before the failed entry (pgjdbc
            // names it for every server error, a terminated connection's included; else the first)
            int i = failingFile(firstStatement, failedEntry(e), 2);
            for (int k = 0; k < i; k++) {
                applied.add(applied(group.get(k), t0, group.size(), true));
            }
            failure = failure(group.get(i), e, firstStatement[i]);
            endFailedBlock();
            return false;
        }
    }

    /**
     * Adds the files to the batch: per file {@code BEGIN} (with {@code ownTransactions}),
     * {@code RESET ALL}, its statements, its history insert, {@code COMMIT} (with
     * {@code ownTransactions}); fills in the batch entry of each file's first statement.
     */
    private void addFiles(Statement s, List<MigrationFile> group, boolean ownTransactions, int[] firstStatement)
            throws SQLException {
        s.setEscapeProcessing(false);
        int entry = 0;
        for (int i = 0; i < group.size(); i++) {
            MigrationFile f = group.get(i);
            if (ownTransactions) {
                s.addBatch("BEGIN");
                entry++;
            }
            s.addBatch("RESET ALL");
            firstStatement[i] = ++entry;
            for (String sql : f.statements()) {
                s.addBatch(sql);
            }
            s.addBatch(HistoryTable.insertSql(c, f));
            entry += f.statements().size() + 1;
            if (ownTransactions) {
                s.addBatch("COMMIT");
                entry++;
            }
        }
    }

    /** The batch entry pgjdbc names in its message ("Batch entry 3 … was aborted"), or -1. */
    private static int failedEntry(SQLException e) {
        if (!(e instanceof BatchUpdateException)) {
            return -1;
        }
        Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private void endFailedBlock() {
        try (Statement s = c.createStatement()) {
            if (!c.isClosed()) {
                s.execute("ROLLBACK"); // a warning only when COMMIT had already ended the block
            }
        } catch (SQLException e) {
            // the connection is gone: the server rolled the transaction back when it closed
        }
    }

    /**
     * {@code --atomic}: files as one batch inside the caller's transaction: per file RESET ALL (like
     * the CLI, so a previous file's session settings such as search_path don't leak), its
     * statements, its history insert.
     */
    private boolean runInTransaction(List<MigrationFile> group, List<AppliedMigration> done) throws SQLException {
        announce(group, ", atomic push");
        long t0 = System.nanoTime();
        int[] firstStatement = new int[group.size()];
        try (Statement s = c.createStatement()) {
            addFiles(s, group, false, firstStatement);
            s.executeBatch();
            group.forEach(f -> done.add(applied(f, t0, group.size(), true)));
            return true;
        } catch (SQLException e) {
            int i = failingFile(firstStatement, failedEntry(e), 1);
            failure = failure(group.get(i), e, firstStatement[i]);
            rollbackQuietly();
            return false;
        }
    }

    /** The file whose entries hold the failed one: the last whose first entry ({@code lead} before its first statement) is not after it. */
    private static int failingFile(int[] firstStatement, int entry, int lead) {
        int i = 0;
        while (entry >= 0 && i + 1 < firstStatement.length && firstStatement[i + 1] - lead <= entry) {
            i++;
        }
        return i;
    }

    /**
     * The failure of a batch whose first statement of the file is entry {@code first}: pgjdbc names
     * the failed entry in the message; after the statements come the history insert (0) and COMMIT
     * (-1: a deferred constraint, say, whose statement no longer shows).
     */
    private static MigrationFailure failure(MigrationFile f, SQLException e, int first) {
        if (!(e instanceof BatchUpdateException)) {
            return failure(f, e, -1, false);
        }
        int entry = failedEntry(e);
        int k = entry - first + 1; // 1..n the file's statements, n+1 the history insert, then COMMIT (or nothing)
        int n = f.statements().size();
        int statement = entry < first ? -1 : k <= n ? k : k == n + 1 ? 0 : -1;
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        return failure(f, cause, statement, false);
    }

    private boolean runWithoutTransaction(MigrationFile f) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute("RESET ALL");
            for (int i = 0; i < f.statements().size(); i++) {
                try {
                    s.execute(f.statements().get(i));
                } catch (SQLException e) {
                    failure = failure(f, e, i + 1, i > 0);
                    return false;
                }
            }
            try {
                s.execute(HistoryTable.insertSql(c, f));
            } catch (SQLException e) {
                failure = failure(f, e, 0, !f.statements().isEmpty());
                return false;
            }
            return true;
        }
    }

    private void rollbackQuietly() {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // the connection is gone: the server rolled the transaction back when it closed
        }
    }

    private static MigrationFailure failure(MigrationFile f, SQLException e, int statement, boolean partial) {
        String message = String.valueOf(e.getMessage());
        String detail = null;
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage sem = pe.getServerErrorMessage();
            message = sem.getMessage();
            String d = sem.getDetail();
            String h = sem.getHint();
            detail = d == null && h == null ? null : (d == null ? "" : d) + (d != null && h != null ? " " : "") + (h == null ? "" : "Hint: " + h);
        }
        message = oneLine(message);
        int line = statement > 0 ? f.codeLine(statement - 1) : 0;
        String text = statement > 0 ? f.statements().get(statement - 1) : null;
        return new MigrationFailure(f.version(), f.fileName(), statement, f.statements().size(), line, e.getSQLState(),
                Redactor.redact(message), detail == null ? null : Redactor.redact(oneLine(detail)), text, partial);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
