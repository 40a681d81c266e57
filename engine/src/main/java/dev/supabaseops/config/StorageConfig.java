package dev.supabaseops.config;

import java.util.List;

/**
 * {@code storage:} section.
 *
 * @param buckets   buckets to back up or copy; empty = all
 * @param backupDir backup root, default {@code backups/storage}
 * @param keep      complete backups to keep, default 5
 * @param parallel  concurrent transfers, default 4
 */
public record StorageConfig(List<String> buckets, String backupDir, int keep, int parallel) {
    public static final StorageConfig DEFAULT = new StorageConfig(List.of(), "backups/storage", 5, 4);
}
