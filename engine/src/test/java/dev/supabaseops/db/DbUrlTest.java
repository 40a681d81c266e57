package dev.supabaseops.db;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbUrlTest {
    @Test
    void parsesDashboardPoolerUrlWithEncodedPassword() {
        DbUrl u = DbUrl.parse("postgresql://postgres.abcdefghijklmnop:p%40ss%2Fw0rd%23@aws-0-eu-central-1.pooler.supabase.com:6543/postgres", "X");
        assertThat(u.user()).isEqualTo("postgres.abcdefghijklmnop");
        assertThat(u.password().reveal()).isEqualTo("p@ss/w0rd#");
        assertThat(u.host()).isEqualTo("aws-0-eu-central-1.pooler.supabase.com");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.projectRef()).isEqualTo("abcdefghijklmnop");
        assertThat(u.jdbcProperties().getProperty("prepareThreshold")).isEqualTo("0");
        assertThat(u.jdbcProperties().getProperty("sslmode")).isEqualTo("require");
        assertThat(u.jdbcProperties().getProperty("ApplicationName")).isEqualTo("supabase-ops");
        assertThat(u.toString()).doesNotContain("p@ss").doesNotContain("w0rd");
    }

    @Test
    void rawPasswordWithSpecialCharactersIsKept() {
        DbUrl u = DbUrl.parse("postgresql://postgres:we!rd@pa:ss%zz@db.abcdefghijkl.supabase.co:5432/postgres", "X");
        assertThat(u.password().reveal()).isEqualTo("we!rd@pa:ss%zz");
        assertThat(u.isDirectSupabaseHost()).isTrue();
        assertThat(u.projectRef()).isEqualTo("abcdefghijkl");
        assertThat(u.jdbcProperties().getProperty("prepareThreshold")).isNull();
    }

    @Test
    void jdbcUrlWithParametersAndExplicitSslmodeWins() {
        DbUrl u = DbUrl.parse("jdbc:postgresql://10.1.2.3:5433/app?user=ops&password=s3cretpw&sslmode=verify-full", "X");
        assertThat(u.user()).isEqualTo("ops");
        assertThat(u.password().reveal()).isEqualTo("s3cretpw");
        assertThat(u.database()).isEqualTo("app");
        assertThat(u.effective("sslmode")).isEqualTo("verify-full");
    }

    @Test
    void loopbackHasNoSslDefault() {
        assertThat(DbUrl.parse("postgresql://postgres@localhost:5432/postgres", "X").effective("sslmode")).isNull();
        assertThat(DbUrl.parse("postgresql://postgres@127.0.0.1/postgres", "X").port()).isEqualTo(5432);
    }

    @Test
    void badUrlsAreUsageErrorsThatDoNotEchoTheInput() {
        assertThatThrownBy(() -> DbUrl.parse("mysql://root:hunter22@h/db", "SUPABASE_PROD_DB_URL"))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("SUPABASE_PROD_DB_URL is not a PostgreSQL URL")
                .hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> DbUrl.parse("postgresql://u:hunter22@h:port/db", "X"))
                .hasMessageContaining("invalid port").hasMessageNotContaining("hunter22");
    }

    @Test
    void aUrlWithoutAtHostNeverEchoesThePassword() {
        for (String url : new String[] {"postgresql://postgres:s3cretPW", "postgresql://postgres:s3cretPW/db",
                "postgres://postgres:s3cretPW/db?sslmode=require", "jdbc:postgresql://postgres:s3cretPW/postgres"}) {
            assertThatThrownBy(() -> DbUrl.parse(url, "SUPABASE_O_DB_URL"))
                    .as(url)
                    .isInstanceOf(OpsException.class)
                    // (OpsException masks the example's password too: "postgresql://user:******@host:port/db")
                    .hasMessageContaining("SUPABASE_O_DB_URL has no host: expected postgresql://user:")
                    .hasMessageContaining("@host:port/db")
                    .hasMessageNotContaining("s3cretPW")
                    .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("s3cretPW"));
        }
        assertThatThrownBy(() -> DbUrl.parse("postgresql://u:pw@h:s3cretPW/db", "X"))
                .hasMessageContaining("X has an invalid port").hasMessageNotContaining("s3cretPW");
    }

    @Test
    void connectsToRealPostgresAndReportsWrongDatabaseClearly() throws Exception {
        DbUrl u = DbUrl.parse(Pg.newPlainDb(), "X");
        try (Connection c = new Database("t", u).connect(); ResultSet rs = c.createStatement().executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
        }
        assertThatThrownBy(() -> new Database("t", u.withDatabase("nope_missing")).connect())
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("database \"nope_missing\" does not exist");
    }

    @Test
    void unreachableDirectHostGetsThePoolerHint() {
        // .invalid never resolves (RFC 6761): no traffic leaves the machine.
        DbUrl u = DbUrl.parse("postgresql://postgres:hunter22pw@db.abcdefghijkl.supabase.co.invalid:5432/postgres", "X");
        assertThatThrownBy(() -> new Database("prod", u).connect())
                .hasMessageNotContaining("hunter22pw");
        OpsException e = new Database("prod", DbUrl.parse("postgresql://postgres:hunter22pw@db.abcdefghijkl.supabase.co:5432/postgres", "X"))
                .connectFailure(new java.sql.SQLException("Connection attempt failed", "08001", new java.net.UnknownHostException("db.abcdefghijkl.supabase.co")));
        assertThat(e.getMessage()).contains("IPv6-only").contains("pooler").contains("postgres.abcdefghijkl")
                .doesNotContain("hunter22pw");
    }
}
