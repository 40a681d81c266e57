package dev.supabaseops.local;

import dev.supabaseops.local.StorageExchange.ApiError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault {@link LocalStorageServer} injects into matching requests: an error status, a 429 with
 * {@code Retry-After}, a dropped connection, a body served slowly, a response cut off half-way, or a
 * firewall's HTML 403 page. Matches requests by method and a substring of the path below
 * {@code /storage/v1}; fires {@link #times(int)} times (default once; -1 = always).
 */
public final class StorageFault {
    public enum Kind { STATUS, RATE_LIMIT, DROP_CONNECTION, TRUNCATED_BODY, SLOW_BODY, HTML_FORBIDDEN }

    private final Kind kind;
    private final int status;
    private final int retryAfterSeconds;
    private final long bytesPerSecond;
    private String method;
    private String pathContains = "";
    private final AtomicInteger remaining = new AtomicInteger(1);
    private final AtomicInteger fired = new AtomicInteger();

    private StorageFault(Kind kind, int status, int retryAfterSeconds, long bytesPerSecond) {
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** An error response with this HTTP status and a Storage-shaped JSON body. */
    public static StorageFault status(int status) {
        return new StorageFault(Kind.STATUS, status, 0, 0);
    }

    /** HTTP 429 with {@code Retry-After: seconds}, as the API gateway sends when rate limiting. */
    public static StorageFault rateLimit(int retryAfterSeconds) {
        return new StorageFault(Kind.RATE_LIMIT, 429, retryAfterSeconds, 0);
    }

    /** Closes the connection without any response (a reset as the client sees it). */
    public static StorageFault dropConnection() {
        return new StorageFault(Kind.DROP_CONNECTION, 0, 0, 0);
    }

    /** Sends the headers and half of the body, then closes the connection. */
    public static StorageFault truncatedBody() {
        return new StorageFault(Kind.TRUNCATED_BODY, 200, 0, 0);
    }

    /** Serves the body at this rate (to exercise read timeouts). */
    public static StorageFault slowBody(long bytesPerSecond) {
        return new StorageFault(Kind.SLOW_BODY, 200, 0, bytesPerSecond);
    }

    /** HTTP 403 with an HTML page, as corporate proxies and WAFs answer. */
    public static StorageFault htmlForbidden() {
        return new StorageFault(Kind.HTML_FORBIDDEN, 403, 0, 0);
    }

    /** Only requests with this method and a path (below /storage/v1) containing this text. */
    public StorageFault on(String method, String pathContains) {
        this.method = method;
        this.pathContains = pathContains == null ? "" : pathContains;
        return this;
    }

    /** How often it fires; -1 = every matching request. */
    public StorageFault times(int n) {
        remaining.set(n);
        return this;
    }

    public StorageFault always() {
        return times(-1);
    }

    /** How many requests it has hit so far. */
    public int fired() {
        return fired.get();
    }

    boolean claim(String requestMethod, String path) {
        if (method != null && !method.equalsIgnoreCase(requestMethod) || !path.contains(pathContains)) {
            return false;
        }
        while (true) {
            int r = remaining.get();
            if (r == 0) {
                return false;
            }
            if (r < 0 || remaining.compareAndSet(r, r - 1)) {
                fired.incrementAndGet();
                return true;
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Applies a fault; true when the response was sent (or the connection dropped). */
    boolean apply(StorageExchange x) throws IOException {
        switch (kind) {
            case STATUS -> {
                x.error(new ApiError(status, "internal", "injected fault", "InternalError"));
                return true;
            }
            case RATE_LIMIT -> {
                x.http.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                x.json(429, Map.of("message", "API rate limit exceeded"));
                return true;
            }
            case HTML_FORBIDDEN -> {
                x.text(403, "text/html; charset=utf-8",
                        "<html><head><title>403 Forbidden</title></head><body><h1>Access denied</h1>"
                                + "<p>The request was blocked by the network security policy.</p></body></html>");
                return true;
            }
            case DROP_CONNECTION -> throw new IllegalStateException("injected: connection dropped");
            default -> {
                x.fault = this; // body faults act while the body is written
                return false;
            }
        }
    }

    /** Writes {@code length} bytes, applying a body fault (slow or truncated) when one is set. */
    static void writeBody(StorageExchange x, InputStream in, OutputStream out, long length) throws IOException {
        StorageFault f = x.fault;
        byte[] buf = new byte[64 * 1024];
        long written = 0;
        long limit = f != null && f.kind() == Kind.TRUNCATED_BODY ? length / 2 : length;
        int chunk = f != null && f.kind() == Kind.SLOW_BODY
                ? (int) Math.max(1, Math.min(buf.length, f.bytesPerSecond() / 10)) : buf.length;
        while (written < limit) {
            int n = in.read(buf, 0, (int) Math.min(chunk, limit - written));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            written += n;
            if (chunk < buf.length) {
                out.flush();
                sleep(100);
            }
        }
        if (written < length) {
            out.flush();
            throw new IllegalStateException("injected: body cut off"); // the server then closes the connection
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
