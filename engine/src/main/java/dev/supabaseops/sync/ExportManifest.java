package dev.supabaseops.sync;

import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json} of an export folder: one file per table in PostgreSQL's COPY text format
 * (one row per line, tab-separated, {@code \N} for NULL, backslash escapes), described here.
 *
 * @param format    manifest format version, {@value #FORMAT}
 * @param tool      the supabase-ops version that wrote it
 * @param source    the environment the rows came from
 * @param sourceUrl its project API URL (import rewrites storage URLs starting with it), or null
 */
public record ExportManifest(int format, String tool, String source, String sourceUrl, Instant createdAt,
                             List<Table> tables) {
    public static final int FORMAT = 1;
    public static final String FILE = "manifest.json";

    /**
     * @param file    file name inside the export folder
     * @param columns columns in file order
     * @param key     primary key (or configured key) columns in the source
     * @param sha256  hex SHA-256 of the file
     */
    public record Table(TableRef table, String file, List<Column> columns, List<String> key, long rows,
                        long bytes, String sha256) {
    }

    public record Column(String name, String type) {
    }
}
