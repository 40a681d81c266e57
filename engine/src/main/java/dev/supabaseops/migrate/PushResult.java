package dev.supabaseops.migrate;

import java.util.List;

/**
 * What a push did.
 *
 * @param applied        migrations applied and recorded, in order, with durations
 * @param notApplied     pending versions left unapplied because of the failure
 * @param alreadyApplied local migrations the target had already recorded
 * @param skipped        files in the folder that are not migrations
 * @param waivers        lint waivers in the pending files
 * @param warnings       warnings (drift, lint in warn mode, files run outside a transaction, …)
 * @param failure        why it stopped, or null when everything was applied
 */
public record PushResult(String environment, String target, boolean atomic, List<AppliedMigration> applied,
                         List<String> notApplied, int alreadyApplied, List<String> skipped,
                         List<LintWaiver> waivers, List<String> warnings, MigrationFailure failure,
                         long durationMillis) {

    public boolean succeeded() {
        return failure == null;
    }
}
