package dev.supabaseops.jenkins.harness

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration

import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.PathMatcher
import java.util.concurrent.TimeUnit

/**
 * A Jenkins stand-in for the shared library: JenkinsPipelineUnit's CPS interpreter (scripts and
 * library classes are CPS-transformed and the continuation is serialized at every step, so
 * non-serializable state fails here as it would in Jenkins) plus the steps the library and the
 * Jenkinsfiles use, implemented for real where it matters:
 * <ul>
 *   <li>{@code sh} runs /bin/sh -e (as Jenkins does) in the workspace with the build's environment;</li>
 *   <li>{@code withCredentials} looks ids up in a credentials store, fails like Jenkins on an unknown id,
 *       exposes the secrets as environment variables and masks them as {@code ****} in the log;</li>
 *   <li>{@code readFile}/{@code writeFile}/{@code archiveArtifacts}/{@code junit} work on real files;</li>
 *   <li>{@code input} is approved or rejected by the test; a rejection aborts the build like Jenkins.</li>
 * </ul>
 * The declarative {@code pipeline {}} block is interpreted by {@link DeclarativeInterpreter}.
 */
class PipelineHarness extends BasePipelineTestCPS {
    static final File REPO_ROOT = new File(System.getProperty('library.root', '..')).canonicalFile

    final Path workspace
    /** The build's environment: what env.X reads and what sh sees. */
    final Map<String, String> env = new LinkedHashMap<>()
    /** The Jenkins credentials store: id → secret text. */
    final Map<String, String> credentials = new LinkedHashMap<>()
    /** The build log, masked as Jenkins masks it. */
    final List<String> log = []
    final List<Map> shCalls = []
    final List<Map> credentialBindings = []
    final List<String> archived = []
    final List<String> publishedJUnit = []
    final List<Map> inputs = []
    final List<Object> milestones = []
    final List<String> locks = []
    final List<Map> mails = []
    /** 'approve' or 'reject': what the submitter does when the build reaches an input. */
    String inputDecision = 'approve'
    String inputApprover = 'release-manager'

    private final Deque<Map<String, String>> activeSecrets = new ArrayDeque<>()
    final Set<String> everBoundSecrets = new LinkedHashSet<>()
    final DeclarativeInterpreter declarative = new DeclarativeInterpreter(this)
    final Map<String, Object> currentBuild = [result: null, currentResult: 'SUCCESS', number: 1, displayName: '#1']

    PipelineHarness(Path workspace) {
        this.workspace = workspace
    }

    void setUp() throws Exception {
        scriptRoots = [workspace.toString(), REPO_ROOT.path] as String[]
        scriptExtension = ''
        super.setUp()
        helper.registerSharedLibrary(LibraryConfiguration.library().name('supabase-ops')
                .defaultVersion('main').allowOverride(true).implicit(false)
                .targetPath(workspace.resolve('libs').toString())
                .retriever(new RepositorySource(REPO_ROOT)).build())
        binding.setVariable('env', env)
        binding.setVariable('currentBuild', currentBuild)
        binding.setVariable('params', [:])
        env.WORKSPACE = workspace.toString()
        env.BUILD_NUMBER = '1'
        env.JOB_NAME = 'app/main'
        registerSteps()
        declarative.register(helper, binding)
    }

    /** Runs a Jenkinsfile from the workspace (or the repository root); returns the build result. */
    String run(String jenkinsfile) {
        try {
            runScript(jenkinsfile)
        } catch (Throwable t) {
            fail(t)
        }
        if (currentBuild.result == null) {
            currentBuild.result = currentBuild.currentResult
        }
        return currentBuild.result
    }

    /** Records a failure the way Jenkins ends a build: ABORTED for a rejected input, else FAILURE. */
    void fail(Throwable t) {
        Throwable root = t
        while (!(root instanceof PipelineFailure) && root.cause != null && root.cause != root) {
            root = root.cause
        }
        String result = root instanceof InputRejected ? 'ABORTED' : 'FAILURE'
        currentBuild.result = currentBuild.currentResult = worse(currentBuild.currentResult as String, result)
        append("ERROR: ${root.message}")
    }

