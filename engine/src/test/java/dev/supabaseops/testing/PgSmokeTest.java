package dev.supabaseops.testing;

import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class PgSmokeTest {
    @Test
    void supabaseShapedDatabaseHasRolesAuthAndRls() throws Exception {
        Database db = new Database("t", DbUrl.parse(Pg.newSupabaseDb(), "test"));
        try (Connection c = db.connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "select (select count(*) from pg_roles where rolname in ('anon','authenticated','service_role')),"
                             + " to_regclass('auth.users') is not null,"
                             + " (select relrowsecurity from pg_class where oid = 'storage.objects'::regclass),"
                             + " current_setting('application_name')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getString(4)).isEqualTo("supabase-ops");
        }
    }
}
