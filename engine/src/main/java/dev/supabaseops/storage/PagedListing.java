package dev.supabaseops.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A cursor listing (list-v2) that asks for the next page while the current one is still arriving.
 * The Storage API sends {@code hasNext} and {@code nextCursor} before the objects (transcript.md,
 * "List v2 flat, limit 2"), so the next request goes out as soon as the cursor is read, and each
 * page's round trip and query overlap the previous page's transfer and parsing: against a hosted
 * project a listing of many pages costs about one round trip a page less. Pages are fetched on the
 * client's shared listing threads (so at most {@code --parallel} listing requests are in flight,
 * all buckets together) and still taken in order; a failure of a page that is taken is thrown as
 * the page's own request would have thrown it.
 */
final class PagedListing {
    /** Fetches and parses one page, calling {@code onCursor} as soon as the next page's cursor is known. */
    @FunctionalInterface
    interface PageFetch {
        ListingJson.Page fetch(String cursor, Consumer<String> onCursor);
    }

    private final PageFetch fetch;
    private final ExecutorService threads;
    private final Map<String, Future<ListingJson.Page>> ahead = new ConcurrentHashMap<>();

    private PagedListing(PageFetch fetch, ExecutorService threads) {
        this.fetch = fetch;
        this.threads = threads;
    }

    /** Every object of every page, in page order. */
    static List<RemoteObject> all(PageFetch fetch, ExecutorService threads) {
        PagedListing listing = new PagedListing(fetch, threads);
        try {
            return listing.run();
        } finally {
            listing.ahead.values().forEach(f -> f.cancel(true)); // asked for, never taken (a failure ended the listing)
        }
    }

    private List<RemoteObject> run() {
        List<RemoteObject> out = new ArrayList<>();
        Future<ListingJson.Page> next = submit(null);
        while (true) {
            ListingJson.Page page = Futures.await(next, "listing");
            out.addAll(page.objects());
            String cursor = page.nextCursor();
            if (cursor == null) {
                return out;
            }
            next = ahead.remove(cursor);
            if (next == null) { // the cursor came after the objects (or changed): ask now
                next = submit(cursor);
            }
        }
    }

    private Future<ListingJson.Page> submit(String cursor) {
        try {
            return threads.submit(() -> fetch.fetch(cursor, this::askAhead));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(FolderListing.clientClosed());
        }
    }

    private void askAhead(String cursor) {
        ahead.computeIfAbsent(cursor, this::submit);
    }
}
