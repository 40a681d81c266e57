import dev.supabaseops.library.StepRunner

/*
 * Backs up Storage buckets to a folder on the agent.
 * Example: supabaseBackupStorage env: 'prod', keep: 7
 * Arguments, credentials and the returned Map: vars/supabaseBackupStorage.txt and docs/jenkins-library.md.
 * Glue only: StepRunner checks the arguments against resources/dev/supabaseops/steps.json and runs
 * the supabase-ops CLI (or the plugin's native step of the same name, where installed).
 */
def call(Map args = [:]) {
    return new StepRunner(this).run('supabaseBackupStorage', args)
}
