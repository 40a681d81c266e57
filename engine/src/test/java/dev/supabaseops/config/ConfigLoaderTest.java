package dev.supabaseops.config;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private OpsConfig load(String yaml, Map<String, String> env) throws Exception {
        if (yaml != null) {
            Files.writeString(dir.resolve("supabase-ops.yml"), yaml);
        }
        return ConfigLoader.load(null, dir, env);
    }

    @Test
    void fileIsOptionalAndVariablesDefineEnvironments() throws Exception {
        OpsConfig c = load(null, Map.of("SUPABASE_PRE_PROD_DB_URL", "postgresql://postgres:pw1234@db.host:5432/postgres",
                "SUPABASE_PRE_PROD_URL", "https://abcdefgh.supabase.co/"));
        EnvironmentConfig e = c.environment("pre-prod");
        assertThat(e.dbUrl().password().reveal()).isEqualTo("pw1234");
        assertThat(e.apiUrl()).isEqualTo("https://abcdefgh.supabase.co");
        assertThat(e.effectiveProjectRef()).isEqualTo("abcdefgh");
        assertThat(c.knownEnvironments()).containsExactly("pre_prod");
        assertThat(c.migrations().dir()).isEqualTo("supabase/migrations");
        assertThat(c.storage().keep()).isEqualTo(5);
    }

    @Test
    void variablesWinOverTheFileAndPasswordVariableWinsOverUrl() throws Exception {
        OpsConfig c = load("""
                environments:
                  prod: { projectRef: wxyz, protected: true, url: https://file.example.com, db: { url: "postgresql://postgres.wxyz@pooler.example.com:5432/postgres?sslmode=verify-full" } }
                sync: { tables: [plans, features], blocked: [profiles] }
                storage: { keep: 3, parallel: 8 }
                """, Map.of("SUPABASE_PROD_URL", "https://wxyz.supabase.co",
                "SUPABASE_PROD_DB_PASSWORD", "from-env-pw"));
        EnvironmentConfig e = c.environment("prod");
        assertThat(e.isProtected()).isTrue();
        assertThat(e.apiUrl()).isEqualTo("https://wxyz.supabase.co");
        assertThat(e.dbUrl().password().reveal()).isEqualTo("from-env-pw");
        assertThat(e.dbUrl().effective("sslmode")).isEqualTo("verify-full");
        assertThat(c.sync().tables()).containsExactly("plans", "features");
        assertThat(c.storage().parallel()).isEqualTo(8);
    }

    @Test
    void unknownEnvironmentNamesTheKnownOnes() throws Exception {
        OpsConfig c = load("environments: { preprod: {}, prod: {} }", Map.of());
        assertThatThrownBy(() -> c.environment("staging"))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("unknown environment 'staging'")
                .hasMessageContaining("preprod, prod")
                .hasMessageContaining("SUPABASE_STAGING_DB_URL")
                .extracting(x -> ((OpsException) x).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void missingPasswordForRemoteHostIsAUsageError() throws Exception {
        OpsConfig c = load(null, Map.of("SUPABASE_PROD_DB_URL", "postgresql://postgres.ref@pooler.example.com:5432/postgres"));
        assertThatThrownBy(() -> c.environment("prod").database())
                .hasMessage("no database password for environment 'prod': set SUPABASE_PROD_DB_PASSWORD (Jenkins credential supabase-prod-db-password)");
    }

    @Test
    void secretsInTheFileAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> load("environments: { prod: { db: { url: 'postgresql://u:hunter2hunter@h/db' } } }", Map.of()))
                .hasMessageContaining("contains a password").hasMessageContaining("SUPABASE_PROD_DB_PASSWORD")
                .hasMessageNotContaining("hunter2hunter");
        assertThatThrownBy(() -> load("environments: { prod: { serviceRoleKey: abc } }", Map.of()))
                .hasMessageContaining("SUPABASE_PROD_SERVICE_ROLE_KEY");
    }

    /** It would travel: into storage URLs that sync-data rewrites in the target's rows, into export manifests. */
    @Test
    void aProjectUrlWithCredentialsIsRefusedWithoutEchoingThem() throws Exception {
        OpsConfig c = load("environments: { staging: { url: 'https://ops:file-pass-word@abcd.supabase.co' } }",
                Map.of("SUPABASE_PROD_URL", "https://proxy:var-pass-word@wxyz.supabase.co/"));
        assertThatThrownBy(() -> c.environment("prod")).isInstanceOfSatisfying(OpsException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).isEqualTo("project URL of environment 'prod' has a user name or password in it (…@host):"
                    + " remove it, the Supabase API takes none there (the key goes in SUPABASE_PROD_SERVICE_ROLE_KEY)");
        });
        assertThatThrownBy(() -> c.environment("staging")).hasMessageContaining("has a user name or password")
                .hasMessageNotContaining("file-pass-word");
        assertThat(load(null, Map.of("SUPABASE_PROD_URL", "https://wxyz.supabase.co/storage/v1?x=a@b")).environment("prod").apiUrl())
                .isEqualTo("https://wxyz.supabase.co/storage/v1?x=a@b"); // an @ after the host is no user name
    }

    @Test
    void malformedAndUnknownKeysAreOneLineUsageErrors() {
        assertThatThrownBy(() -> load("environments: [oops\n  x: : :", Map.of()))
                .isInstanceOf(OpsException.class).hasMessageContaining("is not valid YAML at line");
        assertThatThrownBy(() -> load("sync: { tabels: [a] }", Map.of()))
                .hasMessageContaining("unknown key 'sync.tabels'").hasMessageContaining("tables");
        assertThatThrownBy(() -> load("migrations: { lint: maybe }", Map.of()))
                .hasMessageContaining("migrations.lint must be fail, warn or off");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("nope.yml"), dir, Map.of()))
                .hasMessageContaining("nope.yml not found");
    }
}
