package dev.supabaseops.config;

/**
 * {@code migrations:} section.
 *
 * @param dir  migrations folder, default {@code supabase/migrations}
 * @param lint {@code fail|warn|off}, or null for the default (fail on protected environments, warn elsewhere)
 * @param tool {@code supabase} (default) or {@code flyway}
 */
public record MigrationsConfig(String dir, String lint, String tool) {
    public static final MigrationsConfig DEFAULT = new MigrationsConfig("supabase/migrations", null, "supabase");
}
