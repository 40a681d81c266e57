package dev.supabaseops.library

/**
 * Runs one supabase-ops step for a var: checks the arguments against steps.json, delegates to the
 * plugin's native step where installed, else finds the CLI on the agent, binds the credentials and
 * runs it with sh/bat, returning the CLI's JSON result as a Map.
 *
 * CPS code (it calls pipeline steps): it only keeps Strings, Lists and Maps in variables; every
 * computation lives in the @NonCPS StepCatalog.
 */
class StepRunner implements Serializable {
    private static final long serialVersionUID = 1L

    /** The var's script: gives access to steps (sh, withCredentials, ...) and env. */
    private final Object script

    StepRunner(Object script) {
        this.script = script
    }

    Map run(String step, Map args) {
        Map catalog = StepCatalog.parse(script.libraryResource(StepCatalog.RESOURCE))
        Map call = StepCatalog.prepare(catalog, step, args == null ? [:] : args)
        if (call.error) {
            script.error((String) call.error)
        }
        Map result
        if (StepCatalog.pluginStepInstalled(step)) {
            // A var shadows a step of the same name, so reach the plugin's through the steps object.
            result = (Map) script.steps.invokeMethod(step, [call.pluginArgs] as Object[])
        } else {
            result = runCli(catalog, step, call)
        }
        String jsonFile = (String) call.library.jsonFile
        if (jsonFile) {
            script.writeFile(file: jsonFile, text: StepCatalog.toJson(result))
        }
        return result
    }

    private Map runCli(Map catalog, String step, Map call) {
        boolean unix = script.isUnix()
        List<String> command = []
        command.addAll(resolveCli(catalog, (String) call.library.cliJar, unix))
        command.addAll((List<String>) call.cliArgs)
        String dir = "${script.pwd(tmp: true)}/supabase-ops/${step}-${UUID.randomUUID()}".toString()
        List credentials = []
        List<Map> bindings = (List<Map>) call.bindings
        // an index loop: an Iterator held across a step is not serializable on older Pipeline versions
        for (int i = 0; i < bindings.size(); i++) {
            credentials.add(script.string(credentialsId: bindings[i].credentialsId, variable: bindings[i].variable))
        }
        Map outcome = null
        script.withCredentials(credentials) {
            outcome = runCaptured(command, dir, unix, "supabase-ops ${step}".toString())
        }
        if (outcome.status != 0) {
            script.error("${step} failed (exit ${outcome.status}): ${StepCatalog.failureReason((String) outcome.stderr)}".toString())
        }
        return StepCatalog.parseResult((String) outcome.stdout)
    }

    /** Runs a command on the agent: its stderr live in the log, its stdout and exit code captured. */
    private Map runCaptured(List<String> command, String dir, boolean unix, String label) {
        if (unix) {
            script.sh(script: StepCatalog.unixScript(StepCatalog.commandLine(command, true), dir), label: label, returnStatus: true)
        } else {
            script.bat(script: StepCatalog.windowsScript(StepCatalog.commandLine(command, false), dir), returnStatus: true)
        }
        String stderr = script.readFile(dir + '/stderr.log')
        if (!unix && stderr.trim()) {
            script.echo(stderr) // cmd.exe cannot tee: print the progress once the command is done
        }
        return [status: Integer.parseInt(script.readFile(dir + '/status').trim()),
                stdout: script.readFile(dir + '/result.json'), stderr: stderr]
    }

    /**
     * Order: cliJar argument, SUPABASE_OPS_JAR, supabase-ops on PATH, the pinned release jar. A jar
     * runs through the launcher (bin/supabase-ops, a copy in this library's resources) on Unix
     * agents: from its second run on an agent a command starts from its class-data archive
     * (README › Commands); SUPABASE_OPS_CDS=off on the agent makes it plain java -jar.
     */
    private List<String> resolveCli(Map catalog, String cliJar, boolean unix) {
        if (cliJar) {
            return jarCommand(cliJar, unix)
        }
        String fromEnv = script.env.SUPABASE_OPS_JAR
        if (fromEnv) {
            return jarCommand(fromEnv, unix)
        }
        int onPath = unix
                ? script.sh(script: 'command -v supabase-ops >/dev/null 2>&1', returnStatus: true, label: 'supabase-ops on PATH?')
                : script.bat(script: '@where supabase-ops >nul 2>nul', returnStatus: true)
        if (onPath == 0) {
            return ['supabase-ops']
        }
        return jarCommand(download(catalog, unix), unix)
    }

    private List<String> jarCommand(String jar, boolean unix) {
        if (!unix) {
            return ['java', '-jar', jar]
        }
        String launcher = "${script.pwd(tmp: true)}/supabase-ops/launcher.sh".toString()
        script.writeFile(file: launcher, text: script.libraryResource('dev/supabaseops/supabase-ops-launcher.sh'))
        return ['env', "SUPABASE_OPS_JAR=${jar}".toString(), 'sh', launcher]
    }

    /** Fetches the pinned jar into a per-agent cache, checking its sha256 (FetchCli.java, run by java itself). */
    private String download(Map catalog, boolean unix) {
        String url = StepCatalog.jarUrl(catalog, (String) script.env.SUPABASE_OPS_MAVEN_URL)
        String sha256 = script.env.SUPABASE_OPS_JAR_SHA256 ?: catalog.cli.sha256
        if (!sha256) {
            script.error('supabase-ops CLI not found (no cliJar argument, no SUPABASE_OPS_JAR, no supabase-ops on PATH) ' +
                    'and this library version pins no sha256 for ' + url + ': set SUPABASE_OPS_JAR_SHA256, ' +
                    'or provide the jar (see docs/jenkins-library.md, "Providing the CLI")')
        }
        String dir = "${script.pwd(tmp: true)}/supabase-ops/fetch-${UUID.randomUUID()}".toString()
        String fetcher = dir + '/FetchCli.java'
        script.writeFile(file: fetcher, text: script.libraryResource('dev/supabaseops/FetchCli.java'))
        String cache = script.env.SUPABASE_OPS_CACHE ?: ''
        Map outcome = runCaptured(['java', fetcher, url, sha256, cache], dir, unix, 'fetch supabase-ops')
        if (outcome.status != 0) {
            script.error("supabase-ops CLI download failed: ${StepCatalog.failureReason((String) outcome.stderr)}".toString())
        }
        return StepCatalog.lastLine((String) outcome.stdout)
    }
}
