package dev.supabaseops.jenkins

import dev.supabaseops.cli.Main
import dev.supabaseops.jenkins.harness.Databases
import dev.supabaseops.jenkins.harness.DeclarativeInterpreter.Section
import dev.supabaseops.jenkins.harness.LibraryTestBase
import dev.supabaseops.jenkins.harness.PipelineHarness
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.StandardCopyOption

import static org.assertj.core.api.Assertions.assertThat

/**
 * The repository's Jenkinsfile.example, unchanged, run end to end: sh runs the real CLI jar
 * against two real PostgreSQL databases (preprod, prod) and prod's Storage API (the engine's
 * local implementation on loopback); credentials come from the Jenkins credentials store.
 */
class PromotionPipelineIT extends LibraryTestBase {
    static final String PREPROD_PASSWORD = 'preprod-pw-4Kx9'
    static final String PROD_PASSWORD = 'prod-pw-Q7m2'
    static final String SERVICE_KEY = 'service-role-key-Jt58-secret'

    String preprod
    String prod
    Object storage

    @BeforeEach
    void environments() {
        preprod = Databases.newDatabaseUrl(PREPROD_PASSWORD)
        prod = Databases.newDatabaseUrl(PROD_PASSWORD)
        // prod's Storage API: the engine's local implementation (dev.supabaseops.local, from the storage work)
        storage = Class.forName('dev.supabaseops.local.LocalStorageServer').builder().serviceKey(SERVICE_KEY).start()
        storage.createBucket('avatars')
        storage.putObject('avatars', 'team/logo.png', 'png-bytes'.bytes)

        Files.copy(new File(PipelineHarness.REPO_ROOT, 'Jenkinsfile.example').toPath(), workspace.resolve('Jenkinsfile'),
                StandardCopyOption.REPLACE_EXISTING)
        Files.createDirectories(workspace.resolve('supabase/migrations'))
        workspace.resolve('supabase/migrations/20240101000000_plans.sql').text =
                'create table public.plans (id int primary key, name text not null, price int);\n'
        workspace.resolve('supabase/migrations/20240201000000_features.sql').text =
                'create table public.features (id int primary key, plan_id int references public.plans (id), name text);\n'
        workspace.resolve('supabase-ops.yml').text = """\
            environments:
              preprod: {}
              prod: { protected: true, url: "${storage.url()}" }
            sync: { tables: [plans] }
            storage: { backupDir: backups/storage, keep: 3 }
            health:
              preprod:
                - { name: plans-present, sql: "select count(*) = 3 from plans" }
              prod:
                - { name: plans-present, sql: "select count(*) = 3 from plans" }
                - { name: features-table, sql: "select to_regclass('public.features') is not null" }
            """.stripIndent()

        // The state before the release: both have the plans table (pushed by the CLI itself, so the
        // history is what it writes); preprod holds the new config rows.
        File firstOnly = Files.createDirectories(workspace.resolveSibling(workspace.fileName.toString() + '-m1')).toFile()
        new File(firstOnly, '20240101000000_plans.sql').text = workspace.resolve('supabase/migrations/20240101000000_plans.sql').text
        for (String url : [preprod, prod]) {
            def err = new ByteArrayOutputStream()
            int code = Main.run(['push', '--env', 'seed', '--dir', firstOnly.path] as String[], [SUPABASE_SEED_DB_URL: url],
                    firstOnly.toPath(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))
            assertThat(code).as(err.toString()).isZero()
        }
        Databases.execute(preprod, "insert into plans values (1, 'free', 0), (2, 'pro', 20), (3, 'team', 50)")
        Databases.execute(prod, "insert into plans values (1, 'free', 0), (2, 'pro', 15)")

        jenkins.env.SUPABASE_OPS_JAR = cliJar().toString()
        jenkins.credentials['supabase-preprod-db-url'] = preprod
        jenkins.credentials['supabase-prod-db-url'] = prod
        jenkins.credentials['supabase-prod-service-role-key'] = SERVICE_KEY
    }

    @AfterEach
    void stopStorage() {
        storage?.close()
    }

    void assertNoSecretInTheLog() {
        for (String secret : [PREPROD_PASSWORD, PROD_PASSWORD, SERVICE_KEY, preprod, prod]) {
            assertThat(log()).doesNotContain(secret)
            Files.walk(workspace.resolve('reports')).filter { Files.isRegularFile(it) }.each {
                assertThat(it.toFile().getText('UTF-8')).as(it.toString()).doesNotContain(secret)
            }
        }
    }

