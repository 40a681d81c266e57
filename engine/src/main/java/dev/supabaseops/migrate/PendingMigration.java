package dev.supabaseops.migrate;

/**
 * A local migration the target has not recorded yet.
 *
 * @param file                   path of the file
 * @param statements             number of statements
 * @param transactional          false when the file must run outside a transaction
 * @param nonTransactionalReason why it runs outside a transaction, or null
 * @param outOfOrder             older than the newest applied version (only with include-all)
 */
public record PendingMigration(String version, String name, String file, int statements, boolean transactional,
                               String nonTransactionalReason, boolean outOfOrder) {
}
