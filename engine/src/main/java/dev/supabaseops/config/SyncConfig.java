package dev.supabaseops.config;

import java.util.List;
import java.util.Map;

/**
 * {@code sync:} section.
 *
 * @param tables      tables to copy when {@code --tables} is not given
 * @param blocked     tables that must never be copied (user data), on top of the built-in blocks
 * @param rewriteUrls rewrite storage URLs from the source project's to the target's (default true)
 * @param localUrls   local-dev API URLs also rewritten (default {@code http://127.0.0.1:54321}, {@code http://localhost:54321})
 * @param keys        unique key columns for tables without a primary key
 */
public record SyncConfig(List<String> tables, List<String> blocked, boolean rewriteUrls,
                         List<String> localUrls, Map<String, List<String>> keys) {
    public static final List<String> DEFAULT_LOCAL_URLS = List.of("http://127.0.0.1:54321", "http://localhost:54321");
    public static final SyncConfig DEFAULT = new SyncConfig(List.of(), List.of(), true, DEFAULT_LOCAL_URLS, Map.of());
}
