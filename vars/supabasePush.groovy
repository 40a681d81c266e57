import dev.supabaseops.library.StepRunner

/*
 * Applies pending migrations to one environment (like supabase db push).
 * Example: supabasePush env: 'prod'
 * Arguments, credentials and the returned Map: vars/supabasePush.txt and docs/jenkins-library.md.
 * Glue only: StepRunner checks the arguments against resources/dev/supabaseops/steps.json and runs
 * the supabase-ops CLI (or the plugin's native step of the same name, where installed).
 */
def call(Map args = [:]) {
    return new StepRunner(this).run('supabasePush', args)
}
