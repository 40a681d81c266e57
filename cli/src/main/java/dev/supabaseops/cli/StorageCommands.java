package dev.supabaseops.cli;

import dev.supabaseops.storage.TransferSizes;

import java.util.List;

/** What the storage commands share: the {@code --buckets} flag and byte counts for people. */
final class StorageCommands {
    private StorageCommands() {
    }

    /** {@code --buckets} as the engine's request wants it: absent or empty = null (use {@code storage.buckets}). */
    static List<String> flag(List<String> buckets) {
        return buckets == null || buckets.isEmpty() ? null : buckets;
    }

    static String human(long bytes) {
        return TransferSizes.human(bytes);
    }
}
