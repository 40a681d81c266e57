package dev.supabaseops.storage;

import dev.supabaseops.testing.CapturedLines;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every front end gets from {@link StorageRuns}: the bucket rule (null = configured, empty = all), the connections hint. */
class StorageRunsTest {
    private static final List<String> CONFIGURED = List.of("avatars", "docs");

    @Test
    void nullTakesTheConfiguredBuckets() {
        assertThat(StorageRuns.buckets(null, CONFIGURED)).containsExactly("avatars", "docs");
    }

    @Test
    void givenBucketsReplaceTheConfiguredOnesStrippedWithoutBlanks() {
        assertThat(StorageRuns.buckets(Arrays.asList(" media ", "", "  "), CONFIGURED)).containsExactly("media");
    }

    /** Above 5 in parallel, a JVM without http.maxConnections (an agent's) is told once how to keep its connections. */
    @Test
    void moreThanFiveInParallelWithoutKeptConnectionsGetsAHint() {
        CapturedLines listener = new CapturedLines();
        List<String> said = listener.lines();
        String before = System.getProperty("http.maxConnections");
        try {
            System.clearProperty("http.maxConnections");
            StorageRuns.hintKeptConnections(5, listener);
            assertThat(said).isEmpty();
            StorageRuns.hintKeptConnections(8, listener);
            assertThat(said).containsExactly("parallel 8: this JVM keeps 5 idle HTTP connections per host (http.maxConnections is"
                    + " not set), so downloads beyond 5 at a time open a new connection each: start it with -Dhttp.maxConnections=64");
            said.clear();
            System.setProperty("http.maxConnections", "64");
            StorageRuns.hintKeptConnections(8, listener);
            assertThat(said).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty("http.maxConnections");
            } else {
                System.setProperty("http.maxConnections", before);
            }
        }
    }

    @Test
    void anEmptyListMeansEveryBucketNotTheConfiguredOnes() {
        assertThat(StorageRuns.buckets(List.of(), CONFIGURED)).isEmpty();
    }
}
