package dev.supabaseops.storage;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.testing.StorageFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDK's HTTP debug log, turned up the way a Jenkins log recorder does it, never gets the key. */
class JdkHttpLoggingTest {
    LocalStorageServer server;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = StorageFixtures.seeded();
    }

    @AfterEach
    void stop() {
        Logger.getLogger(JdkHttpLogging.LOGGER).setLevel(null);
        Logger.getLogger("sun.net.www.protocol.http").setLevel(null);
        server.close();
    }

    /**
     * Why the check exists: with the JDK's logger at FINE the JDK logs a request's headers, the
     * apikey among them. In a JVM of its own, configured before its first request as Jenkins is:
     * in this test JVM other tests' requests came first, and the JDK's loggers made before
     * java.util.logging started do not follow it.
     */
    @Test
    void atFineTheJdkLogsEveryRequestHeader() throws Exception {
        Path config = Files.writeString(dir.resolve("fine.properties"), "handlers=java.util.logging.ConsoleHandler\n"
                + "java.util.logging.ConsoleHandler.level=ALL\n" + JdkHttpLogging.LOGGER + ".level=FINE\n");
        Path probe = Files.writeString(dir.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] a) throws Exception {
                        var c = (java.net.HttpURLConnection) java.net.URI.create(a[0]).toURL().openConnection();
                        c.setRequestProperty("apikey", a[1]);
                        System.out.println("status " + c.getResponseCode());
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.config.file=" + config, probe.toString(), server.url() + "/storage/v1/bucket", server.serviceKey())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // asserted as booleans: a failure message must not print the output, which holds the key
        assertThat(out.contains("status 400")).as("the server answered (no Authorization header: 400)").isTrue();
        assertThat(out.contains("FINE: ") && out.contains("{apikey: " + server.serviceKey() + "}")).as("the JDK logged the apikey header")
                .isTrue();
    }

    /** On the JDK's logger, or on its package as a Jenkins log recorder names it to debug proxies. */
    @Test
    void storageCallsAreRefusedWhileTheJdkWouldLogTheKey() {
        for (Logger turnedUp : List.of(Logger.getLogger(JdkHttpLogging.LOGGER), Logger.getLogger("sun.net.www.protocol.http"))) {
            turnedUp.setLevel(Level.FINE);
            try (StorageClient c = StorageFixtures.clientBuilder(server).build()) {
                assertThatThrownBy(c::listBuckets).as(turnedUp.getName()).isInstanceOfSatisfying(OpsException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains(JdkHttpLogging.LOGGER).contains("set it").contains("to INFO")
                            .doesNotContain("\n").doesNotContain(server.serviceKey());
                });
                assertThat(server.requests()).as("nothing sent, so nothing logged").isEmpty();

                turnedUp.setLevel(Level.INFO); // lowered: the same client works
                assertThat(c.listBuckets()).isNotEmpty();
                server.clearRequests();
            }
            turnedUp.setLevel(null);
        }
    }
}
