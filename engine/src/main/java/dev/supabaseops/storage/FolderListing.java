package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A v1 listing, for Storage servers without list-v2: one folder level per request (sub-folders
 * are rows whose {@code id} is null), offset pages within a folder. Folders are listed on the
 * client's shared listing threads, as many at a time as it has ({@code --parallel}, however many
 * buckets are listed at once): a bucket with a folder per user ({@code <uid>/avatar.png}) would
 * otherwise cost one round trip per folder, one after another, every night. The first failure ends
 * the listing (folders not yet started are skipped) and is thrown; objects come back in key order.
 */
final class FolderListing {
    /** One page of one folder's rows, starting at {@code offset}. */
    @FunctionalInterface
    interface FolderFetch {
        List<ListingJson.Row> fetch(String folder, int offset);
    }

    private final FolderFetch fetch;
    private final int pageSize;
    private final Executor threads;
    private final Queue<RemoteObject> found = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private FolderListing(FolderFetch fetch, int pageSize, Executor threads) {
        this.fetch = fetch;
        this.pageSize = pageSize;
        this.threads = threads;
    }

    static List<RemoteObject> all(FolderFetch fetch, int pageSize, Executor threads) {
        FolderListing listing = new FolderListing(fetch, pageSize, threads);
        listing.submit("");
        Futures.await(listing.done, "listing");
        List<RemoteObject> out = new ArrayList<>(listing.found);
        out.sort((a, b) -> a.key().compareTo(b.key())); // not Comparator.comparing: see BackupStore's BY_NAME
        return out;
    }

    private void submit(String folder) {
        pending.incrementAndGet();
        try {
            threads.execute(() -> list(folder));
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            done.completeExceptionally(clientClosed());
        }
    }

    /** What a listing fails with when its client is closed under it. */
    static OpsException clientClosed() {
        return OpsException.failed("listing stopped: the storage client was closed");
    }

    private void list(String folder) {
        try {
            if (done.isDone()) {
                return; // another folder failed
            }
            for (int offset = 0; ; offset += pageSize) {
                List<ListingJson.Row> rows = fetch.fetch(folder, offset);
                for (ListingJson.Row row : rows) {
                    if (row.folder()) {
                        submit(folder + row.name() + "/");
                    } else {
                        found.add(row.object());
                    }
                }
                if (rows.size() < pageSize) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        } finally {
            if (pending.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }
}
