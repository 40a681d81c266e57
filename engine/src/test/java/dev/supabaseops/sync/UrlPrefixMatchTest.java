package dev.supabaseops.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cheap per-column prefix test matches exactly the values that start with a prefix, wildcards and all. */
class UrlPrefixMatchTest {
    @Test
    void likePrefixTreatsUnderscorePercentAndBackslashLiterally() {
        TestDb db = TestDb.create("dev");
        String pattern = Sql.literal(UrlRewrite.likePrefix("http://my_host:54321/a%b\\c"));
        assertThat(db.one("select 'http://my_host:54321/a%b\\c/x.png' like " + pattern)).isEqualTo("t");
        assertThat(db.one("select 'http://myXhost:54321/a%b\\c/x.png' like " + pattern)).isEqualTo("f");
        assertThat(db.one("select 'http://my_host:54321/aZZb\\c/x.png' like " + pattern)).isEqualTo("f");
        assertThat(db.one("select 'see http://my_host:54321/a%b\\c' like " + pattern)).isEqualTo("f");
    }
}
