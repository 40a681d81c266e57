package dev.supabaseops.jenkins;

import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.health.Durations;
import dev.supabaseops.health.FlagChecks;
import dev.supabaseops.health.GateResult;
import dev.supabaseops.health.HealthGate;
import dev.supabaseops.health.JUnitReport;

import java.util.ArrayList;
import java.util.List;

/** On the agent: the same engine calls as the CLI's {@code health-gate}. */
final class HealthGateWork extends OpsCallable {
    private static final long serialVersionUID = 1L;
    private final String env;
    private final String timeout;
    private final String interval;
    private final String junit;
    private final boolean dryRun;
    // Check arguments travel as plain strings and lists; FlagChecks is built on the agent.
    private final ArrayList<String> http;
    private final String method;
    private final ArrayList<String> headers;
    private final String status;
    private final ArrayList<String> expect;
    private final ArrayList<String> contains;
    private final ArrayList<String> sql;
    private final String migrations;
    private final String rls;
    private final ArrayList<String> privileges;
    private final String require;
    private final String forbid;
    private final String envFile;
    private final ArrayList<String> dburl;
    private final String checkTimeout;

    HealthGateWork(Invocation invocation, HealthGateStep step) {
        super(invocation);
        this.env = step.getEnv();
        this.timeout = step.getTimeout();
        this.interval = step.getInterval();
        this.junit = step.getJunit();
        this.dryRun = step.isDryRun();
        this.http = new ArrayList<>(step.getHttp());
        this.method = step.getMethod();
        this.headers = new ArrayList<>(step.getHeaders());
        this.status = step.getStatus();
        this.expect = new ArrayList<>(step.getExpect());
        this.contains = new ArrayList<>(step.getContains());
        this.sql = new ArrayList<>(step.getSql());
        this.migrations = step.getMigrations();
        this.rls = step.getRls();
        this.privileges = new ArrayList<>(step.getPrivileges());
        this.require = step.getRequire();
        this.forbid = step.getForbid();
        this.envFile = step.getEnvFile();
        this.dburl = new ArrayList<>(step.getDburl());
        this.checkTimeout = step.getCheckTimeout();
    }

    @Override
    protected Object execute(OpsConfig config, ProgressListener log) {
        HealthGate.Builder gate = HealthGate.configure().config(config).environment(env).listener(log);
        gate.timeout(Durations.parse(timeout, "timeout")).interval(Durations.parse(interval, "interval"));
        gate.flagChecks(new FlagChecks(http, method, headers, status, expect, contains, sql, migrations, rls,
                privileges, require == null ? List.of() : ConfigLoader.splitList(require),
                forbid == null ? List.of() : ConfigLoader.splitList(forbid), envFile, dburl, checkTimeout), "arguments");
        HealthGate loaded = gate.load();
        if (dryRun) {
            return loaded.plan();
        }
        GateResult result = loaded.run();
        if (junit != null) {
            JUnitReport.write(result, config.resolve(junit));
        }
        if (!result.passed()) {
            throw OpsException.failed(result.failedCount() + " of " + result.checks().size() + " checks failed at the deadline: "
                    + String.join(", ", result.checks().stream().filter(c -> !c.passed())
                    .map(c -> c.name() + " (" + c.lastFailure() + ")").toList()));
        }
        return result;
    }
}
