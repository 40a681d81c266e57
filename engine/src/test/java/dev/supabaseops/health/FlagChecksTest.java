package dev.supabaseops.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagChecksTest {
    private static FlagChecks of(List<String> http, String method, List<String> headers, List<String> expect,
                                 List<String> sql, String rls, List<String> require, String envFile, List<String> dburl) {
        return new FlagChecks(http, method, headers, null, expect, null, sql, null, rls, null, require, null, envFile, dburl, "3s");
    }

    @Test
    void buildsChecksInTheConfigurationsShapeNumberedWhenRepeated() {
        ArrayNode checks = of(List.of("/health"), "GET", List.of("apikey: ${KEY}"), List.of("/status=healthy", "/version"),
                List.of("select true", "select 1 = 1"), "public, ops", List.of("A"), null, null).toChecks();

        assertThat(checks).extracting(c -> c.path("name").asText()).containsExactly("http", "sql-1", "sql-2", "rls", "env");
        assertThat(checks.get(0).path("headers").path("apikey").asText()).isEqualTo("${KEY}");
        assertThat(checks.get(0).path("json").path("/status").asText()).isEqualTo("healthy");
        assertThat(checks.get(0).path("exists").get(0).asText()).isEqualTo("/version");
        assertThat(checks.get(3).path("rls")).extracting(n -> n.asText()).containsExactly("public", "ops");
        assertThat(checks).allSatisfy(c -> assertThat(c.path("timeout").asText()).isEqualTo("3s"));
    }

    @Test
    void noFlagsNoChecks() {
        assertThat(new FlagChecks(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .toChecks()).isEmpty();
    }

    @Test
    void httpOptionsWithoutHttpAndEnvFileAloneAreUsageErrors() {
        assertThatThrownBy(() -> of(null, "POST", null, null, null, null, null, null, null).toChecks())
                .isInstanceOf(OpsException.class).hasMessageContaining("add --http URL");
        assertThatThrownBy(() -> of(null, null, null, null, null, null, null, ".env", null).toChecks())
                .isInstanceOf(OpsException.class).hasMessageContaining("--env-file applies to");
        assertThatThrownBy(() -> of(List.of("/x"), null, List.of("no-colon"), null, null, null, null, null, null).toChecks())
                .isInstanceOf(OpsException.class).hasMessageStartingWith("--header must be 'Name: value'");
    }
}
