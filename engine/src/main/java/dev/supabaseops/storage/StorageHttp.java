package dev.supabaseops.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.core.Secret;
import dev.supabaseops.core.Version;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP side of {@link StorageClient}: URLs under {@code /storage/v1}, the key and User-Agent
 * headers on every request, and one retry loop (429, 5xx, timeouts and resets; backoff with jitter;
 * {@code Retry-After}) for two transports:
 * <ul>
 * <li>the API's JSON calls (bucket list and settings, listings, deletes) and object downloads go
 * through the JDK's {@code HttpURLConnection}. For the JSON calls a cold JVM's first request is what costs. Through
 * OkHttp it was ~0.1 s of one-time set-up (security providers, IDN tables, logging, its call chain)
 * in an unchanged nightly backup, which makes only such calls; through the JDK's client, ~30 ms
 * (docs/benchmarks.md, eighth session; AWS's SDK for Java offers its {@code UrlConnectionHttpClient}
 * for the same reason). Per connection: no caches, no redirects, no {@code java.net.Authenticator},
 * the platform's trust store and a strict host name check, whatever JVM-wide defaults other code
 * set (a Jenkins agent's JVM is shared). The JDK's client resends a request once by itself when a
 * connection fails before any answer; the retry loop sees the second failure. Downloads followed
 * (docs/benchmarks.md, 2026-12-02): a backup then loads neither OkHttp nor the Kotlin
 * library under it, so the launcher's class-data archive for it is ~6 MB instead of ~10.5 MB, a
 * first backup of the benchmark's 2,010 objects took ~12–25% less and an unchanged one ~5–10% less. A
 * body is read with the read timeout on every read; connections are kept alive for reuse by the
 * JDK, up to {@code http.maxConnections} idle ones per host (5 unless set; the CLI sets 64);</li>
 * <li>uploads (restore, sync) go through one OkHttp client, made on the first upload, with a pool
 * sized for the parallel transfers: it has a write timeout, which {@code HttpURLConnection} lacks
 * (a server that stops reading a request body would hold a thread until TCP gives up).</li>
 * </ul>
 */
final class StorageHttp {
    private static final Authenticator NO_AUTHENTICATION = new Authenticator() {
    };

    /** {@code <project url>/storage/v1}, no trailing slash. */
    private final String base;
    private final URI baseUri;
    private final String environment;
    private final String varPrefix;
    private final String userAgent;
    private final Secret key;
    private final boolean secretKey;
    private final int parallel;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final RetryPolicy retry;
    private final ProgressListener listener;
    /** For uploads, made on the first: a backup never needs it. */
    private OkHttpClient uploads;
    private HttpUrl transferBase;
    private SSLSocketFactory tlsSockets;

    StorageHttp(String projectUrl, Secret key, String environment, String varPrefix, int parallel,
                Duration connectTimeout, Duration readTimeout, RetryPolicy retry, ProgressListener listener) {
        String url = projectUrl.strip().replaceAll("/+$", "");
        this.base = url.endsWith("/storage/v1") ? url : url + "/storage/v1";
        this.baseUri = httpUri(base, environment);
        this.environment = environment;
        this.varPrefix = varPrefix;
        this.userAgent = "supabase-ops/" + Version.get();
        this.key = key;
        // sb_secret_ keys are not JWTs: the gateway wants them in apikey only.
        this.secretKey = key.reveal().startsWith("sb_secret_");
        this.parallel = parallel;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.retry = retry;
        this.listener = listener;
    }

    private static URI httpUri(String url, String environment) {
        try {
            URI u = new URI(url);
            if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null
                    && u.getRawQuery() == null && u.getRawFragment() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below, without the URL (it might carry credentials)
        }
        throw notHttp(environment);
    }

    private static OpsException notHttp(String environment) {
        return OpsException.usage(environment + ": project URL is not an http(s) URL: expected https://<ref>.supabase.co");
    }

    String environment() {
        return environment;
    }

    String host() {
        return baseUri.getHost() + (baseUri.getPort() < 0 ? "" : ":" + baseUri.getPort());
    }

    /** An sb_secret_ key: sent in apikey only, for the gateway to exchange. */
    boolean sendsApikeyOnly() {
        return secretKey;
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

    /** Reads a JSON call's successful body (the stream is closed afterwards). */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** Reads a successful response: its headers from {@code c}, its body from {@code body} (closed afterwards). */
    @FunctionalInterface
    interface ResponseReader<T> {
        T read(HttpURLConnection c, InputStream body) throws IOException;
    }

    /** A JSON call of the API: {@code path} below {@code /storage/v1} (see {@link #path}), {@code json} null for none. */
    <T> T api(String what, String method, String path, byte[] json, BodyReader<T> reader) {
        return api(what, method, path, json, reader, f -> {
        });
    }

    <T> T api(String what, String method, String path, byte[] json, BodyReader<T> reader, FailureHook hook) {
        return exchange(what, method, path, json, "application/json", (c, body) -> reader.read(body), hook);
    }

    /**
     * Downloads {@code path} (see {@link #objectPath}): {@code reader} streams the body; a failure
     * while reading it (a reset, a read timeout) is retried like one before the answer.
     */
    <T> T download(String what, String path, ResponseReader<T> reader) {
        return exchange(what, "GET", path, null, "*/*", reader, f -> {
        });
    }

    private <T> T exchange(String what, String method, String path, byte[] json, String accept, ResponseReader<T> reader,
                           FailureHook hook) {
        JdkHttpLogging.refuseIfHeadersWouldBeLogged();
        return withRetries(what, hook, () -> {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            try {
                c.setUseCaches(false);
                c.setInstanceFollowRedirects(false);
                c.setAuthenticator(NO_AUTHENTICATION);
                if (c instanceof HttpsURLConnection tls) {
                    tls.setSSLSocketFactory(tlsSockets());
                    tls.setHostnameVerifier((host, session) -> false); // only a certificate that names the host
                }
                c.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
                c.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
                c.setRequestMethod(method);
                c.setRequestProperty("User-Agent", userAgent);
                c.setRequestProperty("Accept", accept);
                c.setRequestProperty("apikey", key.reveal());
                if (!secretKey) {
                    c.setRequestProperty("Authorization", "Bearer " + key.reveal());
                }
                if (json != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(json);
                    }
                }
                int status = c.getResponseCode();
                if (status >= 200 && status < 300) {
                    try (InputStream in = c.getInputStream()) {
                        return new Outcome<>(reader.read(c, in), null);
                    }
                }
                InputStream err = c.getErrorStream();
                try (InputStream body = err != null ? err : InputStream.nullInputStream()) {
                    return new Outcome<>(null, StorageErrors.read(status, c.getHeaderField("Content-Type"),
                            c.getHeaderField("Retry-After"), body));
                }
            } catch (IOException | RuntimeException e) {
                c.disconnect(); // a half-read connection goes back to no pool
                throw e;
            }
        });
    }

    /**
     * TLS with the platform's trust store, as OkHttp uses: not {@code HttpsURLConnection}'s
     * JVM-wide default socket factory, which other code in the JVM may have replaced.
     */
    private synchronized SSLSocketFactory tlsSockets() throws SSLException {
        if (tlsSockets == null) {
            try {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((KeyStore) null);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                tlsSockets = context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new SSLException("no TLS on this JVM: " + e.getMessage(), e); // not retried
            }
        }
        return tlsSockets;
    }

    /** An upload through OkHttp. */
    <T> T upload(String what, RequestFactory request, Handler<T> handler) {
        return withRetries(what, f -> {
        }, () -> {
            try (Response r = uploads().newCall(request.create()).execute()) {
                return r.isSuccessful() ? new Outcome<>(handler.handle(r), null) : new Outcome<T>(null, StorageErrors.read(r));
            }
        });
    }

    /** One attempt's result: a value, or the server's refusal. */
    private record Outcome<T>(T value, StorageErrors.Failure failure) {
    }

    @FunctionalInterface
    private interface Attempt<T> {
        Outcome<T> run() throws IOException;
    }

    private <T> T withRetries(String what, FailureHook hook, Attempt<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                Outcome<T> o = attempt.run();
                if (o.failure() == null) {
                    return o.value();
                }
                StorageErrors.Failure f = o.failure();
                hook.inspect(f);
                if (!f.retryable() || n >= retry.maxAttempts()) {
                    throw StorageErrors.toException(this, what, f);
                }
                Duration wait = retry.delay(n, f.retryAfter());
                listener.warn(environment + ": " + what + ": " + f.describe() + "; retry " + (n + 1) + "/"
                        + retry.maxAttempts() + " in " + wait.toMillis() + " ms");
                retry.sleep(wait);
            } catch (IOException e) {
                if (!StorageErrors.retryable(e) || n >= retry.maxAttempts()) {
                    throw StorageErrors.toException(this, what, e);
                }
                Duration wait = retry.delay(n, null);
                listener.warn(environment + ": " + what + ": " + e.getClass().getSimpleName() + "; retry "
                        + (n + 1) + "/" + retry.maxAttempts() + " in " + wait.toMillis() + " ms");
                retry.sleep(wait);
            }
        }
    }

    private synchronized OkHttpClient uploads() {
        if (uploads == null) {
            OkHttpClient.Builder builder = new OkHttpClient.Builder();
            if (!transferBase().isHttps()) {
                // Plain http (a local stack): skip loading the platform's TLS trust store.
                builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
            }
            uploads = builder
                    .connectionPool(new ConnectionPool(Math.max(5, parallel * 2), 5, TimeUnit.MINUTES))
                    .connectTimeout(connectTimeout)
                    .readTimeout(readTimeout)
                    .writeTimeout(readTimeout)
                    .addInterceptor(chain -> {
                        Request.Builder r = chain.request().newBuilder()
                                .header("User-Agent", userAgent)
                                .header("apikey", key.reveal());
                        if (!secretKey) {
                            r.header("Authorization", "Bearer " + key.reveal());
                        }
                        return chain.proceed(r.build());
                    })
                    .build();
        }
        return uploads;
    }

    private synchronized HttpUrl transferBase() {
        if (transferBase == null) {
            transferBase = HttpUrl.parse(base); // null, not an exception that quotes the URL
            if (transferBase == null) {
                throw notHttp(environment);
            }
        }
        return transferBase;
    }

    /** An API path: {@code /seg/seg}, each segment encoded as {@link #encodeSegment} does. */
    static String path(String... segments) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/').append(encodeSegment(s));
        }
        return b.toString();
    }

    /** {@code /<route>/<bucket>/<key>} with the key's '/' kept as separators and each part encoded. */
    static String objectPath(String route, String bucket, String key) {
        if (!ObjectPaths.addressable(key)) {
            throw OpsException.failed("object name '" + StorageErrors.printable(key) + "' in bucket '" + bucket
                    + "' has empty, '.' or '..' path segments, which HTTP clients cannot address");
        }
        StringBuilder b = new StringBuilder(path(route, bucket));
        for (String s : key.split("/", -1)) {
            b.append('/').append(encodeSegment(s));
        }
        return b.toString();
    }

    /** {@link #objectPath} as an OkHttp URL, for uploads. */
    HttpUrl objectUrl(String route, String bucket, String key) {
        return transferBase().newBuilder().addEncodedPathSegments(objectPath(route, bucket, key).substring(1)).build();
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

    static byte[] json(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    synchronized void close() {
        if (uploads != null) {
            uploads.dispatcher().executorService().shutdown();
            uploads.connectionPool().evictAll();
        }
    }
}
