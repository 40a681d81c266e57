package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs transfers on N threads. Fail-fast mode (backups: one missing object makes the whole backup
 * worthless) stops starting new tasks after the first failure; otherwise every task runs and all
 * failures are reported (restore, sync).
 */
final class TransferPool {
    /** Results in task order (null where a task failed or was not started), and the failures. */
    record Outcome<T>(List<T> results, List<RuntimeException> failures, int notStarted) {
    }

    /** Concurrent transfers a run may ask for (more only adds 429s from the Storage API). */
    static final int MAX_PARALLEL = 64;

    private TransferPool() {
    }

    /** The one check of {@code --parallel} / {@code storage.parallel} for backup, restore and sync. */
    static void requireValidParallel(int parallel) {
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw OpsException.usage("--parallel must be between 1 and " + MAX_PARALLEL + " (got " + parallel + ")");
        }
    }

    static <T> Outcome<T> run(int parallel, List<Callable<T>> tasks, boolean failFast) {
        if (tasks.isEmpty()) {
            return new Outcome<>(List.of(), List.of(), 0);
        }
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, tasks.size())), r -> {
            Thread t = new Thread(r, "transfer-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger skipped = new AtomicInteger();
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    if (stop.get()) {
                        skipped.incrementAndGet();
                        return null;
                    }
                    try {
                        return task.call();
                    } catch (Exception e) {
                        failures.add(e instanceof RuntimeException re ? re
                                : OpsException.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), e));
                        if (failFast) {
                            stop.set(true);
                        }
                        return null;
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    failures.add(new IllegalStateException(e.getCause()));
                    results.add(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return new Outcome<>(results, List.copyOf(failures), skipped.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
