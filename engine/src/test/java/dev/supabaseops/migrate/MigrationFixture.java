package dev.supabaseops.migrate;

import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.testing.Pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fresh Supabase-shaped database and a migrations folder to write files into. */
final class MigrationFixture {
    final Database db;
    final Path dir;
    final List<String> log = new CopyOnWriteArrayList<>();

    MigrationFixture(Path root) {
        this(root, "");
    }

    /** @param params connection parameters for the URL ({@code k=v&k2=v2}), passed on to pgjdbc */
    MigrationFixture(Path root, String params) {
        String url = Pg.newSupabaseDb();
        this.db = new Database("test", DbUrl.parse(params.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + params, "test"));
        this.dir = root.resolve("supabase/migrations");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MigrationFixture file(String name, String sql) {
        try {
            Files.writeString(dir.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    SupabaseMigrations.Builder migrations() {
        return SupabaseMigrations.configure().database(db).dir(dir).listener(new ProgressListener() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add("warning: " + message);
            }
        });
    }

    List<String> versions() {
        return strings("select version from supabase_migrations.schema_migrations order by version");
    }

    List<String> strings(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String relation) {
        return strings("select to_regclass('" + relation + "') is not null").get(0).equals("t");
    }

    void exec(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
