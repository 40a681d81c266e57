package dev.supabaseops.sync;

import java.util.List;
import java.util.Optional;

/**
 * What the catalog says about one table: columns in order, keys, foreign keys and user triggers.
 *
 * @param uniqueKeys column sets of unique, non-partial, non-expression indexes (ON CONFLICT can use them)
 */
record TableMeta(TableRef ref, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
                 List<ForeignKey> foreignKeys, List<Trigger> triggers) {

    /**
     * @param type       {@code format_type()} spelling, e.g. {@code character varying(80)}
     * @param generated  a stored generated column: never written
     * @param identity   'a' (ALWAYS), 'd' (BY DEFAULT) or 0
     * @param sequence   the owned sequence (identity or serial), or null
     * @param urlKind    {@code text}, {@code json}, {@code jsonb} or {@code text[]} when URLs in it are rewritten, else null
     * @param notNull    declared NOT NULL (primary key columns always are)
     */
    record Column(String name, String type, boolean generated, char identity, String sequence, String urlKind, boolean notNull) {
    }

    record ForeignKey(String name, List<String> columns, TableRef referenced, List<String> referencedColumns,
                      boolean deferrable) {
    }

    /** @param enabled pg_trigger.tgenabled: O (origin), A (always), R (replica) or D (disabled) */
    record Trigger(String name, char enabled) {
    }

    Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
