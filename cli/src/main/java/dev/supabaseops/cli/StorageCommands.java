package dev.supabaseops.cli;

import java.util.List;

/** What the storage commands share: the {@code --buckets} flag. */
final class StorageCommands {
    private StorageCommands() {
    }

    /** {@code --buckets} as the engine's request wants it: absent or empty = null (use {@code storage.buckets}). */
    static List<String> flag(List<String> buckets) {
        return buckets == null || buckets.isEmpty() ? null : buckets;
    }
}
