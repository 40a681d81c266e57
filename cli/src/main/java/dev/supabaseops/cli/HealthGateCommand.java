package dev.supabaseops.cli;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.health.Durations;
import dev.supabaseops.health.GateResult;
import dev.supabaseops.health.GateTable;
import dev.supabaseops.health.HealthGate;
import dev.supabaseops.health.FlagChecks;
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
        HealthGate gate = HealthGate.configure().config(config()).environment(env)
                .timeout(Durations.parse(timeout, "--timeout")).interval(Durations.parse(interval, "--interval"))
                .listener(listener()).flagChecks(flagChecks(), "flags").load();
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

    /** The check flags (one builder for the CLI and the plugin). */
    private FlagChecks flagChecks() {
        return new FlagChecks(http, method, headers, status, expect, contains, sql, migrations, rls, privileges,
                require, forbid, envFile, dburl, checkTimeout);
    }
}
