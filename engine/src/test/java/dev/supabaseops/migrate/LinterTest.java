package dev.supabaseops.migrate;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The lint rules on statement texts, normalised as the gate sees them (SqlText.head of codeOnly). */
class LinterTest {
    static List<String> hits(String sql, Set<String> droppedPolicies) {
        return Linter.rulesHit(SqlText.head(SqlText.codeOnly(sql)), droppedPolicies);
    }

    static List<String> hits(String sql) {
        return hits(sql, new HashSet<>());
    }

    @Test
    void unboundedUpdatesAndDeletesAreFoundWhereverTheyStart() {
        assertThat(hits("update accounts set balance = 0")).containsExactly("update-without-where");
        assertThat(hits("update accounts set balance = (select 0 from settings where id = 1)"))
                .as("a WHERE inside a subquery bounds nothing").containsExactly("update-without-where");
        assertThat(hits("with s as (select 1) update accounts set balance = 0")).containsExactly("update-without-where");
        assertThat(hits("with s as (select 1) delete from accounts")).containsExactly("delete-without-where");
        assertThat(hits("with gone as (delete from accounts returning id) select count(*) from gone"))
                .as("a data-modifying CTE").containsExactly("delete-without-where");
        assertThat(hits("delete from accounts")).containsExactly("delete-without-where");
    }

    @Test
    void boundedOnesAndLookAlikesAreNot() {
        assertThat(hits("update accounts set balance = 0 where id = 1")).isEmpty();
        assertThat(hits("update accounts set balance = (select 0 from settings where id = 1) where id = 2")).isEmpty();
        assertThat(hits("update accounts a set balance = s.v from (select 1 as v) s where(a.id = 1)")).isEmpty();
        assertThat(hits("with s as (select 1) delete from accounts where id in (select * from s)")).isEmpty();
        assertThat(hits("delete from accounts where note = 'update accounts set x = 1'")).isEmpty();
        assertThat(hits("insert into accounts values (1) on conflict (id) do update set balance = 0")).isEmpty();
        assertThat(hits("select * from accounts for update")).isEmpty();
        assertThat(hits("grant select, update on accounts to authenticated")).isEmpty();
        assertThat(hits("create table t (id int references accounts on update cascade on delete cascade)")).isEmpty();
        assertThat(hits("create trigger t after insert or update on accounts for each row execute function f()")).isEmpty();
        assertThat(hits("create policy p on accounts for update using (true)")).containsExactly("create-policy-without-drop");
    }

    @Test
    void aPolicyDroppedWithItsSchemaCountsForTheUnqualifiedCreate() {
        Set<String> dropped = new HashSet<>();
        assertThat(hits("drop policy if exists p on public.accounts", dropped)).isEmpty();
        assertThat(hits("create policy p on accounts for select using (true)", dropped)).isEmpty();
        assertThat(hits("create policy p on other.accounts for select using (true)", dropped)).containsExactly("create-policy-without-drop");
    }
}
