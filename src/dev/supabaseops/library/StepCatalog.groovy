package dev.supabaseops.library

import groovy.json.JsonOutput
import groovy.json.JsonSlurperClassic

/**
 * Pure functions over resources/dev/supabaseops/steps.json: argument checking, the CLI command
 * line, the credentials to bind, and the parsing of the CLI's JSON result.
 *
 * Everything here is @NonCPS and returns plain Strings, Lists and Maps (all Serializable), so
 * nothing non-serializable is ever held in a CPS variable across a step.
 */
class StepCatalog implements Serializable {
    private static final long serialVersionUID = 1L

    /** Where the catalog lives inside the library (libraryResource path). */
    static final String RESOURCE = 'dev/supabaseops/steps.json'

    private StepCatalog() {
    }

    /** JsonSlurperClassic, not JsonSlurper: its maps are plain HashMaps (serializable, CPS-safe). */
    @NonCPS
    static Map parse(String json) {
        return (Map) new JsonSlurperClassic().parseText(json)
    }

    /**
     * Checks args against one step's spec and works out what to run. Returns a Map with either
     * 'error' (one line: what is wrong and the accepted keys) or 'cliArgs' (List of Strings after
     * the jar), 'bindings' (List of [credentialsId, variable]), 'library' (Map of library-only args)
     * and 'pluginArgs' (the args a native plugin step accepts).
     */
    @NonCPS
    static Map prepare(Map catalog, String step, Map raw) {
        Map args = [:]
        for (Map.Entry e : raw.entrySet()) {
            // "${REPORTS}/x.json" arrives as a GString: make it a String once, here
            args[String.valueOf(e.key)] = e.value instanceof GString ? e.value.toString() : e.value
        }
        Map spec = (Map) catalog.steps[step]
        if (spec == null) {
            return [error: "unknown step '${step}'".toString()]
        }
        Map<String, Map> accepted = acceptedArgs(catalog, step)
        List<String> unknown = []
        for (Object key : args.keySet()) {
            if (!accepted.containsKey(String.valueOf(key))) {
                unknown << String.valueOf(key)
            }
        }
        if (unknown) {
            String plural = unknown.size() > 1 ? 's' : ''
            String keys = accepted.keySet().sort().join(', ')
            return [error: "${step}: unknown argument${plural} ${unknown.join(', ')}; accepted: ${keys}".toString()]
        }
        List<String> cliArgs = []
        cliArgs.addAll((List<String>) spec.command)
        Map library = [:]
        Map pluginArgs = [:]
        for (Map.Entry<String, Map> e : accepted.entrySet()) {
            String name = e.key
            Map arg = e.value
            boolean given = args.containsKey(name) && args[name] != null
            if (!given) {
                if (arg.required) {
                    return [error: "${step}: argument '${name}' is required (${arg.meaning})".toString()]
                }
                continue
            }
            String problem = typeProblem(step, name, arg, args[name])
            if (problem) {
                return [error: problem]
            }
            Object value = args[name]
            if (arg.scope != 'library') {
                pluginArgs[name] = pluginValue(arg, value)
            }
            if (arg.scope == 'library' || arg.scope == 'credentials') {
                library[name] = value
            } else {
                cliArgs.addAll(flag(arg, value))
            }
        }
        if (step == 'supabaseSyncData' && !args.from && !args['import']) {
            return [error: "${step}: give 'from' (the source environment) or 'import' (a folder made by export)".toString()]
        }
        if (step == 'supabaseSyncData' && !args.to && !args.export) {
            return [error: "${step}: give 'to' (the target environment) or 'export' (a folder to write the rows to)".toString()]
        }
        if (step == 'supabaseBackupStorage' && !args.env && !args.verify) {
            return [error: "${step}: give 'env' (the environment to back up) or 'verify' (a backup folder to check)".toString()]
        }
        cliArgs << '--json'
        return [cliArgs: cliArgs, bindings: bindings(catalog, spec, args), library: library, pluginArgs: pluginArgs]
    }

    /** Every accepted argument of a step, by name: its own, the common ones and the credentials ids. */
    @NonCPS
    static Map<String, Map> acceptedArgs(Map catalog, String step) {
        Map spec = (Map) catalog.steps[step]
        Map<String, Map> all = [:]
        all.putAll((Map<String, Map>) spec.args)
        all.putAll((Map<String, Map>) catalog.commonArgs)
        for (Map c : (List<Map>) spec.credentials) {
            Map kind = (Map) catalog.credentialKinds[c.kind]
            String meaning = "Jenkins credentials id (secret text) for ${kind.meaning}; " +
                    (c.required ? "default ${kind.convention.replace('%s', '<' + c.env + '>')}" : 'not bound unless given') +
                    "; '' to bind nothing"
            all[credentialsArg((String) c.env, (String) c.kind)] = [scope: 'credentials', type: 'string', meaning: meaning]
        }
        return all
    }

