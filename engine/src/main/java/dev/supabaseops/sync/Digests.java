package dev.supabaseops.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole-table digests of every table a run compares, taken up front and at once: the source's
 * (the costlier side: it also rewrites URLs and counts them) on two sessions sharing one snapshot
 * while the target's run one after another on the target session. Taken table by table, one
 * core waited while the other worked; a no-change re-sync is almost nothing but these digests.
 */
final class Digests {
    /** Source totals (rows, digest, URL counts) and target totals (rows, digest) by table. */
    record Totals(Map<TableRef, long[]> source, Map<TableRef, long[]> target) {
    }

    private Digests() {
    }

    static Totals take(DatabaseSource db, Connection target, Map<TableRef, SourceSide> sides, Map<TableRef, SyncJob> jobs,
                       List<TableRef> tables) throws SQLException {
        Map<TableRef, long[]> fromSource = new ConcurrentHashMap<>();
        Map<TableRef, long[]> fromTarget = new ConcurrentHashMap<>();
        if (tables.isEmpty()) {
            return new Totals(fromSource, fromTarget);
        }
        Queue<TableRef> queue = new ConcurrentLinkedQueue<>(tables);
        List<Connection> sessions = new ArrayList<>(List.of(db.connection()));
        if (tables.size() > 1 && db.secondSession() != null) {
            sessions.add(db.secondSession());
        }
        List<Thread> workers = new ArrayList<>();
        AtomicReference<SQLException> failed = new AtomicReference<>();
        for (Connection session : sessions) { // one thread per session: a connection is never shared
            Thread t = new Thread(() -> {
                try {
                    for (TableRef r = queue.poll(); r != null && failed.get() == null; r = queue.poll()) {
                        fromSource.put(r, SourceSummary.sourceTotal(session, sides.get(r)));
                    }
                } catch (SQLException e) {
                    failed.compareAndSet(null, e);
                } catch (RuntimeException e) { // reported by the run like the rest, not printed by the thread
                    failed.compareAndSet(null, new SQLException("digesting the source failed: " + e, e));
                }
            }, "sync-source-digest");
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        SQLException targetFailure = null;
        try {
            for (TableRef r : tables) {
                fromTarget.put(r, SourceSummary.targetTotal(target, jobs.get(r)));
            }
        } catch (SQLException e) {
            targetFailure = e;
            queue.clear();
        }
        for (Thread t : workers) { // no thread may still use a source session when this returns
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while digesting the source", e);
            }
        }
        if (targetFailure != null) {
            throw targetFailure;
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return new Totals(fromSource, fromTarget);
    }
}
