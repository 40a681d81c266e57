package dev.supabaseops.migrate.flyway;

import java.util.List;

/**
 * What a Flyway push would do, read from the database without writing to it.
 *
 * @param currentVersion the schema's current version, or null when nothing is applied yet
 * @param appliedCount   migrations recorded as applied in Flyway's schema history
 * @param pending        migrations {@code migrate()} would run, in order
 * @param warnings       problems that do not stop the push (e.g. files Flyway will not pick up)
 */
public record FlywayPlan(String currentVersion, int appliedCount, List<Migration> pending, List<String> warnings) {
    public FlywayPlan {
        pending = List.copyOf(pending);
        warnings = List.copyOf(warnings);
    }

    public boolean isUpToDate() {
        return pending.isEmpty();
    }

    /**
     * One pending migration.
     *
     * @param version     e.g. {@code 2} or {@code 2.1}; null for a repeatable ({@code R__}) migration
     * @param description Flyway's description (file name part after {@code __}, underscores as spaces)
     * @param script      file name relative to the migrations folder, e.g. {@code V2__add_todos.sql}
     * @param type        Flyway's migration type, {@code SQL} for SQL files
     */
    public record Migration(String version, String description, String script, String type) {
        public boolean isRepeatable() {
            return version == null;
        }

        /** {@code V2 add todos (V2__add_todos.sql)}-style label for listings and messages. */
        public String label() {
            return (version == null ? "R" : "V" + version) + " " + description + " (" + script + ")";
        }
    }
}
