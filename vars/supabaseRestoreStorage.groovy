import dev.supabaseops.library.StepRunner

/*
 * Restores Storage buckets from a backup folder.
 * Example: supabaseRestoreStorage env: 'preprod', from: 'backups/storage/2024-05-01T02-00-00Z'
 * Arguments, credentials and the returned Map: vars/supabaseRestoreStorage.txt and docs/jenkins-library.md.
 * Glue only: StepRunner checks the arguments against resources/dev/supabaseops/steps.json and runs
 * the supabase-ops CLI (or the plugin's native step of the same name, where installed).
 */
def call(Map args = [:]) {
    return new StepRunner(this).run('supabaseRestoreStorage', args)
}
