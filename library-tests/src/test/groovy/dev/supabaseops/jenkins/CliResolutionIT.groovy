package dev.supabaseops.jenkins

import com.sun.net.httpserver.HttpServer
import dev.supabaseops.jenkins.harness.LibraryTestBase
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.concurrent.atomic.AtomicInteger

import static org.assertj.core.api.Assertions.assertThat

/**
 * Finding the CLI on the agent, in order: cliJar argument, SUPABASE_OPS_JAR, supabase-ops on PATH,
 * else the pinned release jar from a Maven repository (here a loopback HTTP server serving the
 * real jar in Maven layout) into a cache, sha256-checked.
 */
class CliResolutionIT extends LibraryTestBase {
    static final String JAR_PATH = '/maven2/dev/supabaseops/supabase-ops-cli/0.1.0/supabase-ops-cli-0.1.0-all.jar'

    HttpServer server
    final AtomicInteger downloads = new AtomicInteger()

    @AfterEach
    void stopServer() {
        server?.stop(0)
    }

    /** The command line the var ran the CLI with (the sh call that carries --json). */
    String cliCommand() {
        Map call = jenkins.shCalls.find { (it.script as String).contains("'--json'") }
        assertThat(call).as('an sh call running the CLI').isNotNull()
        return (call.script as String).readLines()[1]
    }

    /** A jar runs through the library's copy of bin/supabase-ops, written to the workspace's tmp folder. */
    String throughLauncher(Path jar) {
        return "'env' 'SUPABASE_OPS_JAR=${jar}' 'sh' '${workspace}@tmp/supabase-ops/launcher.sh'"
    }

    @Test
    void theLauncherRunsTheJarAndKeepsItsArchiveForTheAgentsNextBuilds() {
        Path cds = workspace.resolveSibling(workspace.fileName.toString() + '-cds')
        jenkins.credentials['supabase-x-db-url'] = 'postgresql://postgres@127.0.0.1:1/x'
        pipeline("node { withEnv(['SUPABASE_OPS_CDS=${cds}']) { supabasePush env: 'x', dryRun: true, cliJar: '${cliJar()}' } }")
        assertCliRan()
        assertThat(Files.list(cds).map { it.fileName.toString() }.toList()).anyMatch { it.startsWith('push-') }
        assertThat(workspace.resolveSibling(workspace.fileName.toString() + '@tmp').resolve('supabase-ops/launcher.sh'))
                .hasSameBinaryContentAs(Path.of('..', 'bin', 'supabase-ops'))
    }

    /** The CLI ran (it printed its own result or its own one-line reason), not a shell error. */
    void assertCliRan() {
        assertThat(log()).doesNotContain('Unable to access jarfile').doesNotContain('not found')
        assertThat(log()).containsPattern('supabase-ops|supabasePush failed \\(exit [123]\\)|"applied"|pending')
    }

    @Test
    void cliJarArgumentWinsOverEverythingElse() {
        jenkins.env.SUPABASE_OPS_JAR = '/nowhere/env.jar'
        jenkins.env.PATH = pathWithWrapper() + ':' + System.getenv('PATH')
        jenkins.credentials['supabase-x-db-url'] = 'postgresql://postgres@127.0.0.1:1/x'
        pipeline("node { supabasePush env: 'x', dryRun: true, cliJar: '${cliJar()}' }")
        assertThat(cliCommand()).startsWith("( set +e; ${throughLauncher(cliJar())} 'push' ")
                .contains(" '--env' 'x' ", " '--dry-run' ", " '--json' ")
        assertCliRan()
    }

    @Test
    void supabaseOpsJarEnvironmentVariableComesNext() {
        jenkins.env.SUPABASE_OPS_JAR = cliJar().toString()
        jenkins.env.PATH = pathWithWrapper() + ':' + System.getenv('PATH')
        jenkins.credentials['supabase-x-db-url'] = 'postgresql://postgres@127.0.0.1:1/x'
        pipeline("node { supabasePush env: 'x', dryRun: true }")
        assertThat(cliCommand()).startsWith("( set +e; ${throughLauncher(cliJar())} 'push' ")
        assertCliRan()
    }