    /** {@code dbUrlCredentialsId} for the 'env' argument, {@code fromDbUrlCredentialsId} for 'from', and so on. */
    @NonCPS
    static String credentialsArg(String envArg, String kind) {
        String suffix = kind + 'CredentialsId'
        return envArg == 'env' ? suffix : envArg + suffix.substring(0, 1).toUpperCase() + suffix.substring(1)
    }

    /** The configuration contract's {@code <ENV>}: upper-cased, every non-alphanumeric character '_'. */
    @NonCPS
    static String envKey(String environment) {
        return environment.toUpperCase(Locale.ROOT).replaceAll('[^A-Z0-9]', '_')
    }

    @NonCPS
    private static List<Map> bindings(Map catalog, Map spec, Map args) {
        List<Map> out = []
        for (Map c : (List<Map>) spec.credentials) {
            Object environment = args[c.env]
            if (environment == null) {
                continue // e.g. sync-data --import: there is no source environment to bind
            }
            Map kind = (Map) catalog.credentialKinds[c.kind]
            String argName = credentialsArg((String) c.env, (String) c.kind)
            String id
            if (args.containsKey(argName)) {
                id = args[argName] == null ? '' : String.valueOf(args[argName])
            } else {
                id = c.required ? String.format((String) kind.convention, String.valueOf(environment).toLowerCase(Locale.ROOT)) : ''
            }
            if (id) {
                out << [credentialsId: id, variable: String.format((String) kind.variable, envKey(String.valueOf(environment)))]
            }
        }
        return out
    }

    @NonCPS
    private static String typeProblem(String step, String name, Map arg, Object value) {
        switch (arg.type) {
            case 'boolean':
                return value instanceof Boolean ? null : "${step}: '${name}' must be true or false, not '${value}'".toString()
            case 'integer':
                return (value instanceof Integer || value instanceof Long || String.valueOf(value) ==~ /\d+/) ? null
                        : "${step}: '${name}' must be a whole number, not '${value}'".toString()
            case 'repeat':
            case 'list':
                return (value instanceof List || value instanceof CharSequence) ? null
                        : "${step}: '${name}' must be a list or a comma-separated string".toString()
            case 'enum':
                return ((List) arg.values).contains(String.valueOf(value)) ? null
                        : "${step}: '${name}' must be one of ${((List) arg.values).join(', ')}, not '${value}'".toString()
            default:
                if (arg.scope == 'credentials') {
                    return value instanceof CharSequence ? null
                            : "${step}: '${name}' must be a credentials id, or '' to bind nothing".toString()
                }
                return (value instanceof CharSequence && String.valueOf(value).trim()) ? null
                        : "${step}: '${name}' must be a non-empty string".toString()
        }
    }

    /**
     * The value in the type the plugin's step binds (structs converts no further): lists as one
     * comma-separated string (like the CLI flag), repeatable values as a list, whole numbers as Integer.
     */
    @NonCPS
    static Object pluginValue(Map arg, Object value) {
        switch (arg.type) {
            case 'list':
                return value instanceof List ? ((List) value).collect { String.valueOf(it) }.join(',') : String.valueOf(value)
            case 'repeat':
                return value instanceof List ? ((List) value).collect { String.valueOf(it) } : [String.valueOf(value)]
            case 'integer':
                return value instanceof Integer ? value : Integer.valueOf(String.valueOf(value))
            default:
                return value
        }
    }

    @NonCPS
    private static List<String> flag(Map arg, Object value) {
        if (arg.type == 'boolean') {
            boolean on = arg.negate ? !((Boolean) value) : (Boolean) value
            return on ? [(String) arg.flag] : []
        }
        if (arg.type == 'repeat') {
            List<String> words = []
            for (Object item : (value instanceof List ? (List) value : [value])) {
                words << (String) arg.flag
                words << String.valueOf(item)
            }
            return words
        }
        if (arg.type == 'list') {
            String joined = value instanceof List ? ((List) value).join(',') : String.valueOf(value)
            return [(String) arg.flag, joined]
        }
        return [(String) arg.flag, String.valueOf(value)]
    }

    /** Quotes a command for sh (single quotes) or bat (double quotes; a value with a quote is refused). */
    @NonCPS
    static String commandLine(List<String> words, boolean unix) {
        List<String> quoted = []
        for (String w : words) {
            if (unix) {
                quoted << ("'" + w.replace("'", "'\\''") + "'")
            } else {
                if (w.contains('"') || w.contains('%')) {
                    throw new IllegalArgumentException("an argument for a Windows agent may not contain \" or %: ${w}")
                }
                quoted << ('"' + w + '"')
            }
        }
        return quoted.join(' ')
    }

