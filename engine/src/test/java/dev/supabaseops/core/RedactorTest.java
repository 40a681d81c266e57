package dev.supabaseops.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    @Test
    void masksPasswordsInUrlsAndRegisteredSecrets() {
        assertThat(Redactor.redact("connect postgresql://postgres.ref:p@ss/w@rd@host:6543/db failed"))
                .isEqualTo("connect postgresql://postgres.ref:******@host:6543/db failed");
        assertThat(Redactor.redact("jdbc:postgresql://h/db?user=u&password=abc123&ssl=true"))
                .doesNotContain("abc123");
        Secret.of("eyJhbGciOiJIUzI1NiJ9.service.role");
        assertThat(Redactor.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.service.role"))
                .isEqualTo("Authorization: Bearer ******");
        Secret.of("p@ss word");
        assertThat(Redactor.redact("x p%40ss+word y p%40ss%20word")).doesNotContain("p%40ss");
    }

    @Test
    void secretToStringIsMasked() {
        assertThat(Secret.of("topsecretvalue").toString()).isEqualTo("******");
        assertThat(new OpsException(ExitCode.FAILED, "bad topsecretvalue\nsecond line").getMessage())
                .isEqualTo("bad ****** second line");
    }
}
