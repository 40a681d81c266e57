package dev.supabaseops.jenkins

import dev.supabaseops.jenkins.harness.LibraryTestBase
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** Argument checking happens before anything runs on the agent: no sh, no credentials. */
class ArgumentsIT extends LibraryTestBase {

    @Test
    void unknownArgumentFailsWithTheAcceptedKeys() {
        assertThat(pipeline("node { supabasePush env: 'prod', dryrun: true }")).isEqualTo('FAILURE')
        assertThat(log()).contains('ERROR: supabasePush: unknown argument dryrun; accepted: atomic, cliJar, config, ' +
                'confirm, dbPasswordCredentialsId, dbUrlCredentialsId, dir, dryRun, env, includeAll, jsonFile, lint, strict')
        assertThat(jenkins.shCalls).isEmpty()
        assertThat(jenkins.credentialBindings).isEmpty()
    }

    @Test
    void everyVarRejectsUnknownArguments() {
        for (String step : ['supabasePush', 'supabaseSyncData', 'supabaseBackupStorage', 'supabaseRestoreStorage',
                            'supabaseSyncStorage', 'healthGate']) {
            startJenkins()
            assertThat(pipeline("node { ${step} bogus: 1 }")).as(step).isEqualTo('FAILURE')
            assertThat(log()).as(step).contains("ERROR: ${step}: unknown argument bogus; accepted: ")
        }
    }

    @Test
    void missingRequiredArgumentNamesIt() {
        assertThat(pipeline('node { healthGate junit: "x.xml" }')).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: healthGate: argument 'env' is required (environment to check)")
    }

    @Test
    void wrongTypesAreRefused() {
        assertThat(pipeline("node { supabasePush env: 'prod', dryRun: 'yes' }")).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: supabasePush: 'dryRun' must be true or false, not 'yes'")

        startJenkins()
        assertThat(pipeline("node { supabasePush env: 'prod', lint: 'loud' }")).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: supabasePush: 'lint' must be one of fail, warn, off, not 'loud'")

        startJenkins()
        assertThat(pipeline("node { supabaseBackupStorage env: 'prod', keep: 'many' }")).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: supabaseBackupStorage: 'keep' must be a whole number, not 'many'")

        startJenkins()
        assertThat(pipeline("node { supabasePush env: '' }")).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: supabasePush: 'env' must be a non-empty string")
    }

    @Test
    void syncDataNeedsASourceAndATarget() {
        assertThat(pipeline("node { supabaseSyncData to: 'prod' }")).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: supabaseSyncData: give 'from' (the source environment) or 'import' (a folder made by export)")

        startJenkins()
        assertThat(pipeline("node { supabaseSyncData from: 'preprod' }")).isEqualTo('FAILURE')
        assertThat(log()).contains("ERROR: supabaseSyncData: give 'to' (the target environment) or 'export' (a folder to write the rows to)")
    }
}
