package dev.supabaseops.health;

import dev.supabaseops.db.Database;
import dev.supabaseops.migrate.SupabaseMigrations;
import dev.supabaseops.migrate.flyway.FlywayMigrations;
import dev.supabaseops.migrate.flyway.FlywayPlan;

import java.nio.file.Path;
import java.util.List;

/**
 * What the {@code migrations} check asks: which local migrations the environment has not applied
 * yet. The push engine's plan answers it ({@link #fromPushEngine}), so the gate sees exactly what a
 * push would apply; the check itself only reports.
 */
@FunctionalInterface
public interface PendingMigrations {
    /**
     * @param db  the environment's database
     * @param dir the local migrations folder (exists)
     * @return the pending migrations' names (e.g. file names), in apply order; empty when current
     */
    List<String> pending(Database db, Path dir);

    /** The push engine's plan for {@code migrations.tool} ({@code supabase} or {@code flyway}). */
    static PendingMigrations fromPushEngine(String tool) {
        if ("flyway".equals(tool)) {
            return (db, dir) -> FlywayMigrations.configure().database(db).dir(dir).load().plan()
                    .pending().stream().map(FlywayPlan.Migration::label).toList();
        }
        return (db, dir) -> SupabaseMigrations.configure().database(db).dir(dir).load().plan()
                .pending().stream().map(p -> Path.of(p.file()).getFileName().toString()).toList();
    }
}
