package dev.supabaseops.sync;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The source's second session (parallel digests) sees exactly what the first one sees. */
class DatabaseSourceTest {
    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void secondSessionSharesTheSnapshotAndTheOutputSettings() throws SQLException {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        source.exec("create table plans (id int primary key, at timestamptz); insert into plans values (1, '2024-01-01 12:00+00')");
        try (DatabaseSource db = new DatabaseSource(source.db, null, Map.of()); Connection t = target.db.connect()) {
            try (Statement st = t.createStatement()) {
                st.execute("set time zone 'Asia/Tokyo'"); // the target session's; the source must print like it
            }
            db.matchOutputSettings(t);
            db.begin();
            source.exec("insert into plans values (2, now())"); // committed after the snapshot
            Connection second = db.secondSession();

            assertThat(second).isNotNull().isNotSameAs(db.connection());
            for (Connection c : List.of(db.connection(), second)) {
                assertThat(one(c, "select count(*) from plans")).isEqualTo("1");
                assertThat(one(c, "select at::text from plans")).isEqualTo("2024-01-01 21:00:00+09");
                assertThat(one(c, "select current_setting('transaction_read_only')")).isEqualTo("on");
                assertThat(one(c, "select current_setting('max_parallel_workers_per_gather')")).isEqualTo("0");
                assertThat(one(c, "select current_setting('jit')")).isEqualTo("off");
            }
            assertThat(source.count("plans")).isEqualTo(2);
        }
    }
}
