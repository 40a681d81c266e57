package dev.supabaseops.jenkins;

import dev.supabaseops.core.Secret;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuildLogAndResultsTest {
    record Inner(String url, long rows) {
    }

    record Outer(String name, Instant at, List<Inner> items, Map<String, Long> counts) {
    }

    @Test
    void resultsAreTheCliJsonShapeWithEveryStringRedacted() {
        Secret.of("tok-abcdef-123456");
        Outer outer = new Outer("run tok-abcdef-123456", Instant.parse("2026-01-02T03:04:05Z"),
                List.of(new Inner("postgresql://u:pw-in-url@h:5432/db", 7)), Map.of("t", 3L));

        Map<String, Object> map = Results.toMap(outer);

        assertThat(map).containsEntry("name", "run ******").containsEntry("at", "2026-01-02T03:04:05Z");
        assertThat(map.get("items")).isEqualTo(List.of(Map.of("url", "postgresql://u:******@h:5432/db", "rows", 7L)));
        assertThat(map.get("counts")).isEqualTo(Map.of("t", 3L));
    }

    @Test
    void buildLogLinesArePrefixedRedactedAndProgressIsThrottled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BuildLogListener log = new BuildLogListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), "supabasePush");
        Secret.of("key-zyxwvu-987");

        log.info("using key-zyxwvu-987");
        log.warn("careful");
        for (int i = 1; i <= 1000; i++) {
            log.progress("download", i, 1000, "objects");
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[supabasePush] using ******",
                "[supabasePush] WARNING: careful",
                "[supabasePush] download: 1/1000 objects (0%)",
                "[supabasePush] download: 1000/1000 objects (100%)");
    }
}
