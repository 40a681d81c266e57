package dev.supabaseops.migrate;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one round trip of a push sends: statements as one JDBC batch, bounded in bytes so that
 * pgjdbc, which sends a whole batch before it reads any result, can never block on a full socket
 * while the server blocks on a big result.
 */
final class RoundTrip {
    /**
     * SQL bytes (UTF-8, plus {@link #MESSAGE_OVERHEAD} per statement for the protocol's Parse, Bind and
     * Execute framing) one round trip carries at most, unless it is a single bigger statement: pgjdbc's own
     * bound against the send/receive deadlock ({@code MAX_BUFFERED_RECV_BYTES} in its QueryExecutorImpl).
     */
    static final int MAX_BYTES = 64_000;
    static final int MESSAGE_OVERHEAD = 32;

    // pgjdbc names the failed entry in BatchUpdateException's message ("Batch entry 3 … was aborted");
    // its update counts are all EXECUTE_FAILED once a transaction rolls back, so the index is only there.
    private static final Pattern BATCH_ENTRY = Pattern.compile("Batch entry (\\d+) ");

    private RoundTrip() {
    }

    /**
     * One statement a round trip sends: of file {@code file} (index in its group), its statement
     * {@code statement} (1-based), 0 for the history insert, -1 for BEGIN, RESET ALL and COMMIT.
     */
    record Entry(int file, int statement, String sql, int bytes) {
        Entry(int file, int statement, String sql) {
            this(file, statement, sql, wireBytes(sql));
        }
    }

    /** Entries in round trips of at most {@link #MAX_BYTES} bytes, or one bigger entry alone. */
    static List<List<Entry>> split(List<Entry> entries) {
        List<List<Entry>> trips = new ArrayList<>();
        List<Entry> trip = new ArrayList<>();
        long bytes = 0;
        for (Entry e : entries) {
            if (!trip.isEmpty() && bytes + e.bytes() > MAX_BYTES) {
                trips.add(trip);
                trip = new ArrayList<>();
                bytes = 0;
            }
            trip.add(e);
            bytes += e.bytes();
        }
        trips.add(trip);
        return trips;
    }

    /** What a statement weighs on the wire: its UTF-8 bytes and the messages around it. */
    static int wireBytes(String sql) {
        long n = MESSAGE_OVERHEAD;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** The entry the round trips stopped at, and the error. */
    record Failed(Entry entry, SQLException error) {
    }

    /** Sends the round trips in turn, each as one batch; the first that fails stops the rest (null: all sent). */
    static Failed sendAll(Connection c, List<List<Entry>> trips) {
        for (List<Entry> trip : trips) {
            try (Statement s = c.createStatement()) {
                add(s, trip);
                s.executeBatch();
            } catch (SQLException e) {
                return new Failed(failedEntry(trip, e), e);
            }
        }
        return null;
    }

    /** Adds the round trip's statements to the batch of {@code s}, as they are (no JDBC escapes). */
    private static void add(Statement s, List<Entry> trip) throws SQLException {
        s.setEscapeProcessing(false);
        for (Entry e : trip) {
            s.addBatch(e.sql());
        }
    }

    /** The entry of the round trip that failed: the one pgjdbc names, else the first. */
    private static Entry failedEntry(List<Entry> trip, SQLException e) {
        int i = failedEntry(e);
        return trip.get(i >= 0 && i < trip.size() ? i : 0);
    }

    /** The batch entry pgjdbc names in its message ("Batch entry 3 … was aborted"), or -1. */
    static int failedEntry(SQLException e) {
        if (!(e instanceof BatchUpdateException)) {
            return -1;
        }
        Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