    @Test
    void supabaseOpsOnThePathComesThird() {
        jenkins.env.PATH = pathWithWrapper() + ':' + System.getenv('PATH')
        jenkins.credentials['supabase-x-db-url'] = 'postgresql://postgres@127.0.0.1:1/x'
        pipeline("node { supabasePush env: 'x', dryRun: true }")
        assertThat(cliCommand()).startsWith("( set +e; 'supabase-ops' 'push' ")
        assertCliRan()
    }

    @Test
    void otherwiseThePinnedJarIsDownloadedOnceAndChecked() {
        serveJar(cliJar())
        Path cache = workspace.resolveSibling(workspace.fileName.toString() + '-cache')
        jenkins.env.SUPABASE_OPS_MAVEN_URL = "http://127.0.0.1:${server.address.port}/maven2/".toString()
        jenkins.env.SUPABASE_OPS_JAR_SHA256 = sha256(cliJar())
        jenkins.env.SUPABASE_OPS_CACHE = cache.toString()
        jenkins.credentials['supabase-x-db-url'] = 'postgresql://postgres@127.0.0.1:1/x'

        pipeline("node { supabasePush env: 'x', dryRun: true }\nnode { supabasePush env: 'x', dryRun: true }")

        Path cached = cache.resolve(sha256(cliJar()).substring(0, 12)).resolve('supabase-ops-cli-0.1.0-all.jar')
        assertThat(cached).hasSameBinaryContentAs(cliJar())
        assertThat(cliCommand()).startsWith("( set +e; ${throughLauncher(cached)} 'push' ")
        assertThat(downloads.get()).as('second run uses the cache').isEqualTo(1)
        assertCliRan()
    }

    @Test
    void aJarWithTheWrongChecksumIsRefusedAndNotCached() {
        serveJar(cliJar())
        Path cache = workspace.resolveSibling(workspace.fileName.toString() + '-cache')
        jenkins.env.SUPABASE_OPS_MAVEN_URL = "http://127.0.0.1:${server.address.port}/maven2".toString()
        jenkins.env.SUPABASE_OPS_JAR_SHA256 = '0' * 64
        jenkins.env.SUPABASE_OPS_CACHE = cache.toString()

        assertThat(pipeline("node { supabasePush env: 'x', dryRun: true }")).isEqualTo('FAILURE')

        assertThat(log()).contains("ERROR: supabase-ops CLI download failed: sha256 of http://127.0.0.1:${server.address.port}/maven2${JAR_PATH.substring(7)} is ${sha256(cliJar())}, expected ${'0' * 64}")
        assertThat(jenkins.shCalls.findAll { (it.script as String).contains("'--json'") }).isEmpty()
        assertThat(Files.walk(cache).filter { Files.isRegularFile(it) }.count()).isZero()
    }

    @Test
    void withoutAPinnedChecksumTheDownloadIsRefusedWithTheWaysToProvideTheCli() {
        assertThat(pipeline("node { supabasePush env: 'x' }")).isEqualTo('FAILURE')
        assertThat(log()).contains('ERROR: supabase-ops CLI not found (no cliJar argument, no SUPABASE_OPS_JAR, no supabase-ops on PATH) ' +
                'and this library version pins no sha256 for https://repo1.maven.org/maven2' + JAR_PATH.substring(7) +
                ': set SUPABASE_OPS_JAR_SHA256, or provide the jar')
    }

    /** A folder with the wrapper script an admin would install: supabase-ops → java -jar. */
    String pathWithWrapper() {
        Path bin = Files.createDirectories(workspace.resolveSibling(workspace.fileName.toString() + '-bin'))
        Path wrapper = bin.resolve('supabase-ops')
        wrapper.text = "#!/bin/sh\nexec java -jar '${cliJar()}' \"\$@\"\n"
        wrapper.toFile().setExecutable(true)
        return bin.toString()
    }

    void serveJar(Path jar) {
        server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        server.createContext('/maven2/') { exchange ->
            if (exchange.requestURI.path == JAR_PATH) {
                downloads.incrementAndGet()
                exchange.sendResponseHeaders(200, Files.size(jar))
                exchange.responseBody.withCloseable { it << Files.readAllBytes(jar) }
            } else {
                exchange.sendResponseHeaders(404, -1)
                exchange.close()
            }
        }
        server.start()
    }

    static String sha256(Path file) {
        return MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }
}
