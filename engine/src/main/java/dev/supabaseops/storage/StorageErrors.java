package dev.supabaseops.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Reads Storage API failures and turns them into one-line {@link OpsException}s. */
final class StorageErrors {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private StorageErrors() {
    }

    /**
     * A non-2xx answer. The Storage server sends most errors as HTTP 400 with the real status as a
     * string in {@code statusCode} (transcript); gateways send real statuses (429, 502, 503).
     */
    record Failure(int httpStatus, int status, String code, String message, boolean html, Duration retryAfter) {
        boolean retryable() {
            return status == 408 || status == 429 || status >= 500 || httpStatus == 429 || httpStatus >= 500;
        }

        boolean auth() {
            return status == 401 || status == 403 || httpStatus == 401 || httpStatus == 403;
        }

        String describe() {
            String s = Integer.toString(status);
            if (code != null && !code.isBlank()) {
                s += " " + code;
            }
            if (message != null && !message.isBlank()) {
                s += ": " + message;
            }
            return s;
        }
    }

    static Failure read(Response r) {
        ResponseBody rb = r.body();
        return read(r.code(), r.header("Content-Type"), r.header("Retry-After"), rb == null ? InputStream.nullInputStream() : rb.byteStream());
    }

    /** A failure from its status, two headers and (at most 64 KiB of) its body. */
    static Failure read(int httpStatus, String contentTypeHeader, String retryAfterHeader, InputStream in) {
        String body;
        try {
            body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            body = "";
        }
        String contentType = contentTypeHeader == null ? "" : contentTypeHeader;
        boolean html = contentType.toLowerCase(Locale.ROOT).contains("html") || body.stripLeading().startsWith("<");
        int status = httpStatus;
        String code = null;
        String message = null;
        if (!html && !body.isBlank()) {
            try {
                JsonNode n = StorageClient.Mapper.JSON.readTree(body);
                String sc = n.path("statusCode").asText("");
                if (sc.matches("\\d{3}")) {
                    status = Integer.parseInt(sc);
                }
                code = n.hasNonNull("code") ? n.get("code").asText() : n.path("error").asText(null);
                message = n.path("message").asText(null);
            } catch (IOException e) {
                message = body.length() > 200 ? body.substring(0, 200) : body;
            }
        }
        return new Failure(httpStatus, status, code, message, html, retryAfter(retryAfterHeader));
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    /** Connection-level failures worth another attempt: timeouts, resets, refused connections. */
    static boolean retryable(IOException e) {
        return !(e instanceof UnknownHostException) && !(e instanceof SSLException && !(e.getCause() instanceof IOException));
    }

    static OpsException toException(StorageHttp client, String what, Failure f) {
        if (f.auth() && f.html()) {
            return OpsException.failed(client.environment() + ": " + what + " was blocked before it reached Supabase Storage "
                    + "(HTTP " + f.httpStatus() + " with an HTML page, typically a firewall, proxy or WAF): allow HTTPS from "
                    + "this machine to " + client.host());
        }
        if (f.auth() || client.sendsApikeyOnly() && String.valueOf(f.message()).contains("required property 'authorization'")) {
            // An sb_secret_ key goes in apikey only: the API gateway swaps a key it accepts for a JWT.
            // Storage answering that the authorization header is missing means it did not accept ours
            // (400, as the fixtures' "List objects with no Authorization header" shows).
            return OpsException.usage(client.environment() + ": the Storage API at " + client.host() + " refused the key ("
                    + f.describe() + "): set " + client.keyVariable()
                    + " to the project's service_role key or an sb_secret_ key");
        }
        if ("NoSuchBucket".equals(f.code())) {
            return OpsException.usage(client.environment() + ": " + what + ": bucket not found");
        }
        return new OpsException(ExitCode.FAILED, client.environment() + ": " + what + " failed: " + f.describe()
                + (f.retryable() ? " (gave up after " + client.maxAttempts() + " attempts)" : ""));
    }

    static OpsException toException(StorageHttp client, String what, IOException e) {
        String reason;
        if (e instanceof UnknownHostException) {
            return OpsException.failed(client.environment() + ": cannot reach " + client.host()
                    + " (unknown host): check " + client.urlVariable() + " and this machine's DNS/network");
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            reason = "cannot connect to " + client.host() + " (" + e.getMessage() + ")";
        } else if (e instanceof SocketTimeoutException) {
            reason = "timed out (" + e.getMessage() + ")";
        } else if (e instanceof SSLException) {
            reason = "TLS failed (" + e.getMessage() + ")";
        } else {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return OpsException.failed(client.environment() + ": " + what + " failed after " + client.maxAttempts()
                + " attempts: " + reason, e);
    }

    /**
     * A local file error as "path: reason" in a few words ("permission denied", "No space left on
     * device", "Read-only file system"), rather than an exception's bare path.
     */
    static String describeLocal(IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        return file == null ? localReason(e) : file + ": " + localReason(e);
    }

    /** The reason of a local file error, without the path. */
    static String localReason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "exists already (a file where a folder is needed?)";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Object names in messages: control characters shown as escapes so one line stays one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
