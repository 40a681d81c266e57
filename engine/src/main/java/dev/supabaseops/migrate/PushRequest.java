package dev.supabaseops.migrate;

/**
 * The user's options for a push, as every front end (CLI {@code push}, Jenkins {@code supabasePush}) passes
 * them to {@link PushRun}. A {@code null} field means "the configuration's default".
 *
 * @param env        target environment
 * @param dir        migrations folder relative to the working folder; null = {@code migrations.dir}
 * @param includeAll also apply files older than the newest applied migration (Flyway: out of order)
 * @param atomic     apply every pending file in one transaction (Supabase tool only)
 * @param strict     drift (changed applied files) fails instead of warning (Supabase tool only)
 * @param lint       lint gate: fail, warn or off (parsed only when the Supabase tool runs, so a Flyway push
 *                   ignores it); null = {@code migrations.lint}, else the protected/unprotected default
 * @param confirm    the environment's name again, required for a protected one
 * @param flyway     run Flyway even when {@code migrations.tool} is not {@code flyway}
 */
public record PushRequest(String env, String dir, boolean includeAll, boolean atomic, boolean strict, String lint,
                          String confirm, boolean flyway) {
}
