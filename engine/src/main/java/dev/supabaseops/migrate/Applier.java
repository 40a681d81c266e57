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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs pending files on one connection. A transactional file travels as one JDBC batch:
 * {@code BEGIN}, its statements, its history insert, {@code COMMIT} — one round trip, so the
 * server never waits on us between files; a file is applied and recorded together or not at all,
 * as with the CLI. Files that cannot run in a transaction run statement by statement with
 * autocommit, history last.
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

    /** Applies each file in its own transaction; stops at the first failure. */
    void applyEach(List<MigrationFile> files, List<PendingMigration> plan) throws SQLException {
        for (int k = 0; k < files.size(); k++) {
            MigrationFile f = files.get(k);
            PendingMigration p = plan.get(k);
            listener.info("applying " + f.fileName() + " (" + f.statements().size() + " statements"
                    + (p.transactional() ? "" : ", outside a transaction") + ")");
            listener.progress("migrations", k, files.size(), "files");
            long t0 = System.nanoTime();
            boolean ok = p.transactional() ? runAsOneBatch(f) : runWithoutTransaction(f);
            if (!ok) {
                return;
            }
            applied.add(new AppliedMigration(f.version(), f.name(), f.file().toString(), f.statements().size(),
                    (System.nanoTime() - t0) / 1_000_000, p.transactional()));
        }
        listener.progress("migrations", files.size(), files.size(), "files");
    }

    /** {@code --atomic}: every file and history insert in one transaction; any failure leaves nothing. */
    void applyAtomically(List<MigrationFile> files) throws SQLException {
        List<AppliedMigration> done = new ArrayList<>();
        c.setAutoCommit(false);
        try {
            for (MigrationFile f : files) {
                listener.info("applying " + f.fileName() + " (" + f.statements().size() + " statements, atomic push)");
                long t0 = System.nanoTime();
                if (!runInTransaction(f)) {
                    return;
                }
                done.add(new AppliedMigration(f.version(), f.name(), f.file().toString(), f.statements().size(),
                        (System.nanoTime() - t0) / 1_000_000, true));
            }
            c.commit();
            applied.addAll(done);
        } catch (SQLException e) {
            failure = failure(files.get(done.size()), e, -1, false);
            rollbackQuietly();
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * One file in its own transaction as a single batch (autocommit on: pgjdbc adds no BEGIN of its
     * own and sends one Sync). Entry 0 is BEGIN, 1 RESET ALL, 2..n+1 the statements, then the
     * history insert and COMMIT. On an error the server skips the rest of the batch and leaves the
     * transaction block failed: ROLLBACK ends it. An error at COMMIT itself (a deferred constraint)
     * has already rolled the transaction back.
     */
    private boolean runAsOneBatch(MigrationFile f) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.addBatch("BEGIN");
            s.addBatch("RESET ALL");
            for (String sql : f.statements()) {
                s.addBatch(sql);
            }
            s.addBatch(HistoryTable.insertSql(c, f));
            s.addBatch("COMMIT");
            s.executeBatch();
            return true;
        } catch (SQLException e) {
            failure = failure(f, e, 2);
            endFailedBlock();
            return false;
        }
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
     * {@code --atomic}: one file as a batch inside the caller's transaction: RESET ALL (like the
     * CLI, so a previous file's session settings such as search_path don't leak), the statements,
     * the history insert.
     */
    private boolean runInTransaction(MigrationFile f) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.addBatch("RESET ALL");
            for (String sql : f.statements()) {
                s.addBatch(sql);
            }
            s.addBatch(HistoryTable.insertSql(c, f));
            s.executeBatch();
            return true;
        } catch (SQLException e) {
            failure = failure(f, e, 1);
            rollbackQuietly();
            return false;
        }
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
        Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        int entry = m.find() ? Integer.parseInt(m.group(1)) : -1;
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
