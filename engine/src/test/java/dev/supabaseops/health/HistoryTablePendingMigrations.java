package dev.supabaseops.health;

import dev.supabaseops.db.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A test implementation of {@link PendingMigrations} that reads the Supabase CLI's history table
 * ({@code supabase_migrations.schema_migrations}) for real: a file {@code <version>_<name>.sql}
 * is pending when its version is not there. The product wires the migrate engine's plan instead.
 */
final class HistoryTablePendingMigrations implements PendingMigrations {
    @Override
    public List<String> pending(Database db, Path dir) {
        Set<String> applied = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select version from supabase_migrations.schema_migrations")) {
                while (rs.next()) {
                    applied.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState()) && !"3F000".equals(e.getSQLState())) { // no table/schema: nothing applied
                throw new IllegalStateException(e);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.matches("\\d+_.*\\.sql")).sorted()
                    .filter(f -> !applied.contains(f.substring(0, f.indexOf('_')))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
