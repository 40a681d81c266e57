import dev.supabaseops.library.StepRunner

/*
 * Copies Storage objects from one environment to another.
 * Example: supabaseSyncStorage from: 'prod', to: 'preprod'
 * Arguments, credentials and the returned Map: vars/supabaseSyncStorage.txt and docs/jenkins-library.md.
 * Glue only: StepRunner checks the arguments against resources/dev/supabaseops/steps.json and runs
 * the supabase-ops CLI (or the plugin's native step of the same name, where installed).
 */
def call(Map args = [:]) {
    return new StepRunner(this).run('supabaseSyncStorage', args)
}