    static String worse(String a, String b) {
        List<String> order = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']
        return order.indexOf(a) >= order.indexOf(b) ? a : b
    }

    String logText() {
        return log.join('\n')
    }

    void append(Object text) {
        String masked = String.valueOf(text)
        for (Map<String, String> scope : activeSecrets) {
            for (String secret : scope.values()) {
                if (secret) {
                    masked = masked.replace(secret, '****')
                }
            }
        }
        masked.readLines().each { log << it }
    }

    private void registerSteps() {
        helper.registerAllowedMethod('sh', [Map], { Map m -> shell(m) })
        helper.registerAllowedMethod('sh', [String], { String s -> shell([script: s]) })
        helper.registerAllowedMethod('isUnix', [], { -> true })
        helper.registerAllowedMethod('echo', [String], { String s -> append(s) })
        helper.registerAllowedMethod('error', [String], { String s -> throw new PipelineFailure(s) })
        helper.registerAllowedMethod('string', [Map], { Map m -> [kind: 'string'] + m })
        helper.registerAllowedMethod('withCredentials', [List, Closure], { List bindings, Closure body ->
            withCredentials(bindings, body)
        })
        helper.registerAllowedMethod('libraryResource', [String], { String path ->
            File f = new File(REPO_ROOT, "resources/${path}")
            if (!f.isFile()) {
                throw new PipelineFailure("No such library resource ${path} could be found.")
            }
            return f.getText('UTF-8')
        })
        helper.registerAllowedMethod('pwd', [], { -> workspace.toString() })
        helper.registerAllowedMethod('pwd', [Map], { Map m -> m.tmp ? workspace.toString() + '@tmp' : workspace.toString() })
        helper.registerAllowedMethod('readFile', [String], { String f -> readFile(f) })
        helper.registerAllowedMethod('readFile', [Map], { Map m -> readFile(m.file as String) })
        helper.registerAllowedMethod('writeFile', [Map], { Map m ->
            Path p = resolve(m.file as String)
            Files.createDirectories(p.parent)
            p.setText(m.text as String, 'UTF-8')
        })
        helper.registerAllowedMethod('fileExists', [String], { String f -> Files.exists(resolve(f)) })
        helper.registerAllowedMethod('archiveArtifacts', [String], { String glob -> archive([artifacts: glob]) })
        helper.registerAllowedMethod('archiveArtifacts', [Map], { Map m -> archive(m) })
        helper.registerAllowedMethod('junit', [String], { String glob -> junit([testResults: glob]) })
        helper.registerAllowedMethod('junit', [Map], { Map m -> junit(m) })
        helper.registerAllowedMethod('input', [Map], { Map m -> input(m) })
        helper.registerAllowedMethod('milestone', [Integer], { Integer n -> milestones << n })
        helper.registerAllowedMethod('milestone', [Map], { Map m -> milestones << m })
        helper.registerAllowedMethod('mail', [Map], { Map m -> mails << m; append("mail to ${m.to}: ${m.subject}") })
        helper.registerAllowedMethod('deleteDir', [], { -> workspace.toFile().deleteDir(); Files.createDirectories(workspace) })
    }

