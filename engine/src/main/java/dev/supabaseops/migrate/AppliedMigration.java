package dev.supabaseops.migrate;

/** A migration this push applied and recorded. */
public record AppliedMigration(String version, String name, String file, int statements, long durationMillis,
                               boolean transactional) {
}
