package dev.supabaseops.migrate;

import java.util.List;

/**
 * What a push would do, computed from the local files and the target's history; nothing written.
 *
 * @param environment  environment name
 * @param target       the database, redacted ({@code postgresql://user@host:port/db})
 * @param dir          migrations folder
 * @param pending      migrations to apply, in order
 * @param applied      number of local migrations already recorded on the target
 * @param drifted      versions whose recorded statements differ from the local file
 * @param lintMode     the lint gate's mode
 * @param lintFindings unwaived findings in pending files
 * @param waivers      waivers in pending files
 * @param skipped      files in the folder that are not migrations
 * @param warnings     everything the user should read before applying
 */
public record PushPlan(String environment, String target, String dir, List<PendingMigration> pending, int applied,
                       List<String> drifted, LintMode lintMode, List<LintFinding> lintFindings,
                       List<LintWaiver> waivers, List<String> skipped, List<String> warnings, boolean atomic) {

    public boolean upToDate() {
        return pending.isEmpty();
    }

    /** The lint gate refuses this plan. */
    public boolean lintRefuses() {
        return lintMode == LintMode.FAIL && !lintFindings.isEmpty();
    }
}
