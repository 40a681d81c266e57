package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** Waiting for work done on another thread, and seeing its failure as its own caller would have. */
final class Futures {
    private Futures() {
    }

    /** Runs {@code work} on a daemon thread of its own (a run that stops waiting for it never waits for it to end). */
    static <T> Future<T> onThread(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** The task's result; what it threw is rethrown as it was (a checked exception wrapped). */
    static <T> T await(Future<T> task, String doing) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted while " + doing);
        } catch (CancellationException e) {
            throw OpsException.failed("cancelled while " + doing);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
