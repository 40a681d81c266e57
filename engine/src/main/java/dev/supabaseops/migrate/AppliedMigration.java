package dev.supabaseops.migrate;

/**
 * A migration this push applied and recorded.
 *
 * @param durationMillis   the round trip that applied it, which files sent together share
 * @param filesInRoundTrip files applied in that round trip, each in its own transaction (1: alone)
 */
public record AppliedMigration(String version, String name, String file, int statements, long durationMillis,
                               boolean transactional, int filesInRoundTrip) {
}
