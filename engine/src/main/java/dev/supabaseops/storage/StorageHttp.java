package dev.supabaseops.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Secret;
import dev.supabaseops.core.Version;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of {@link StorageClient}: one OkHttp client (pool sized for the parallel
 * transfers, key and User-Agent headers on every request), URLs under {@code /storage/v1}, and the
 * retry loop (429, 5xx, timeouts, resets; backoff with jitter; {@code Retry-After}).
 */
final class StorageHttp {
    static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final HttpUrl base;
    private final String environment;
    private final String varPrefix;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final ProgressListener listener;

    StorageHttp(String projectUrl, Secret key, String environment, String varPrefix, int parallel,
                Duration connectTimeout, Duration readTimeout, RetryPolicy retry, ProgressListener listener) {
        String url = projectUrl.strip().replaceAll("/+$", "");
        HttpUrl parsed = HttpUrl.parse(url.endsWith("/storage/v1") ? url : url + "/storage/v1");
        if (parsed == null) {
            throw OpsException.usage(environment + ": project URL is not an http(s) URL: expected https://<ref>.supabase.co");
        }
        this.base = parsed;
        this.environment = environment;
        this.varPrefix = varPrefix;
        this.retry = retry;
        this.listener = listener;
        String userAgent = "supabase-ops/" + Version.get();
        boolean secretKey = key.reveal().startsWith("sb_secret_");
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (!base.isHttps()) {
            // Plain http (a local stack): skip loading the platform's TLS trust store, which costs a
            // noticeable part of a short run's start-up.
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        this.http = builder
                .connectionPool(new ConnectionPool(Math.max(5, parallel * 2), 5, TimeUnit.MINUTES))
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .addInterceptor(chain -> {
                    Request.Builder r = chain.request().newBuilder()
                            .header("User-Agent", userAgent)
                            .header("apikey", key.reveal());
                    if (!secretKey) {
                        // sb_secret_ keys are not JWTs: the gateway wants them in apikey only.
                        r.header("Authorization", "Bearer " + key.reveal());
                    }
                    return chain.proceed(r.build());
                })
                .build();
    }

    String environment() {
        return environment;
    }

    String host() {
        return base.host() + (base.port() == HttpUrl.defaultPort(base.scheme()) ? "" : ":" + base.port());
    }

    String keyVariable() {
        return varPrefix + "SERVICE_ROLE_KEY";
    }

    String urlVariable() {
        return varPrefix + "URL";
    }

    int maxAttempts() {
        return retry.maxAttempts();
    }

    @FunctionalInterface
    interface Handler<T> {
        T handle(Response r) throws IOException;
    }

    @FunctionalInterface
    interface RequestFactory {
        Request create();
    }

    @FunctionalInterface
    interface FailureHook {
        void inspect(StorageErrors.Failure f);
    }

    <T> T call(String what, RequestFactory request, Handler<T> handler) {
        return call(what, request, handler, f -> {
        });
    }

    <T> T call(String what, RequestFactory request, Handler<T> handler, FailureHook hook) {
        for (int attempt = 1; ; attempt++) {
            try (Response r = http.newCall(request.create()).execute()) {
                if (r.isSuccessful()) {
                    return handler.handle(r);
                }
                StorageErrors.Failure f = StorageErrors.read(r);
                hook.inspect(f);
                if (!f.retryable() || attempt >= retry.maxAttempts()) {
                    throw StorageErrors.toException(this, what, f);
                }
                Duration wait = retry.delay(attempt, f.retryAfter());
                listener.warn(environment + ": " + what + ": " + f.describe() + "; retry " + (attempt + 1) + "/"
                        + retry.maxAttempts() + " in " + wait.toMillis() + " ms");
                retry.sleep(wait);
            } catch (IOException e) {
                if (!StorageErrors.retryable(e) || attempt >= retry.maxAttempts()) {
                    throw StorageErrors.toException(this, what, e);
                }
                Duration wait = retry.delay(attempt, null);
                listener.warn(environment + ": " + what + ": " + e.getClass().getSimpleName() + "; retry "
                        + (attempt + 1) + "/" + retry.maxAttempts() + " in " + wait.toMillis() + " ms");
                retry.sleep(wait);
            }
        }
    }

    HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    /** {@code /object/<bucket>/<key>} with the key's '/' kept as separators and each part encoded. */
    HttpUrl objectUrl(String route, String bucket, String key) {
        if (!ObjectPaths.addressable(key)) {
            throw OpsException.failed("object name '" + StorageErrors.printable(key) + "' in bucket '" + bucket
                    + "' has empty, '.' or '..' path segments, which HTTP clients cannot address");
        }
        HttpUrl.Builder b = base.newBuilder().addPathSegment(route).addPathSegment(bucket);
        for (String s : key.split("/", -1)) {
            b.addEncodedPathSegment(encodeSegment(s));
        }
        return b.build();
    }

    /**
     * RFC 3986 segment encoding that leaves only unreserved and sub-delimiter characters bare; OkHttp's
     * own leaves '[' ']' '^' '|' bare, which strict servers (the JDK's included) reject.
     */
    static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    static Request get(HttpUrl url) {
        return new Request.Builder().url(url).get().build();
    }

    static Request post(HttpUrl url, JsonNode body) {
        return post(url, json(body));
    }

    static Request post(HttpUrl url, byte[] json) {
        return new Request.Builder().url(url).post(RequestBody.create(json, JSON_TYPE)).build();
    }

    static byte[] json(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
