package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.health.Durations;
import dev.supabaseops.health.GateResult;
import dev.supabaseops.health.GateTable;
import dev.supabaseops.health.HealthGate;
import dev.supabaseops.health.HealthPlan;
import dev.supabaseops.health.JUnitReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code health-gate --env E}: runs the checks of {@code health.<env>} (or the flags' checks) until they pass or time runs out. */
@Command(name = "health-gate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run health checks against an environment; failing checks are retried every --interval until --timeout.",
                "Checks come from health.<env> in supabase-ops.yml, or from the check flags (which then replace the file's list).",
                "See docs/health-gate.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all checks passed", "1:a check still failed at the deadline",
                "2:bad usage or configuration (nothing was run)"})
public final class HealthGateCommand extends OpsCommand {

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment whose checks run.")
    String env;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Retry failing checks until this much time has passed; 0 = one attempt each (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "10s",
            description = "Pause between attempts of failing checks (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report (one testcase per check) for Jenkins' junit step.")
    String junit;

    @Option(names = "--dry-run", description = "Validate the checks and list them; run nothing.")
    boolean dryRun;

    // ---- checks as flags -------------------------------------------------------------------
    @Option(names = "--http", paramLabel = "URL", description = "HTTP check (repeatable); a URL starting with / is relative to SUPABASE_<ENV>_URL.")
    List<String> http = new ArrayList<>();

