package dev.supabaseops.jenkins.harness

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.TestInfo
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** One fresh workspace and Jenkins stand-in per test; helpers to run a pipeline and find the CLI. */
abstract class LibraryTestBase {
    @TempDir
    Path workspace
    PipelineHarness jenkins

    /** The agent's class-data archives (the launcher's cache), shared by this JVM's tests like an agent's by its builds. */
    static final Path CDS = Files.createTempDirectory('supabase-ops-cds')

    @BeforeEach
    void startJenkins() {
        jenkins = new PipelineHarness(workspace)
        jenkins.setUp()
        jenkins.env.SUPABASE_OPS_CDS = CDS.toString()
    }

    /** The masked build log goes to the test's output file (target/failsafe-reports/*-output.txt). */
    @AfterEach
    void printLog(TestInfo test) {
        println "---- build log of ${test.displayName}: ${jenkins.currentBuild.result}"
        println jenkins.logText()
    }

    /** Runs a scripted pipeline body that loads the library; returns the build result. */
    String pipeline(String body) {
        workspace.resolve('Jenkinsfile').text = "@Library('supabase-ops') _\n" + body
        return jenkins.run('Jenkinsfile')
    }

    String log() {
        return jenkins.logText()
    }

    /**
     * cli/target/supabase-ops.jar, made by cli's package phase. These tests run in the
     * integration-test phase (failsafe), so a reactor `mvn verify` has always built it.
     */
    static Path cliJar() {
        Path jar = Path.of(System.getProperty('cli.jar', '../cli/target/supabase-ops.jar')).toAbsolutePath().normalize()
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("${jar} is missing: build it first (from the repository root: mvn -B verify, " +
                    'or mvn -B package -pl cli -am -DskipTests)')
        }
        return jar
    }
}
