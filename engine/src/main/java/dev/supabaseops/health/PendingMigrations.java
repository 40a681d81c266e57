package dev.supabaseops.health;

import dev.supabaseops.db.Database;

import java.nio.file.Path;
import java.util.List;

/**
 * What the {@code migrations} check asks: which local migrations the environment has not applied
 * yet. The migrate engine's plan implements it; the check itself only reports.
 */
@FunctionalInterface
public interface PendingMigrations {
    /**
     * @param db  the environment's database
     * @param dir the local migrations folder (exists)
     * @return the pending migrations' names (e.g. file names), in apply order; empty when current
     */
    List<String> pending(Database db, Path dir);
}
