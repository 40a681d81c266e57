package dev.supabaseops.jenkins

import dev.supabaseops.jenkins.harness.LibraryTestBase
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** The harness catches what Jenkins would refuse, so a green run of the library means something. */
class HarnessIT extends LibraryTestBase {

    @Test
    void nonSerializableStateAcrossAStepFailsLikeInJenkins() {
        // An Iterator held in a CPS variable while a step runs: Jenkins fails with NotSerializableException.
        String result = pipeline('''node {
            def letters = ['a', 'b'].iterator()
            echo 'between'
            echo letters.next()
        }''')
        assertThat(result).isEqualTo('FAILURE')
        assertThat(log()).containsPattern('NotSerializableException|ERROR: .*Itr')
    }

    @Test
    void withCredentialsMasksTheSecretAndFailsOnAnUnknownId() {
        jenkins.credentials['token'] = 's3cr3t-value'
        String result = pipeline('''node {
            withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {
                sh 'echo "token is $TOKEN"'
            }
            withCredentials([string(credentialsId: 'missing', variable: 'X')]) {
                echo 'never'
            }
        }''')
        assertThat(result).isEqualTo('FAILURE')
        assertThat(log()).contains('token is ****').doesNotContain('s3cr3t-value').doesNotContain('never')
        assertThat(log()).contains("ERROR: Could not find credentials entry with ID 'missing'")
    }

    @Test
    void shFailsTheBuildOnANonZeroExit() {
        assertThat(pipeline("node { sh 'exit 3' }")).isEqualTo('FAILURE')
        assertThat(log()).contains('ERROR: script returned exit code 3')
    }
}
