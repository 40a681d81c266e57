package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the warm-up thread does: for the database commands, which connections it prepares TLS for (a
 * guess from the command line and the environment); for the storage commands, their per-object code.
 */
class WarmUpTest {
    @Test
    void onlyCommandsThatConnectSomewhereGetAWarmUp() {
        for (String command : List.of("push", "migrations", "backup-storage", "restore-storage", "sync-storage")) {
            assertThat(WarmUp.work(new String[]{command, "--env", "prod"}, Map.of())).as(command).isNotNull();
        }
        for (String[] args : List.of(new String[0], new String[]{"--help"}, new String[]{"--version"}, new String[]{"health-gate"},
                new String[]{"sync-data"}, new String[]{"demo"}, new String[]{"backup-storag"})) {
            assertThat(WarmUp.work(args, Map.of())).as(String.join(" ", args)).isNull();
        }
    }

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