    /**
     * POSIX sh: the CLI's stdout (the JSON) goes to result.json, its stderr (progress and the
     * one-line error) both to the build log, live, and to stderr.log, and its exit code to status.
     */
    @NonCPS
    static String unixScript(String command, String dir) {
        String d = "'" + dir.replace("'", "'\\''") + "'"
        return """mkdir -p ${d}
( set +e; ${command} 2>&1 1>&3 3>&-; echo \$? > ${d}/status ) 3> ${d}/result.json | tee ${d}/stderr.log >&2
""".toString()
    }

    /** cmd.exe cannot tee: stderr is captured and printed by the caller once the CLI is done. */
    @NonCPS
    static String windowsScript(String command, String dir) {
        String d = dir.replace('/', '\\')
        return """@if not exist "${d}" mkdir "${d}"
@${command} > "${d}\\result.json" 2> "${d}\\stderr.log"
@echo %ERRORLEVEL% > "${d}\\status"
""".toString()
    }

    @NonCPS
    static String lastLine(String text) {
        List<String> lines = (text ?: '').readLines().findAll { it.trim() }
        return lines ? lines[-1].trim() : ''
    }

    /** The JSON on stdout as a Map (an empty Map when the CLI printed nothing, e.g. on failure). */
    @NonCPS
    static Map parseResult(String stdout) {
        String text = stdout == null ? '' : stdout.trim()
        if (!text) {
            return [:]
        }
        Object parsed = new JsonSlurperClassic().parseText(text)
        return parsed instanceof Map ? (Map) parsed : [result: parsed]
    }

    /** Named results as indented "key: value" lines (lists of maps as "- " items), cut at maxLines. */
    @NonCPS
    static String summary(Map results, int maxLines) {
        List<String> lines = []
        results.each { name, value -> summarize(lines, String.valueOf(name), value, '') }
        if (lines.size() > maxLines) {
            int more = lines.size() - maxLines
            lines = lines.subList(0, maxLines) + ["... ${more} more line(s) in the archived JSON".toString()]
        }
        return lines.join('\n')
    }

    @NonCPS
    private static void summarize(List<String> lines, String key, Object value, String indent) {
        if (value instanceof Map) {
            lines << "${indent}${key}:".toString()
            ((Map) value).each { k, v -> summarize(lines, String.valueOf(k), v, indent + '  ') }
        } else if (value instanceof List && ((List) value).any { it instanceof Map || it instanceof List }) {
            lines << "${indent}${key}:".toString()
            ((List) value).eachWithIndex { item, i -> summarize(lines, "- [${i + 1}]", item, indent + '  ') }
        } else if (value instanceof List) {
            lines << "${indent}${key}: ${((List) value).join(', ')}".toString()
        } else {
            lines << "${indent}${key}: ${value}".toString()
        }
    }

    @NonCPS
    static String toJson(Object value) {
        return JsonOutput.prettyPrint(JsonOutput.toJson(value))
    }

    /** The CLI's own one-line reason: the last 'error: ' line on stderr (contract), else its last line. */
    @NonCPS
    static String failureReason(String stderr) {
        List<String> lines = (stderr ?: '').readLines().findAll { it.trim() }
        String error = lines.reverse().find { it.startsWith('error: ') }
        if (error) {
            return error.substring('error: '.length())
        }
        return lines ? lines[-1].trim() : 'no reason printed'
    }

    /** Maven repository layout of the pinned CLI jar under a repository URL. */
    @NonCPS
    static String jarUrl(Map catalog, String repository) {
        Map cli = (Map) catalog.cli
        String base = (repository ?: (String) cli.defaultRepository).replaceAll('/+$', '')
        String file = "${cli.artifactId}-${cli.version}${cli.classifier ? '-' + cli.classifier : ''}.jar"
        return "${base}/${((String) cli.groupId).replace('.', '/')}/${cli.artifactId}/${cli.version}/${file}".toString()
    }

    /**
     * True where the supabase-ops plugin provides a native step of this name. Looked up through
     * the class loader so the library needs no Jenkins classes where the plugin is absent.
     */
    @NonCPS
    static boolean pluginStepInstalled(String name) {
        try {
            Class<?> descriptor = StepCatalog.classLoader.loadClass('org.jenkinsci.plugins.workflow.steps.StepDescriptor')
            Object found = descriptor.getMethod('byFunctionName', String).invoke(null, name)
            return found != null
        } catch (ClassNotFoundException ignored) {
            return false
        }
    }
}
