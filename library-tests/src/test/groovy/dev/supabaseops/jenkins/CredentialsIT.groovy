package dev.supabaseops.jenkins

import dev.supabaseops.jenkins.harness.Databases
import dev.supabaseops.jenkins.harness.LibraryTestBase
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** Credentials bound by convention or by argument, masked, and never in the log, result or files. */
class CredentialsIT extends LibraryTestBase {
    static final String PASSWORD = 'pw-Zq81-never-in-logs'

    String url

    @BeforeEach
    void project() {
        url = Databases.newDatabaseUrl(PASSWORD)
        jenkins.env.SUPABASE_OPS_JAR = cliJar().toString()
        workspace.resolve('supabase/migrations').toFile().mkdirs()
        workspace.resolve('supabase/migrations/20240101000000_plans.sql').text =
                'create table public.plans (id int primary key, name text not null);\n'
    }

    @Test
    void conventionIdsBindTheContractVariablesAndTheSecretNeverShows() {
        jenkins.credentials['supabase-pre-prod-db-url'] = url
        String result = pipeline('''node {
            def plan = supabasePush env: 'Pre-Prod', dryRun: true, jsonFile: 'reports/plan.json'
            echo "pending: ${plan.pending.size()}"
            def done = supabasePush env: 'Pre-Prod'
            echo "applied: ${done.applied*.version}"
            healthGate env: 'Pre-Prod', sql: ['select count(*) = 0 from public.plans'], timeout: '0'
        }''')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(jenkins.credentialBindings).containsOnly(
                [credentialsId: 'supabase-pre-prod-db-url', variable: 'SUPABASE_PRE_PROD_DB_URL'])
        assertThat(jenkins.shCalls.find { (it.script as String).contains("'push'") }.envKeys)
                .contains('SUPABASE_PRE_PROD_DB_URL').doesNotContain('SUPABASE_PRE_PROD_DB_PASSWORD')
        assertThat(log()).contains('pending: 1', 'applied: [20240101000000]')
        assertThat(Databases.tableExists(url, 'public.plans')).isTrue()
        assertThat(log()).doesNotContain(PASSWORD)
        assertThat(workspace.resolve('reports/plan.json').text).contains('20240101000000').doesNotContain(PASSWORD)
    }

    @Test
    void argumentsNameOtherIdsAddTheSeparatePasswordOrBindNothing() {
        String urlWithoutPassword = url.replace(":${PASSWORD}@", '@')
        jenkins.credentials['team-prod-url'] = urlWithoutPassword
        jenkins.credentials['team-prod-password'] = PASSWORD
        String result = pipeline('''node {
            supabasePush env: 'prod', dbUrlCredentialsId: 'team-prod-url', dbPasswordCredentialsId: 'team-prod-password'
            withEnv(["SUPABASE_PROD_DB_URL=''' + urlWithoutPassword + '''"]) {
                healthGate env: 'prod', dbUrlCredentialsId: '', sql: ['select count(*) = 0 from public.plans'], timeout: '0'
            }
        }''')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(jenkins.credentialBindings).containsExactly(
                [credentialsId: 'team-prod-url', variable: 'SUPABASE_PROD_DB_URL'],
                [credentialsId: 'team-prod-password', variable: 'SUPABASE_PROD_DB_PASSWORD'])
        assertThat(Databases.tableExists(url, 'public.plans')).isTrue()
        assertThat(log()).doesNotContain(PASSWORD)
    }

    @Test
    void aMissingCredentialFailsBeforeTheCliRuns() {
        String result = pipeline("node { supabasePush env: 'prod' }")
        assertThat(result).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: Could not find credentials entry with ID 'supabase-prod-db-url'")
        assertThat(jenkins.shCalls.findAll { (it.script as String).contains("'push'") }).isEmpty()
    }

    @Test
    void aCliFailureEndsTheStepWithItsOwnOneLineReason() {
        jenkins.credentials['supabase-prod-db-url'] = url
        workspace.resolve('supabase-ops.yml').text = 'environments:\n  prod: { protected: true }\n'
        String result = pipeline("node { supabasePush env: 'prod' }")
        assertThat(result).isEqualTo('FAILURE')
        assertThat(log()).containsPattern('ERROR: supabasePush failed \\(exit 3\\): .*--confirm prod')
        assertThat(Databases.tableExists(url, 'public.plans')).isFalse()
        assertThat(log()).doesNotContain(PASSWORD)
    }
}
