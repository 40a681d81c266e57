package dev.supabaseops.migrate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected values are what Supabase CLI 3.1.0 stored in {@code statements} for the same text
 * (recorded from the real binary; {@link SupabaseCliCompatTest} re-checks them live).
 */
class SqlSplitterTest {
    @Test
    void quotesEStringsDollarQuotesAndComments() {
        String sql = """
                create table q (id int, s text);
                insert into q values (1, 'a;b'), (2, 'it''s; fine');
                insert into q values (3, E'esc\\'aped; ok'), (4, E'line1\\n;'\s
                  'continued;');
                select "weird;name" from (select 1 as "weird;name") x;
                select $$ dollar ; $$, $tag$ with $$ inside ; $tag$, $a$b$a$;
                select 1 -- trailing; comment
                ;
                /* block ; /* nested ; */ still ; */ select 2;
                select 3 /* unterminated? no */;;;
                """;
        assertThat(SqlSplitter.split(sql)).containsExactly(
                "create table q (id int, s text)",
                "insert into q values (1, 'a;b'), (2, 'it''s; fine')",
                "insert into q values (3, E'esc\\'aped; ok'), (4, E'line1\\n;' \n  'continued;')",
                "select \"weird;name\" from (select 1 as \"weird;name\") x",
                "select $$ dollar ; $$, $tag$ with $$ inside ; $tag$, $a$b$a$",
                "select 1 -- trailing; comment",
                "/* block ; /* nested ; */ still ; */ select 2",
                "select 3 /* unterminated? no */");
    }

    @Test
    void beginAtomicBodiesStayWhole() {
        String sql = """
                create function add1(a int) returns int language sql
                begin atomic
                  select a + 1;
                end;
                create function cased(a int) returns text language sql
                BEGIN   ATOMIC
                  select case when a > 0 then 'pos' else 'neg' end;
                  select 'x';
                END;
                create procedure pr() language sql begin atomic insert into q values (9, 'p; q'); end;
                select 'after atomic';
                select 1 as xatomic; select 2;
                """;
        assertThat(SqlSplitter.split(sql)).containsExactly(
                "create function add1(a int) returns int language sql\nbegin atomic\n  select a + 1;\nend",
                "create function cased(a int) returns text language sql\nBEGIN   ATOMIC\n  select case when a > 0 then 'pos' else 'neg' end;\n  select 'x';\nEND",
                "create procedure pr() language sql begin atomic insert into q values (9, 'p; q'); end",
                "select 'after atomic'",
                "select 1 as xatomic",
                "select 2");
    }

    @Test
    void parenthesesBackslashesUnicodeAndTrailingComment() {
        String sql = "select ( 1 + (2 * 3) ); select 4;\nselect array[1,2] , '(' ;\nselect '\\' ; select 5;\n"
                + "select 'é', \"ü;\" from (select 1 as \"ü;\") x;\ndo $body$ begin perform 1; end $body$;\n\t\n-- only a comment at the end\n";
        assertThat(SqlSplitter.split(sql)).containsExactly(
                "select ( 1 + (2 * 3) )", "select 4", "select array[1,2] , '('", "select '\\'", "select 5",
                "select 'é', \"ü;\" from (select 1 as \"ü;\") x", "do $body$ begin perform 1; end $body$",
                "-- only a comment at the end");
    }

    @Test
    void bomCrlfUnterminatedEmptyAndDirective() {
        assertThat(SqlSplitter.split("\uFEFFselect 10;\r\nselect 11;\r\n")).containsExactly("select 10", "select 11");
        assertThat(SqlSplitter.split("select 12")).containsExactly("select 12");
        assertThat(SqlSplitter.split("")).isEmpty();
        assertThat(SqlSplitter.split("  ;\n;; ")).isEmpty();
        SqlSplitter.ParsedFile f = SqlSplitter.parseFile("-- pg-delta: transaction=false\ncreate index concurrently i on q (id);\nselect 13;\n");
        assertThat(f.noTransactionDirective()).isTrue();
        assertThat(f.statements()).isEqualTo(List.of("-- pg-delta: transaction=false\ncreate index concurrently i on q (id)", "select 13"));
    }

    @Test
    void nonBreakingSpaceIsTrimmedLikeJavaScript() {
        // JavaScript's trim() removes U+00A0 and U+FEFF but not U+0085 (Go's TrimSpace differs).
        assertThat(SqlSplitter.split("\u00A0select 1\u00A0;\u0085select 2")).containsExactly("select 1", "\u0085select 2");
    }
}
