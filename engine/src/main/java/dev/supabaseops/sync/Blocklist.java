package dev.supabaseops.sync;

import java.util.List;
import java.util.Set;

/**
 * Tables a sync must never write or export: Supabase-internal schemas (their rows belong to
 * Supabase services or hold user data and secrets) plus the project's own {@code sync.blocked}.
 */
final class Blocklist {
    /** Schemas Supabase services own (see supabase/postgres migrations and the platform's reserved schemas). */
    static final List<String> BUILT_IN_SCHEMAS = List.of("auth", "storage", "supabase_migrations", "vault",
            "realtime", "_realtime", "supabase_functions", "graphql", "graphql_public", "pgsodium",
            "pgsodium_masks", "net", "cron", "extensions", "pgbouncer", "_analytics", "_supavisor", "pgmq",
            "pgtle", "pg_catalog", "information_schema", "pg_toast");

    private final List<String> configured;

    /** @param configured {@code sync.blocked}: {@code name}, {@code schema.name} or {@code schema.*} */
    Blocklist(List<String> configured) {
        this.configured = configured == null ? List.of() : configured;
    }

    /** Why the table is blocked, or null when it may be synced. */
    String reason(TableRef t) {
        if (BUILT_IN_SCHEMAS.contains(t.schema()) || t.schema().startsWith("pg_temp")) {
            return "schema " + t.schema() + " is Supabase-internal";
        }
        for (String entry : configured) {
            String e = entry.strip();
            if (e.endsWith(".*") && t.schema().equals(e.substring(0, e.length() - 2))) {
                return "sync.blocked lists " + e;
            }
            if (!e.endsWith(".*") && TableRef.parse(e).equals(t)) {
                return "sync.blocked lists " + e;
            }
        }
        return null;
    }

    static Set<String> builtInSchemas() {
        return Set.copyOf(BUILT_IN_SCHEMAS);
    }
}
