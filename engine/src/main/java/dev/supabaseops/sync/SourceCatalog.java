package dev.supabaseops.sync;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source's side of reading the catalogs, on a thread of its own while the run connects to the
 * target and reads its side: the two servers' connects and round trips overlap instead of adding
 * up. The source (and its connection) is used by that thread only, until {@link #join} returns.
 */
final class SourceCatalog {
    private final Map<TableRef, Optional<SyncSource.Table>> tables = new LinkedHashMap<>();
    private final Thread thread;
    private Throwable failure;

    private SourceCatalog(SyncSource source, List<TableRef> refs) {
        thread = new Thread(() -> {
            try {
                for (TableRef r : refs) {
                    tables.put(r, source.describe(r));
                }
            } catch (SQLException | RuntimeException | Error e) {
                failure = e;
            }
        }, "sync-source-catalog");
        thread.setDaemon(true);
    }

    static SourceCatalog read(SyncSource source, List<TableRef> refs) {
        SourceCatalog c = new SourceCatalog(source, refs);
        c.thread.start();
        return c;
    }

    /** The source's tables by requested name (empty: not found), or what reading them threw. */
    Map<TableRef, Optional<SyncSource.Table>> tables() throws SQLException {
        join();
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return tables;
    }

    /** Waits for the thread (Thread.join: its writes are visible after). Before the source closes, always. */
    void join() throws SQLException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the source's catalogs", e);
        }
    }
}
