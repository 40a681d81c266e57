package dev.supabaseops.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supabaseops.core.Redactor;
import dev.supabaseops.core.Secret;
import dev.supabaseops.core.Version;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request whose status, body text and JSON values must match.
 *
 * @param headers  header values are secrets (keys, bearer tokens): only the names are ever shown
 * @param body     request body sent as JSON, or null
 * @param contains texts the response body must contain
 * @param timeout  bound on the whole call: connect, send, wait, read
 * @param followRedirects follow 3xx answers (the default); off, a redirect is judged as the answer
 */
public record HttpCheck(String name, String method, String url, Map<String, Secret> headers, String body,
                        StatusRange status, List<JsonAssertion> json, List<String> contains, Duration timeout,
                        boolean followRedirects)
        implements HealthCheck {
    /** Enough for any health document; a bigger body is read up to here and judged on that part. */
    static final long MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** OkHttp refuses these methods without a body; send an empty one. */
    private static final java.util.Set<String> NEEDS_BODY = java.util.Set.of("POST", "PUT", "PATCH");
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    public HttpCheck {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        json = List.copyOf(json);
        contains = List.copyOf(contains);
    }

    @Override
    public CheckKind kind() {
        return CheckKind.HTTP;
    }

    @Override
    public String target() {
        List<String> expect = new ArrayList<>();
        expect.add("status " + status);
        json.forEach(a -> expect.add(a.toString()));
        contains.forEach(c -> expect.add("body contains \"" + c + "\""));
        String sent = headers.isEmpty() ? "" : " (headers: " + String.join(", ", headers.keySet()) + ")";
        return method + " " + url + sent + " expecting " + String.join(", ", expect);
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        Request.Builder request = new Request.Builder().url(url).header("User-Agent", "supabase-ops/" + Version.get());
        headers.forEach((k, v) -> request.header(k, v.reveal()));
        RequestBody requestBody = body != null ? RequestBody.create(body, JSON_TYPE)
                : NEEDS_BODY.contains(method) ? RequestBody.create(new byte[0]) : null;
        request.method(method, requestBody);
        // callTimeout bounds the whole exchange, so an endpoint that accepts and never answers is cut.
        OkHttpClient client = context.http().newBuilder().callTimeout(timeout).connectTimeout(timeout)
                .readTimeout(timeout).writeTimeout(timeout).followRedirects(followRedirects).followSslRedirects(followRedirects)
                .build();
        try (Response response = client.newCall(request.build()).execute()) {
            String text = response.peekBody(MAX_BODY).string();
            // a followed redirect is said, so a health URL that now sends to a login page shows in the report
            okhttp3.HttpUrl end = response.request().url();
            String via = response.priorResponse() == null ? ""
                    : " after a redirect to " + (end.host().equals(okhttp3.HttpUrl.get(url).host()) ? "" : end.host()) + end.encodedPath();
            return judge(response.code() + via, response.code(), text);
        } catch (UnknownHostException e) {
            return CheckOutcome.fail("unknown host " + okhttp3.HttpUrl.get(url).host() + ": check the URL and DNS");
        } catch (ConnectException e) {
            return CheckOutcome.fail("cannot connect to " + hostOf() + ": " + rootMessage(e));
        } catch (SSLException e) {
            return CheckOutcome.fail("TLS failure with " + hostOf() + ": " + e.getMessage());
        } catch (InterruptedIOException e) {
            return CheckOutcome.fail("no complete response within " + Durations.format(timeout)
                    + " (per-request timeout)");
        } catch (IOException e) {
            return CheckOutcome.fail("request failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    CheckOutcome judge(String answer, int code, String text) {
        if (!status.matches(code)) {
            String snippet = text.isBlank() ? "" : ": " + shortened(text, 160);
            return CheckOutcome.fail("HTTP " + answer + " (expected " + status + ")" + snippet);
        }
        for (String c : contains) {
            if (!text.contains(c)) {
                return CheckOutcome.fail("HTTP " + answer + " but the body does not contain \"" + c + "\"");
            }
        }
        if (!json.isEmpty()) {
            JsonNode doc;
            try {
                doc = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                doc = null;
            }
            if (doc == null || doc.isMissingNode()) {
                String snippet = shortened(text, 80);
                return CheckOutcome.fail("HTTP " + answer + " but the body is not JSON: " + snippet);
            }
            List<String> wrong = new ArrayList<>();
            for (JsonAssertion a : json) {
                String why = a.check(doc);
                if (why != null) {
                    wrong.add(why);
                }
            }
            if (!wrong.isEmpty()) {
                return CheckOutcome.fail("HTTP " + answer + " but " + String.join("; ", wrong));
            }
        }
        return CheckOutcome.pass("HTTP " + answer);
    }

    /**
     * The start of a body for a message: masked first, then cut, so a cut can never leave the start
     * of a secret that the masking would no longer recognise.
     */
    static String shortened(String text, int max) {
        String masked = Redactor.redact(text);
        return masked.length() > max ? masked.substring(0, max) + "…" : masked;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private String hostOf() {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(url);
        return u == null ? "the host" : u.host() + ":" + u.port();
    }
}
