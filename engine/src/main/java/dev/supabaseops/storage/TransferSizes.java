package dev.supabaseops.storage;

/** Byte counts for people: {@code 3.0 MiB}. */
public final class TransferSizes {
    private TransferSizes() {
    }

    public static String human(long bytes) {
        return TransferProgress.human(bytes);
    }
}
