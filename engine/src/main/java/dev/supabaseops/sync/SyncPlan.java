package dev.supabaseops.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a sync would do, computed by key against the target: the artifact a release manager reads
 * at the approval gate ({@link #toText()}) and what {@code --json} prints.
 *
 * @param order       tables in write order (parents before children); mirror deletes run in reverse
 * @param rewriteFrom URL prefixes rewritten (source project URL, local-dev URLs); empty when rewriting is off
 * @param rewriteTo   the target project URL, or null when rewriting is off
 * @param problems    rows whose foreign keys point outside the synced set at rows missing in the
 *                    target (or, in mirror mode, target rows outside the set that deletes would hit);
 *                    apply refuses while there are any
 * @param notes       things the reader should know that do not block (skipped columns, rewriting off, …)
 */
public record SyncPlan(String source, String target, SyncMode mode, Instant createdAt, List<TableRef> order,
                       List<TablePlan> tables, List<String> rewriteFrom, String rewriteTo,
                       List<Problem> problems, List<String> notes) {

    /**
     * One table. {@code deletes} is always 0 in upsert mode.
     *
     * @param key           the columns rows are matched by (primary key, or {@code sync.keys})
     * @param urlRewrites   rows whose value was rewritten, per column
     * @param signedUrls    rows holding a signed storage URL (cannot be rewritten: the token is bound to the source), per column
     * @param skipped       target columns never written (generated columns)
     * @param ignored       source columns missing in the target, ignored with --ignore-missing-columns
     */
    public record TablePlan(TableRef table, List<String> key, long sourceRows, long inserts, long updates,
                            long deletes, long unchanged, Map<String, Long> urlRewrites,
                            Map<String, Long> signedUrls, List<String> skipped, List<String> ignored) {
        @JsonIgnore
        public long changes() {
            return inserts + updates + deletes;
        }
    }

    /**
     * Rows apply would refuse to write.
     *
     * @param constraint the foreign key involved
     * @param table      the table whose rows are affected
     * @param other      the table outside the synced set
     * @param examples   up to 3 key values, as PostgreSQL prints them
     */
    public record Problem(String kind, TableRef table, String constraint, List<String> columns, TableRef other,
                          long rows, List<String> examples, String message) {
        public static final String MISSING_REFERENCE = "missing-reference";
        public static final String DELETE_REFERENCED = "delete-referenced";
    }

    public long inserts() {
        return tables.stream().mapToLong(TablePlan::inserts).sum();
    }

    public long updates() {
        return tables.stream().mapToLong(TablePlan::updates).sum();
    }

    public long deletes() {
        return tables.stream().mapToLong(TablePlan::deletes).sum();
    }

    /** Rows that would be written: 0 means apply is a no-op. */
    public long changes() {
        return inserts() + updates() + deletes();
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The plan as plain text for a terminal or a build log. */
    public String toText() {
        return PlanText.render(this);
    }
}
