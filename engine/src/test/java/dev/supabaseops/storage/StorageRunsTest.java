package dev.supabaseops.storage;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket rule every front end gets from {@link StorageRuns}: null = configured, empty = all. */
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

    @Test
    void anEmptyListMeansEveryBucketNotTheConfiguredOnes() {
        assertThat(StorageRuns.buckets(List.of(), CONFIGURED)).isEmpty();
    }
}
