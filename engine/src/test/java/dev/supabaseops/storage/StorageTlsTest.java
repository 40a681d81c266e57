package dev.supabaseops.storage;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON calls' client (the JDK's) trusts what OkHttp trusts, the platform's trust store, and not
 * a JVM-wide default that other code replaced: Jenkins agents share their JVM with other plugins,
 * and some install a trust-everything socket factory.
 */
class StorageTlsTest {
    @TempDir
    Path dir;

    @Test
    void aJvmWideTrustEverythingDefaultDoesNotMakeAnUntrustedCertificateAcceptable() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        AtomicInteger answered = new AtomicInteger();
        server.createContext("/", x -> {
            // counted on arrival, not after close(): the client may read the whole body before this thread goes on
            answered.incrementAndGet();
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();

        SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        HttpsURLConnection.setDefaultSSLSocketFactory(trustAll.getSocketFactory());
        String url = "https://localhost:" + server.getAddress().getPort();
        try {
            // the JVM-wide default really does trust this server: a plain HttpsURLConnection gets an answer
            HttpsURLConnection plain = (HttpsURLConnection) java.net.URI.create(url + "/storage/v1/bucket").toURL().openConnection();
            assertThat(plain.getResponseCode()).isEqualTo(200);
            plain.getInputStream().readAllBytes();
            assertThat(answered.get()).isEqualTo(1);

            try (StorageClient c = StorageClient.builder(url, Secret.of("sb_secret_tls_test_0000000000"))
                    .environment("prod", "SUPABASE_PROD_").retries(2, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
                assertThatThrownBy(c::listBuckets).isInstanceOfSatisfying(OpsException.class,
                        e -> assertThat(e.getMessage()).contains("TLS failed").doesNotContain("sb_secret_tls_test"));
            }
            assertThat(answered.get()).as("no request of our client reached the untrusted server").isEqualTo(1);
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(before);
            server.stop(0);
        }
    }
}