    @Option(names = "--method", paramLabel = "METHOD", description = "HTTP method for --http checks (default: GET).")
    String method;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'",
            description = "Request header for --http checks (repeatable); write secrets as $${VAR} so they come from the environment.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--status", paramLabel = "STATUS", description = "Expected status for --http checks: 200, 200-299 or 2xx (default: 200-299).")
    String status;

    @Option(names = "--expect", paramLabel = "POINTER[=VALUE]",
            description = "JSON assertion for --http checks (repeatable): /status=healthy (equals) or /version (exists).")
    List<String> expect = new ArrayList<>();

    @Option(names = "--contains", paramLabel = "TEXT", description = "Text the --http response body must contain (repeatable).")
    List<String> contains = new ArrayList<>();

    @Option(names = "--sql", paramLabel = "QUERY", description = "SQL check (repeatable): a query returning one true value.")
    List<String> sql = new ArrayList<>();

    @Option(names = "--migrations", paramLabel = "DIR", arity = "0..1", fallbackValue = "",
            description = "Check that no migration is pending (DIR default: migrations.dir).")
    String migrations;

    @Option(names = "--rls", paramLabel = "SCHEMAS", arity = "0..1", fallbackValue = "public",
            description = "Check that every table in the schemas has RLS enabled (default: public).")
    String rls;

    @Option(names = "--privileges", paramLabel = "SCHEMA=ROLES",
            description = "Check that SCHEMA grants only to ROLES, e.g. ops=service_role (repeatable; ops= allows owners only).")
    List<String> privileges = new ArrayList<>();

    @Option(names = "--require", paramLabel = "VARS", split = ",", description = "Variables that must be set (env check).")
    List<String> require = new ArrayList<>();

    @Option(names = "--forbid", paramLabel = "VARS", split = ",", description = "Variables that must not be set (env check).")
    List<String> forbid = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read --require/--forbid/--dburl variables from this KEY=VALUE file instead of the process environment.")
    String envFile;

    @Option(names = "--dburl", paramLabel = "VAR", description = "Check that the URL in VAR uses the transaction pooler (6543) and sslmode=require (repeatable).")
    List<String> dburl = new ArrayList<>();

    @Option(names = "--check-timeout", paramLabel = "DURATION", description = "Per-attempt timeout of each flag check (default: 10s).")
    String checkTimeout;

    @Override
    protected int execute() {
        HealthGate.Builder builder = HealthGate.configure().config(config()).environment(env)
                .timeout(Durations.parse(timeout, "--timeout")).interval(Durations.parse(interval, "--interval"))
                .listener(listener());
        ArrayNode flagChecks = flagChecks();
        if (!flagChecks.isEmpty()) {
            builder.checks(flagChecks, "flags");
        }
        HealthGate gate = builder.load();
        if (dryRun) {
            HealthPlan plan = gate.plan();
            if (json()) {
                printJson(plan);
            } else {
                println("health gate " + env + ": " + plan.checks().size() + " checks (dry run, nothing was run)");
                plan.checks().forEach(c -> println("  " + c.name() + " [" + c.kind() + "] " + c.target()));
            }
            return ExitCode.OK.code();
        }
        GateResult result = gate.run();
        if (junit != null) {
            Path file = ctx().path(junit);
            JUnitReport.write(result, file);
            listener().info("JUnit report written to " + junit);
        }
        if (json()) {
            printJson(result);
        } else {
            GateTable.lines(result).forEach(this::println);
        }
        return result.passed() ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    /** The flags as a list in the configuration's shape, so flags and file share one validation. */
    private ArrayNode flagChecks() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode list = f.arrayNode();
        boolean httpOptions = method != null || !headers.isEmpty() || status != null || !expect.isEmpty() || !contains.isEmpty();
        if (httpOptions && http.isEmpty()) {
            throw OpsException.usage("--method, --header, --status, --expect and --contains apply to --http checks: add --http URL");
        }
        for (int i = 0; i < http.size(); i++) {
            ObjectNode c = check(list, "http", http.size(), i).put("http", http.get(i));
            if (method != null) {
                c.put("method", method);
            }
            if (status != null) {
                c.put("status", status);
            }
            ObjectNode h = c.putObject("headers");
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw OpsException.usage("--header must be 'Name: value' (got a value without a name)");
                }
                h.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
            ObjectNode json = c.putObject("json");
            ArrayNode exists = c.putArray("exists");
            for (String e : expect) {
                int eq = e.indexOf('=');
                if (eq < 0) {
                    exists.add(e.strip());
                } else {
                    json.put(e.substring(0, eq).strip(), e.substring(eq + 1));
                }
            }
            ArrayNode body = c.putArray("contains");
            contains.forEach(body::add);
        }
        for (int i = 0; i < sql.size(); i++) {
            check(list, "sql", sql.size(), i).put("sql", sql.get(i));
        }
        if (migrations != null) {
            ObjectNode c = check(list, "migrations", 1, 0);
            if (migrations.isBlank()) {
                c.put("migrations", true);
            } else {
                c.put("migrations", migrations);
            }
        }
        if (rls != null) {
            ArrayNode schemas = check(list, "rls", 1, 0).putArray("rls");
            ConfigLoader.splitList(rls).forEach(schemas::add);
        }
        for (int i = 0; i < privileges.size(); i++) {
            String p = privileges.get(i);
            int eq = p.indexOf('=');
            ObjectNode spec = check(list, "privileges", privileges.size(), i).putObject("privileges");
            spec.put("schema", eq < 0 ? p : p.substring(0, eq));
            ArrayNode roles = spec.putArray("roles");
            if (eq >= 0) {
                ConfigLoader.splitList(p.substring(eq + 1)).forEach(roles::add);
            }
        }
        if (!require.isEmpty() || !forbid.isEmpty()) {
            ObjectNode spec = check(list, "env", 1, 0).putObject("env");
            if (envFile != null) {
                spec.put("file", envFile);
            }
            require.forEach(spec.putArray("required")::add);
            forbid.forEach(spec.putArray("forbidden")::add);
        } else if (envFile != null && dburl.isEmpty()) {
            throw OpsException.usage("--env-file applies to --require, --forbid and --dburl: add one of them");
        }
        for (int i = 0; i < dburl.size(); i++) {
            ObjectNode spec = check(list, "dburl", dburl.size(), i).putObject("dburl");
            spec.put("var", dburl.get(i));
            if (envFile != null) {
                spec.put("file", envFile);
            }
        }
        if (checkTimeout != null) {
            list.forEach(c -> ((ObjectNode) c).put("timeout", checkTimeout));
        }
        return list;
    }

    /** A flag check named after its kind, numbered when the flag is repeated ("http-1", "http-2"). */
    private static ObjectNode check(ArrayNode list, String kind, int count, int index) {
        return list.addObject().put("name", count == 1 ? kind : kind + "-" + (index + 1));
    }
}
