package dev.supabaseops.sync;

import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.testing.Pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh Supabase-shaped database on the shared test server, with small SQL helpers. */
final class TestDb {
    final String url;
    final Database db;

    private TestDb(String name, String url) {
        this.url = url;
        this.db = new Database(name, DbUrl.parse(url, name));
    }

    static TestDb create(String envName) {
        return new TestDb(envName, Pg.newSupabaseDb());
    }

    void exec(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    List<String> column(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    String one(String sql) {
        List<String> r = column(sql);
        return r.isEmpty() ? null : r.get(0);
    }

    long count(String table) {
        return Long.parseLong(one("select count(*) from " + table));
    }

    /** Order-independent digest of every row's text form: equal digests mean equal row sets. */
    String digest(String table) {
        return one("select count(*) || ':' || coalesce(md5(string_agg(h, ',' order by h)), '-') from (select md5(t::text) h from "
                + table + " t) x");
    }

    /** A digest of several tables, for "nothing changed" assertions. */
    String digest(String... tables) {
        StringBuilder b = new StringBuilder();
        for (String t : tables) {
            b.append(t).append('=').append(digest(t)).append(';');
        }
        return b.toString();
    }

    /**
     * Inserted/updated/deleted tuple counters of a table. Statistics reach the cumulative stats
     * system when a backend exits (or goes idle), so first wait until no other session is
     * connected to this database: a backend leaves pg_stat_activity only after flushing.
     */
    String writeStats(String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and pid <> pg_backend_pid() and backend_type = 'client backend'")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select n_tup_ins || '/' || n_tup_upd || '/' || n_tup_del || '/' || n_tup_hot_upd"
                    + " from pg_stat_user_tables where relid = '" + table + "'::regclass")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