    @Test
    void theDeclarativeStructureIsTheDocumentedOne() {
        jenkins.run('Jenkinsfile')
        Section p = jenkins.declarative.model
        assertThat(p.agent).isEqualTo('any')
        assertThat(p.options*.keySet().flatten()).contains('timeout', 'disableConcurrentBuilds', 'buildDiscarder')
        assertThat(p.stages*.name).containsExactly('Plan', 'Preprod', 'Approve', 'Prod')
        assertThat(p.stage('Prod').options).contains([lock: 'supabase-prod'])
        assertThat(p.stage('Prod').stages*.name).containsExactly('Back up storage', 'Migrate', 'Sync config', 'Health gate')
        assertThat(p.post.keySet()).contains('always')
        assertThat(p.parameters*.name).containsExactly('HEALTH_TIMEOUT')
    }

    @Test
    void approvedRunMigratesAndSyncsProd() {
        String result = jenkins.run('Jenkinsfile')

        assertThat(result).as(log()).isEqualTo('SUCCESS')
        assertThat(jenkins.declarative.stagesRun).containsExactly('Plan', 'Preprod', 'Approve', 'Prod',
                'Back up storage', 'Migrate', 'Sync config', 'Health gate')
        // the approval showed the plans and was limited to the release group, under a lock and milestones
        assertThat(jenkins.inputs).hasSize(1)
        assertThat(jenkins.inputs[0].submitter).isEqualTo('supabase-release')
        assertThat(jenkins.inputs[0].message as String).contains('Promote to prod?', '20240201000000')
        assertThat(jenkins.milestones).containsExactly(1, 2)
        assertThat(jenkins.locks).containsExactly('supabase-prod')
        // prod migrated and synced, preprod migrated
        assertThat(Databases.tableExists(prod, 'public.features')).isTrue()
        assertThat(Databases.tableExists(preprod, 'public.features')).isTrue()
        assertThat(Databases.rows(prod, 'select id, name, price from plans order by id'))
                .containsExactly([1, 'free', 0], [2, 'pro', 20], [3, 'team', 50])
        // storage backed up before the push, reports archived, health XML published
        assertThat(Files.walk(workspace.resolve('backups/storage')).filter { it.fileName.toString() == 'logo.png' }.count()).isEqualTo(1)
        assertThat(jenkins.archived).contains('reports/plan-push-prod.json', 'reports/plan-sync-prod.json', 'reports/push-prod.json')
        assertThat(jenkins.publishedJUnit).contains('reports/health-preprod.xml', 'reports/health-prod.xml')
        assertThat(jenkins.everBoundSecrets).containsExactlyInAnyOrder(preprod, prod, SERVICE_KEY)
        assertNoSecretInTheLog()
    }

    @Test
    void rejectedInputLeavesProdUntouched() {
        jenkins.inputDecision = 'reject'

        String result = jenkins.run('Jenkinsfile')

        assertThat(result).isEqualTo('ABORTED')
        assertThat(jenkins.declarative.stagesRun).containsExactly('Plan', 'Preprod', 'Approve')
        assertThat(jenkins.declarative.stagesSkipped).contains('Prod')
        assertThat(Databases.tableExists(prod, 'public.features')).isFalse()
        assertThat(Databases.rows(prod, 'select id, name, price from plans order by id')).containsExactly([1, 'free', 0], [2, 'pro', 15])
        assertThat(Files.exists(workspace.resolve('backups/storage'))).isFalse()
        assertThat(jenkins.locks).isEmpty()
        assertNoSecretInTheLog()
    }

    @Test
    void failingHealthGateFailsTheBuildAndPublishesTheXml() {
        // prod's gate expects a row the release does not bring
        workspace.resolve('supabase-ops.yml').text = workspace.resolve('supabase-ops.yml').text.replace(
                '- { name: features-table',
                '- { name: enterprise-plan, sql: "select count(*) = 1 from plans where name = \'enterprise\'" }\n    - { name: features-table')
        jenkins.params.HEALTH_TIMEOUT = '0' // one attempt per check instead of retrying for 5 minutes

        String result = jenkins.run('Jenkinsfile')

        assertThat(result).isEqualTo('FAILURE')
        assertThat(jenkins.declarative.stagesRun).endsWith('Health gate')
        assertThat(log()).containsPattern('ERROR: healthGate failed \\(exit 1\\): ')
        assertThat(jenkins.publishedJUnit).contains('reports/health-prod.xml')
        assertThat(workspace.resolve('reports/health-prod.xml').text).contains('enterprise-plan', '<failure')
        assertNoSecretInTheLog()
    }
}
