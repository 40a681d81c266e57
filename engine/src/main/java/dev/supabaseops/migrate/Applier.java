package dev.supabaseops.migrate;

import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Redactor;
import dev.supabaseops.migrate.RoundTrip.Entry;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Runs pending files on one connection. Each transactional file is {@code BEGIN}, its
 * statements, its history insert, {@code COMMIT}: applied and recorded together or not at all, as
 * with the CLI. Consecutive transactional files travel in one JDBC batch — one round trip for up
 * to {@link #MAX_FILES_PER_ROUND_TRIP} files instead of one per file (the CLI's way), which against
 * a database 50 ms away is 10 s less for 200 files, and on loopback keeps the server from waiting on
 * us between files. A failure makes the server skip the rest of the batch, so the files after the
 * failing one never run. Files that cannot run in a transaction go alone, as with the CLI: each
 * statement that cannot run in a transaction block on its own, the statements around it in
 * transactions, the history insert in the last ({@link #runWithoutTransaction}).
 *
 * <p>pgjdbc sends a whole batch before it reads any result, and the server stops reading while a
 * result it is writing does not fit in the socket buffers: a batch that is big on both sides (a
 * query returning megabytes, then megabytes more of SQL) would hang both ends for ever. So a round
 * trip carries at most {@link RoundTrip#MAX_BYTES} bytes of SQL — small enough to always fit
 * in the buffers, so our sending completes and we go on to read — or one bigger statement alone.
 * Files join a round trip only while they fit; a file bigger than that travels alone, its
 * transaction spread over as many round trips as it needs (BEGIN in the first, COMMIT in the last).
 */
final class Applier {
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


    /** A file as the entries it sends, and their bytes. */
    private record Sent(MigrationFile file, List<Entry> entries, long bytes) {
    }

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
            int end = roundTripEnd(files, k, j -> plan.get(j).transactional(), true);
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
                int end = roundTripEnd(files, k, j -> true, false);
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

    /**
     * Where the round trip starting at {@code k} ends: 50 files, 1,000 statements,
     * {@link RoundTrip#MAX_BYTES} bytes, or a file that may not join. The first file always
     * goes; when it alone is bigger, it is sent in several round trips ({@link #roundTrips}).
     */
    private int roundTripEnd(List<MigrationFile> files, int k, IntPredicate mayJoin, boolean ownTransactions)
            throws SQLException {
        int end = k + 1;
        int statements = files.get(k).statements().size();
        long bytes = sent(files.get(k), 0, ownTransactions).bytes();
        while (end < files.size() && end - k < MAX_FILES_PER_ROUND_TRIP && mayJoin.test(end)
                && statements + files.get(end).statements().size() <= MAX_STATEMENTS_PER_ROUND_TRIP) {
            long more = sent(files.get(end), 0, ownTransactions).bytes();
            if (bytes + more > RoundTrip.MAX_BYTES) {
                break;
            }
            statements += files.get(end).statements().size();
            bytes += more;
            end++;
        }
        return end;
    }

    /**
     * What the file sends: {@code BEGIN} (with {@code ownTransactions}), {@code RESET ALL}, its
     * statements, its history insert, {@code COMMIT} (with {@code ownTransactions}).
     */
    private Sent sent(MigrationFile f, int index, boolean ownTransactions) throws SQLException {
        List<Entry> entries = new ArrayList<>(f.statements().size() + 4);
        if (ownTransactions) {
            entries.add(new Entry(index, -1, "BEGIN"));
        }
        entries.add(new Entry(index, -1, "RESET ALL"));
        for (int i = 0; i < f.statements().size(); i++) {
            entries.add(new Entry(index, i + 1, f.statements().get(i)));
        }
        entries.add(new Entry(index, 0, HistoryTable.insertSql(f)));
        if (ownTransactions) {
            entries.add(new Entry(index, -1, "COMMIT"));
        }
        long bytes = 0;
        for (Entry e : entries) {
            bytes += e.bytes();
        }
        return new Sent(f, entries, bytes);
    }

    /** The group's entries in round trips of at most {@link RoundTrip#MAX_BYTES} bytes, or one bigger entry alone. */
    private List<List<Entry>> roundTrips(List<MigrationFile> group, boolean ownTransactions) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            entries.addAll(sent(group.get(i), i, ownTransactions).entries());
        }
        return RoundTrip.split(entries);
    }


    private static int statements(List<MigrationFile> group) {
        int n = 0;
        for (MigrationFile f : group) {
            n += f.statements().size();
        }
        return n;
    }

    private void announce(List<MigrationFile> group, String how, int roundTrips) {
        MigrationFile head = group.get(0);
        if (group.size() == 1) {
            listener.info("applying " + head.fileName() + " (" + head.statements().size() + " statements" + how
                    + (roundTrips > 1 ? ", sent in " + roundTrips + " round trips" : "") + ")");
        } else {
            listener.info("applying " + group.size() + " files in one round trip" + (how.isEmpty() ? ", each in its own transaction" : how)
                    + " (" + statements(group) + " statements): " + head.fileName() + " … " + group.get(group.size() - 1).fileName());
        }
    }

    /**
     * Files, each in its own transaction, as a single batch (autocommit on: pgjdbc adds no BEGIN of
     * its own) — or, for one file bigger than a round trip carries, as several batches inside its
     * transaction. Per file: BEGIN, RESET ALL, its statements, the history insert, COMMIT. On an error
     * the server skips the rest of the batch and leaves the failing file's transaction block failed:
     * ROLLBACK ends it; the files before it are committed, those after it never ran. An error at
     * COMMIT itself (a deferred constraint) has already rolled that file back.
     */
    private boolean runInOneRoundTrip(List<MigrationFile> group) throws SQLException {
        List<List<Entry>> trips = roundTrips(group, true);
        announce(group, "", trips.size());
        long t0 = System.nanoTime();
        c.setAutoCommit(true);
        RoundTrip.Failed sent = RoundTrip.sendAll(c, trips);
        if (sent != null) {
            // the failing file: the one of the failed entry (pgjdbc names it for every server error,
            // a terminated connection's included; else the round trip's first, the first not committed)
            for (int k = 0; k < sent.entry().file(); k++) {
                applied.add(applied(group.get(k), t0, group.size(), true));
            }
            failure = failure(group.get(sent.entry().file()), sent.error(), sent.entry());
            endFailedBlock();
            return false;
        }
        group.forEach(f -> applied.add(applied(f, t0, group.size(), true)));
        return true;
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
     * {@code --atomic}: files as one batch (or a bigger file as several) inside the caller's
     * transaction: per file RESET ALL (like the CLI, so a previous file's session settings such as
     * search_path don't leak), its statements, its history insert.
     */
    private boolean runInTransaction(List<MigrationFile> group, List<AppliedMigration> done) throws SQLException {
        List<List<Entry>> trips = roundTrips(group, false);
        announce(group, ", atomic push", trips.size());
        long t0 = System.nanoTime();
        RoundTrip.Failed sent = RoundTrip.sendAll(c, trips);
        if (sent != null) {
            failure = failure(group.get(sent.entry().file()), sent.error(), sent.entry());
            rollbackQuietly();
            return false;
        }
        group.forEach(f -> done.add(applied(f, t0, group.size(), true)));
        return true;
    }

    /**
     * The failure of a batch at entry {@code failed} of file {@code f}: the statement it names, 0 for
     * the history insert, -1 for BEGIN, RESET ALL and COMMIT (a deferred constraint, say, whose
     * statement no longer shows) and when pgjdbc named no entry.
     */
    private static MigrationFailure failure(MigrationFile f, SQLException e, Entry failed) {
        if (!(e instanceof BatchUpdateException)) {
            return failure(f, e, -1, false);
        }
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        return failure(f, cause, RoundTrip.failedEntry(e) < 0 ? -1 : failed.statement(), false);
    }

    /**
     * A file that cannot run in one transaction, the CLI's way. With its directive, or statements that
     * control the transaction: statement by statement with autocommit, history last (ROLLBACK after a
     * failure, which ends a block the file had begun). Otherwise each statement that cannot run in a
     * transaction block runs on its own, and the statements between them run in transactions: those
     * before the first, those between two, and those after the last together with the history insert.
     * A failure leaves what was committed before it (reported as partially applied), nothing of its
     * own transaction, and no history row.
     */
    private boolean runWithoutTransaction(MigrationFile f) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute("RESET ALL");
        }
        if (TransactionRules.statementByStatement(f)) {
            return runStatementByStatement(f);
        }
        int version = serverVersionNum();
        List<Integer> segment = new ArrayList<>(); // statement numbers (1-based) of the open transaction
        boolean committed = false; // something of the file is committed: a later failure leaves it half-applied
        for (int i = 1; i <= f.statements().size(); i++) {
            String sql = f.statements().get(i - 1);
            if (!TransactionRules.runsAlone(sql, version)) {
                segment.add(i);
                continue;
            }
            if (!segment.isEmpty()) {
                if (!runSegment(f, segment, false, committed)) {
                    return false;
                }
                committed = true;
                segment.clear();
            }
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute(sql);
            } catch (SQLException e) {
                failure = failure(f, e, i, committed);
                return false;
            }
            committed = true;
        }
        return runSegment(f, segment, true, committed);
    }

    /** BEGIN, the statements (and the history insert), COMMIT, in round trips as in {@link #roundTrips}. */
    private boolean runSegment(MigrationFile f, List<Integer> numbers, boolean withHistory, boolean committedBefore)
            throws SQLException {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(0, -1, "BEGIN"));
        for (int n : numbers) {
            entries.add(new Entry(0, n, f.statements().get(n - 1)));
        }
        if (withHistory) {
            entries.add(new Entry(0, 0, HistoryTable.insertSql(f)));
        }
        entries.add(new Entry(0, -1, "COMMIT"));
        RoundTrip.Failed sent = RoundTrip.sendAll(c, RoundTrip.split(entries));
        if (sent != null) {
            MigrationFailure m = failure(f, sent.error(), sent.entry());
            failure = new MigrationFailure(m.version(), m.file(), m.statementNumber(), m.statementCount(), m.line(),
                    m.sqlState(), m.message(), m.detail(), m.statement(), committedBefore);
            endFailedBlock();
            return false;
        }
        return true;
    }

    private boolean runStatementByStatement(MigrationFile f) throws SQLException {
        // Whether anything of the file is committed: a statement outside a block the file began
        // commits on its own, one inside it only at its COMMIT. A failure inside the block loses the
        // whole block (endFailedBlock), so "partially applied" must not be said for that alone.
        boolean committed = false;
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            for (int i = 0; i < f.statements().size(); i++) {
                try {
                    s.execute(f.statements().get(i));
                } catch (SQLException e) {
                    failure = failure(f, e, i + 1, committed);
                    endFailedBlock(); // like the CLI: ends a block the file began
                    return false;
                }
                committed |= !inTransactionBlock();
            }
            try {
                s.execute(HistoryTable.insertSql(f));
            } catch (SQLException e) {
                failure = failure(f, e, 0, committed);
                endFailedBlock();
                return false;
            }
            return true;
        }
    }

    /** Whether the session is inside a transaction block (pgjdbc tracks the server's ReadyForQuery status). */
    private boolean inTransactionBlock() throws SQLException {
        return c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState() != org.postgresql.core.TransactionState.IDLE;
    }

    private int serverVersionNum() throws SQLException {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
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
