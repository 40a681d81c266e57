import dev.supabaseops.library.StepRunner

/*
 * Copies configuration tables from one environment to another.
 * Example: supabaseSyncData from: 'preprod', to: 'prod', tables: ['plans']
 * Arguments, credentials and the returned Map: vars/supabaseSyncData.txt and docs/jenkins-library.md.
 * Glue only: StepRunner checks the arguments against resources/dev/supabaseops/steps.json and runs
 * the supabase-ops CLI (or the plugin's native step of the same name, where installed).
 */
def call(Map args = [:]) {
    return new StepRunner(this).run('supabaseSyncData', args)
}
