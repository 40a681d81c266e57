package dev.supabaseops.jenkins

import dev.supabaseops.jenkins.harness.LibraryTestBase
import dev.supabaseops.jenkins.harness.PipelineHarness
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.StandardCopyOption

import static org.assertj.core.api.Assertions.assertThat

/** docs/examples/nightly-backup.Jenkinsfile, unchanged, against prod's Storage API on loopback. */
class NightlyBackupIT extends LibraryTestBase {
    static final String SERVICE_KEY = 'nightly-service-key-W3p1'
    Object storage

    @BeforeEach
    void prodStorage() {
        storage = Class.forName('dev.supabaseops.local.LocalStorageServer').builder().serviceKey(SERVICE_KEY).start()
        storage.createBucket('avatars')
        storage.putObject('avatars', 'u1/face.png', 'face-bytes'.bytes)
        storage.createBucket('invoices')
        storage.putObject('invoices', '2024/01.pdf', 'pdf-bytes'.bytes)
        Files.copy(new File(PipelineHarness.REPO_ROOT, 'docs/examples/nightly-backup.Jenkinsfile').toPath(),
                workspace.resolve('Jenkinsfile'), StandardCopyOption.REPLACE_EXISTING)
        workspace.resolve('supabase-ops.yml').text = "environments:\n  prod: { url: \"${storage.url()}\" }\n"
        Files.createDirectories(workspace.resolve('reports'))
        jenkins.env.SUPABASE_OPS_JAR = cliJar().toString()
    }

    @AfterEach
    void stopStorage() {
        storage?.close()
    }

    @Test
    void backsUpVerifiesAndArchivesTheBackupOffTheAgent() {
        jenkins.credentials['supabase-prod-service-role-key'] = SERVICE_KEY

        assertThat(jenkins.run('Jenkinsfile')).as(log()).isEqualTo('SUCCESS')

        assertThat(jenkins.declarative.model.triggers).contains([cron: 'H 2 * * *'])
        assertThat(jenkins.declarative.stagesRun).containsExactly('Back up prod storage', 'Verify', 'Copy off the agent')
        assertThat(jenkins.archived).contains('reports/storage-backup.tar.gz', 'reports/backup-prod.json', 'reports/verify-prod.json')
        def tar = new ProcessBuilder('tar', '-tzf', workspace.resolve('reports/storage-backup.tar.gz').toString()).start()
        String listing = tar.inputStream.text
        assertThat(listing).contains('face.png', '01.pdf')
        assertThat(jenkins.mails).isEmpty()
        assertThat(log()).doesNotContain(SERVICE_KEY)
    }

    @Test
    void aFailureMailsTheOnCallList() {
        // no credential: the backup cannot start
        assertThat(jenkins.run('Jenkinsfile')).isEqualTo('FAILURE')

        assertThat(log()).contains("Could not find credentials entry with ID 'supabase-prod-service-role-key'")
        assertThat(jenkins.declarative.stagesSkipped).containsExactly('Verify', 'Copy off the agent')
        assertThat(jenkins.mails).hasSize(1)
        assertThat(jenkins.mails[0].to as String).isEqualTo('oncall@example.com')
        assertThat(jenkins.mails[0].subject as String).contains('Supabase prod storage backup failed')
    }
}