    private Object shell(Map m) {
        String script = m.script as String
        Map<String, String> processEnv = new LinkedHashMap<>(System.getenv())
        processEnv.keySet().removeIf { it.startsWith('SUPABASE') }
        processEnv.putAll(env)
        activeSecrets.each { processEnv.putAll(it) }
        shCalls << [script: script, label: m.label, envKeys: new TreeSet<>(processEnv.keySet())]
        File out = File.createTempFile('harness-sh', '.out')
        File err = File.createTempFile('harness-sh', '.err')
        try {
            ProcessBuilder pb = new ProcessBuilder('/bin/sh', '-e', '-c', script)
                    .directory(workspace.toFile())
                    .redirectOutput(out).redirectError(err)
            pb.environment().clear()
            pb.environment().putAll(processEnv)
            Files.createDirectories(workspace)
            Process process = pb.start()
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly()
                throw new PipelineFailure("sh did not finish in 10 minutes: ${m.label ?: script}")
            }
            int code = process.exitValue()
            String stdout = out.getText('UTF-8')
            if (!m.returnStdout) {
                append(stdout)
            }
            append(err.getText('UTF-8'))
            if (m.returnStatus) {
                return code
            }
            if (code != 0) {
                throw new PipelineFailure("script returned exit code ${code}")
            }
            return m.returnStdout ? stdout : null
        } finally {
            out.delete()
            err.delete()
        }
    }

    private Object withCredentials(List bindings, Closure body) {
        Map<String, String> scope = new LinkedHashMap<>()
        for (Object b : bindings) {
            Map binding = (Map) b
            String id = binding.credentialsId as String
            credentialBindings << [credentialsId: id, variable: binding.variable]
            if (!credentials.containsKey(id)) {
                // the message Jenkins' CredentialNotFoundException gives
                throw new PipelineFailure("Could not find credentials entry with ID '${id}'")
            }
            scope[binding.variable as String] = credentials[id]
            everBoundSecrets << credentials[id]
        }
        activeSecrets.push(scope)
        try {
            return helper.callClosure(body)
        } finally {
            activeSecrets.pop()
        }
    }

    Path resolve(String file) {
        Path p = workspace.resolve(file)
        return p.normalize()
    }

    private String readFile(String file) {
        Path p = resolve(file)
        if (!Files.isRegularFile(p)) {
            throw new PipelineFailure("java.nio.file.NoSuchFileException: ${p}")
        }
        return p.getText('UTF-8')
    }

    private List<Path> glob(String patterns) {
        List<Path> found = []
        for (String pattern : patterns.split(',')) {
            PathMatcher matcher = FileSystems.default.getPathMatcher("glob:${pattern.trim()}")
            Files.walk(workspace).withCloseable { stream ->
                stream.filter { Files.isRegularFile(it) && matcher.matches(workspace.relativize(it)) }
                        .forEach { found << it }
            }
        }
        return found
    }

    private void archive(Map m) {
        List<Path> files = glob(m.artifacts as String)
        if (!files && !m.allowEmptyArchive) {
            throw new PipelineFailure("No artifacts found that match the file pattern \"${m.artifacts}\"")
        }
        files.each { archived << workspace.relativize(it).toString() }
        append("Archiving ${files.size()} artifact(s)")
    }

    /** Like the junit step: no report is an error; a failed test case makes the build UNSTABLE. */
    private void junit(Map m) {
        List<Path> files = glob(m.testResults as String)
        if (!files && !m.allowEmptyResults) {
            throw new PipelineFailure("No test report files were found. Configuration error?")
        }
        int failures = 0
        for (Path f : files) {
            def suite = new XmlSlurper().parse(f.toFile())
            failures += suite.'**'.findAll { it.name() == 'failure' || it.name() == 'error' }.size()
            publishedJUnit << workspace.relativize(f).toString()
        }
        append("Recording test results: ${files.size()} file(s), ${failures} failure(s)")
        if (failures > 0) {
            currentBuild.currentResult = worse(currentBuild.currentResult as String, 'UNSTABLE')
        }
    }

    private Object input(Map m) {
        inputs << m
        append("Input requested: ${m.message}")
        if (inputDecision == 'approve') {
            append("Approved by ${inputApprover}")
            return m.parameters ? [:] : null
        }
        append("Rejected by ${inputApprover}")
        throw new InputRejected("Rejected by ${inputApprover}")
    }

    /** What the error step (hudson.AbortException) and failing steps throw. */
    static class PipelineFailure extends RuntimeException {
        PipelineFailure(String message) {
            super(message)
        }
    }

    /** What a rejected input throws in Jenkins (FlowInterruptedException): the build is ABORTED. */
    static class InputRejected extends PipelineFailure {
        InputRejected(String message) {
            super(message)
        }
    }
}
