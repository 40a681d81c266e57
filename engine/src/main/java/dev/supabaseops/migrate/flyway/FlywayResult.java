package dev.supabaseops.migrate.flyway;

import java.util.List;

/**
 * What a Flyway push did.
 *
 * @param applied       migrations run by this push, in order (empty when the schema was up to date)
 * @param targetVersion the schema version after the push, or null when no versioned migration is applied
 * @param warnings      Flyway's warnings during the push, redacted
 */
public record FlywayResult(List<Applied> applied, String targetVersion, List<String> warnings) {
    public FlywayResult {
        applied = List.copyOf(applied);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param version    null for a repeatable migration
     * @param durationMs execution time Flyway measured
     */
    public record Applied(String version, String description, String script, long durationMs) {
    }
}
