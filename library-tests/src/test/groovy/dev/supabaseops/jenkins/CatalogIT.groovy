package dev.supabaseops.jenkins

import dev.supabaseops.cli.Main
import dev.supabaseops.jenkins.harness.PipelineHarness
import groovy.json.JsonSlurper
import org.junit.jupiter.api.Test

import java.nio.charset.StandardCharsets
import java.nio.file.Path

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.SoftAssertions.assertSoftly

/**
 * resources/dev/supabaseops/steps.json is the one source of truth of the steps' arguments: every
 * CLI flag it maps to exists in the real CLI, and every argument is documented in vars/<step>.txt
 * and docs/jenkins-library.md.
 */
class CatalogIT {
    static final File ROOT = PipelineHarness.REPO_ROOT
    static final Map CATALOG = (Map) new JsonSlurper().parse(new File(ROOT, 'resources/dev/supabaseops/steps.json'))

    static String help(List<String> command) {
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        int code = Main.run((command + ['--help']) as String[], [:], Path.of('.'),
                new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'))
        assertThat(code).as("supabase-ops ${command.join(' ')} --help (is the command in the CLI?) ${err}").isZero()
        return out.toString(StandardCharsets.UTF_8)
    }

    @Test
    void everyFlagExistsInTheCli() {
        assertSoftly { softly ->
            CATALOG.steps.each { String step, Map spec ->
                String text = help(spec.command as List<String>)
                spec.args.each { String name, Map arg ->
                    softly.assertThat(text).as("${step}.${name} → ${arg.flag}").containsPattern("(?m)[ ,]${java.util.regex.Pattern.quote(arg.flag as String)}[ =,\\[]|${java.util.regex.Pattern.quote(arg.flag as String)}\$")
                }
                softly.assertThat(text).as("${step}: --config").contains('--config')
            }
        }
    }

    @Test
    void everyArgumentIsDocumentedInItsTxtAndInDocs() {
        String docs = new File(ROOT, 'docs/jenkins-library.md').getText('UTF-8')
        assertSoftly { softly ->
            CATALOG.steps.each { String step, Map spec ->
                File txt = new File(ROOT, "vars/${step}.txt")
                softly.assertThat(txt).as("vars/${step}.txt").exists()
                String help = txt.isFile() ? txt.getText('UTF-8') : ''
                List<String> names = (spec.args.keySet() + CATALOG.commonArgs.keySet()) as List<String>
                spec.credentials.each { Map c ->
                    String kind = c.kind
                    String suffix = kind + 'CredentialsId'
                    names << (c.env == 'env' ? suffix : c.env + suffix.capitalize())
                }
                int start = docs.indexOf("## ${step}\n")
                int end = start < 0 ? -1 : docs.indexOf('\n## ', start + 3)
                String section = start < 0 ? '' : docs.substring(start, end < 0 ? docs.length() : end)
                softly.assertThat(section).as("docs/jenkins-library.md has a '## ${step}' section").isNotEmpty()
                names.each { String name ->
                    softly.assertThat(help).as("vars/${step}.txt documents ${name}").contains("<code>${name}</code>")
                    softly.assertThat(section).as("docs/jenkins-library.md documents ${step}.${name}").contains("`${name}`")
                }
            }
        }
    }

    /** Where the plugin is installed a var hands its arguments to the native step, whose binding converts nothing. */
    @Test
    void pluginArgumentsHaveTheTypesTheNativeStepsBind() {
        // Jenkins imports NonCPS implicitly; a plain compiler needs it spelled out.
        def config = new org.codehaus.groovy.control.CompilerConfiguration()
        config.addCompilationCustomizers(new org.codehaus.groovy.control.customizers.ImportCustomizer()
                .addImports('com.cloudbees.groovy.cps.NonCPS'))
        Class catalog = new GroovyClassLoader(getClass().classLoader, config)
                .parseClass(new File(ROOT, 'src/dev/supabaseops/library/StepCatalog.groovy'))
        Map sync = catalog.prepare(CATALOG, 'supabaseSyncData', [from: 'preprod', to: 'prod', tables: ['plans', 'features']])
        assertThat(sync.pluginArgs.tables).isEqualTo('plans,features')
        Map gate = catalog.prepare(CATALOG, 'healthGate', [env: 'prod', http: 'https://app.example.com/health'])
        assertThat(gate.pluginArgs.http).isEqualTo(['https://app.example.com/health'])
        Map backup = catalog.prepare(CATALOG, 'supabaseBackupStorage', [env: 'prod', keep: '3', cliJar: '/x.jar'])
        assertThat(backup.pluginArgs.keep).isEqualTo(3)
        assertThat(backup.pluginArgs).doesNotContainKey('cliJar') // library-only
    }
}
