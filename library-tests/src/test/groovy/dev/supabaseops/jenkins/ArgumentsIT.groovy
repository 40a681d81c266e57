package dev.supabaseops.jenkins

import dev.supabaseops.jenkins.harness.PipelineHarness
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Path

import static org.assertj.core.api.Assertions.assertThat

class ArgumentsIT {
    @TempDir
    Path workspace
    PipelineHarness jenkins

    @BeforeEach
    void setUp() {
        jenkins = new PipelineHarness(workspace)
        jenkins.setUp()
    }

    String run(String body) {
        workspace.resolve('Jenkinsfile').text = "@Library('supabase-ops') _\n" + body
        return jenkins.run('Jenkinsfile')
    }

    @Test
    void unknownArgumentFailsWithTheAcceptedKeys() {
        String result = run("node { supabasePush env: 'prod', dryrun: true }")
        println jenkins.logText()
        assertThat(result).isEqualTo('FAILURE')
        assertThat(jenkins.logText()).contains("supabasePush: unknown argument dryrun; accepted: ")
    }
}
