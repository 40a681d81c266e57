package dev.supabaseops.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvAndDbUrlChecksTest {
    @TempDir
    Path dir;

    @Test
    void envFileRequiredAndForbiddenByNameOnly() throws IOException {
        Files.writeString(dir.resolve(".env.worker"), """
                # worker runtime
                export SUPABASE_URL="https://abcd.supabase.co"
                SUPABASE_ANON_KEY='anon-value-7c1d'
                EMPTY=
                """);
        GateResult r = Gates.once(dir, """
                    - { name: worker, env: { file: .env.worker, required: [SUPABASE_URL, EMPTY, SERVICE_KEY], forbidden: [SUPABASE_ANON_KEY, EMPTY2] } }
                    - { name: ok, env: { file: .env.worker, required: SUPABASE_URL, forbidden: EMPTY } }
                    - { name: nofile, env: { file: .env.missing, required: [A] } }
                """, Map.of()).load().run();
        assertThat(Gates.named(r, "worker").lastFailure())
                .isEqualTo("missing EMPTY, SERVICE_KEY; forbidden but set: SUPABASE_ANON_KEY");
        assertThat(Gates.named(r, "ok").passed()).isTrue();
        assertThat(Gates.named(r, "nofile").lastFailure()).isEqualTo("env file .env.missing not found");
        assertThat(r.toString()).doesNotContain("anon-value-7c1d").doesNotContain("abcd.supabase.co");
    }

    @Test
    void envFromTheProcessEnvironment() {
        GateResult r = Gates.once(dir, "    - { env: { required: [DATABASE_URL], forbidden: [SUPABASE_SERVICE_ROLE_KEY] } }\n",
                Map.of("DATABASE_URL", "x", "SUPABASE_SERVICE_ROLE_KEY", "service-secret-55")).load().run();
        assertThat(Gates.only(r).lastFailure()).isEqualTo("forbidden but set: SUPABASE_SERVICE_ROLE_KEY");
    }

    @Test
    void dburlMustUseTheTransactionPoolerWithTls() {
        String pw = "Pa55word-dburl-9";
        GateResult r = Gates.once(dir, """
                    - { name: good, dburl: GOOD }
                    - { name: direct, dburl: DIRECT }
                    - { name: session, dburl: SESSION }
                    - { name: nossl, dburl: NOSSL }
                    - { name: weak, dburl: WEAK }
                    - { name: unset, dburl: UNSET }
                    - { name: garbage, dburl: GARBAGE }
                    - { name: custom, dburl: { var: SESSION, port: 5432, sslmode: [verify-full, require] } }
                """, Map.of(
                "GOOD", "postgresql://postgres.abcdefghij:" + pw + "@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require",
                "DIRECT", "postgresql://postgres:" + pw + "@db.abcdefghij.supabase.co:5432/postgres?sslmode=require",
                "SESSION", "postgresql://postgres.abcdefghij:" + pw + "@aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=verify-full",
                "NOSSL", "postgresql://postgres.abcdefghij:" + pw + "@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
                "WEAK", "postgresql://postgres.abcdefghij:" + pw + "@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=prefer",
                "GARBAGE", "mysql://root:" + pw + "@h/db")).load().run();
        assertThat(Gates.named(r, "good").passed()).isTrue();
        assertThat(Gates.named(r, "direct").lastFailure()).isEqualTo("DIRECT (postgresql://postgres@db.abcdefghij.supabase.co:5432/postgres): "
                + "it is a direct connection (db.abcdefghij.supabase.co:5432): use the transaction pooler, port 6543");
        assertThat(Gates.named(r, "session").lastFailure()).endsWith(
                "it uses port 5432 (a direct or session-mode connection): use the transaction pooler, port 6543");
        assertThat(Gates.named(r, "nossl").lastFailure()).endsWith("it has no sslmode: add ?sslmode=require");
        assertThat(Gates.named(r, "weak").lastFailure()).endsWith("sslmode=prefer, expected require or verify-ca or verify-full");
        assertThat(Gates.named(r, "unset").lastFailure()).isEqualTo("UNSET is not set");
        assertThat(Gates.named(r, "garbage").lastFailure())
                .isEqualTo("GARBAGE is not a PostgreSQL URL: it must start with postgresql:// or jdbc:postgresql://");
        assertThat(Gates.named(r, "custom").passed()).isTrue();
        assertThat(r.toString()).doesNotContain(pw);
    }

    @Test
    void dburlFromAnEnvFile() throws IOException {
        Files.writeString(dir.resolve(".env.api"),
                "DATABASE_URL=postgresql://postgres.abcdefghij:s3cret-pw-77@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require\n");
        GateResult r = Gates.once(dir, "    - { name: pooler-url, dburl: { var: DATABASE_URL, file: .env.api } }\n", Map.of()).load().run();
        assertThat(r.passed()).isTrue();
        assertThat(Gates.only(r).detail())
                .isEqualTo("postgresql://postgres.abcdefghij@aws-0-eu-central-1.pooler.supabase.com:6543/postgres, sslmode=require");
    }
}
