import dev.supabaseops.library.StepRunner

/*
 * Runs the environment's health checks until they pass or time out.
 * Example: healthGate env: 'prod', junit: 'reports/health-prod.xml'
 * Arguments, credentials and the returned Map: vars/healthGate.txt and docs/jenkins-library.md.
 * Glue only: StepRunner checks the arguments against resources/dev/supabaseops/steps.json and runs
 * the supabase-ops CLI (or the plugin's native step of the same name, where installed).
 */
def call(Map args = [:]) {
    return new StepRunner(this).run('healthGate', args)
}
