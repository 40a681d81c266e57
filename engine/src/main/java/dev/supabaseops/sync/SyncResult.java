package dev.supabaseops.sync;

import java.util.List;

/**
 * What an applied sync did. {@code plan} is the plan computed inside the same transaction that
 * wrote the rows, so its counts are exactly what was written.
 *
 * @param rowsWritten        inserted + updated + deleted rows
 * @param sequencesAdvanced  sequences moved past the synced maximum ({@code seq → value})
 * @param triggersDisabled   user triggers that were disabled during the write and re-enabled before commit
 */
public record SyncResult(SyncPlan plan, long rowsWritten, List<String> sequencesAdvanced,
                         List<String> triggersDisabled, long millis) {
}
