package dev.supabaseops.sync;

/** What a sync does to target rows the source does not have. */
public enum SyncMode {
    /** Insert new rows, update changed rows, leave other target rows alone (the default). */
    UPSERT,
    /** Like {@link #UPSERT}, and also delete target rows whose key the source does not have. */
    MIRROR
}
