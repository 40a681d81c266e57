package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which connections the warm-up thread prepares TLS for: a guess from the command line and the environment. */
class WarmUpTest {
    static boolean tls(String url, String... args) {
        return WarmUp.mayUseTls(args, url == null ? Map.of() : Map.of("SUPABASE_PRE_PROD_DB_URL", url));
    }

    @Test
    void aHostedDatabaseIsTls() {
        assertThat(tls("postgresql://postgres.abcd:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres",
                "push", "--env", "pre-prod")).isTrue();
        assertThat(tls("postgresql://postgres@db.example.com/postgres", "push", "--env=pre-prod", "--dry-run")).isTrue();
    }

    @Test
    void loopbackOrDisabledIsNot() {
        assertThat(tls("postgresql://postgres@127.0.0.1:54322/postgres", "push", "--env", "pre-prod")).isFalse();
        assertThat(tls("postgresql://postgres@db.example.com/postgres?sslmode=disable", "push", "--env", "pre-prod")).isFalse();
        assertThat(tls("postgresql://postgres@localhost/postgres?sslmode=require", "push", "--env", "pre-prod")).isTrue();
    }

    @Test
    void aUrlOutsideTheEnvironmentIsAssumedHosted() {
        assertThat(tls(null, "push", "--env", "pre-prod")).isTrue(); // supabase-ops.yml's URL: not read this early
        assertThat(tls("postgresql://postgres@127.0.0.1/postgres", "push", "--env", "prod")).isTrue(); // another environment's variable
    }

    @Test
    void aMalformedUrlIsLeftToTheCommand() {
        assertThat(tls("mysql://nope", "push", "--env", "pre-prod")).isFalse();
    }
}
