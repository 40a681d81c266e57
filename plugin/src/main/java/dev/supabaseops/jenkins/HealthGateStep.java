package dev.supabaseops.jenkins;

import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.health.Durations;
import dev.supabaseops.health.GateResult;
import dev.supabaseops.health.HealthGate;
import dev.supabaseops.health.JUnitReport;
import dev.supabaseops.migrate.SupabaseMigrations;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code healthGate env: 'prod'}: runs the {@code health.<env>} checks of the configuration, retrying
 * failing ones until the timeout, like {@code supabase-ops health-gate --env prod}. Fails the build when
 * a check still fails at the deadline (after writing the JUnit XML, so {@code junit} can publish it).
 */
public class HealthGateStep extends OpsStep {
    public static final String NAME = "healthGate";

    private final String env;
    private String timeout;
    private String interval;
    private String junit;
    private String dbUrlCredentialsId;
    private String dbPasswordCredentialsId;
    private String apiUrlCredentialsId;
    private String serviceRoleKeyCredentialsId;

    @DataBoundConstructor
    public HealthGateStep(String env) {
        this.env = env;
    }

    public String getEnv() {
        return env;
    }

    public String getTimeout() {
        return timeout;
    }

    /** How long failing checks are retried, e.g. {@code 5m} (default 5m). */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = blankToNull(timeout);
    }

    public String getInterval() {
        return interval;
    }

    /** Pause between attempts, e.g. {@code 10s} (default 10s). */
    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = blankToNull(interval);
    }

    public String getJunit() {
        return junit;
    }

    /** JUnit XML report to write, relative to the workspace. */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = blankToNull(junit);
    }

    public String getDbUrlCredentialsId() {
        return dbUrlCredentialsId;
    }

    @DataBoundSetter
    public void setDbUrlCredentialsId(String id) {
        this.dbUrlCredentialsId = id;
    }

    public String getDbPasswordCredentialsId() {
        return dbPasswordCredentialsId;
    }

    @DataBoundSetter
    public void setDbPasswordCredentialsId(String id) {
        this.dbPasswordCredentialsId = id;
    }

    public String getApiUrlCredentialsId() {
        return apiUrlCredentialsId;
    }

    @DataBoundSetter
    public void setApiUrlCredentialsId(String id) {
        this.apiUrlCredentialsId = id;
    }

    public String getServiceRoleKeyCredentialsId() {
        return serviceRoleKeyCredentialsId;
    }

    @DataBoundSetter
    public void setServiceRoleKeyCredentialsId(String id) {
        this.serviceRoleKeyCredentialsId = id;
    }

    @Override
    public String stepName() {
        return NAME;
    }

    @Override
    public List<CredentialBinding> credentialBindings() {
        return bindings(
                CredentialBinding.of(CredentialBinding.Kind.DB_URL, env, dbUrlCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.DB_PASSWORD, env, dbPasswordCredentialsId, false),
                CredentialBinding.of(CredentialBinding.Kind.API_URL, env, apiUrlCredentialsId, false),
                CredentialBinding.of(CredentialBinding.Kind.SERVICE_ROLE_KEY, env, serviceRoleKeyCredentialsId, false));
    }

    @Override
    public OpsCallable work(OpsCallable.Invocation invocation) {
        return new Work(invocation, env, timeout, interval, junit);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** On the agent: the same engine calls as the CLI's {@code health-gate}. */
    static final class Work extends OpsCallable {
        private static final long serialVersionUID = 1L;
        private final String env;
        private final String timeout;
        private final String interval;
        private final String junit;

        Work(Invocation invocation, String env, String timeout, String interval, String junit) {
            super(invocation);
            this.env = env;
            this.timeout = timeout;
            this.interval = interval;
            this.junit = junit;
        }

        @Override
        protected Object execute(OpsConfig config, ProgressListener log) {
            HealthGate.Builder gate = HealthGate.configure().config(config).environment(env).listener(log)
                    // the `migrations` check asks the push engine's plan, as the CLI's health-gate does
                    .pendingMigrations((db, dir) -> SupabaseMigrations.configure().database(db).dir(dir).load()
                            .plan().pending().stream().map(p -> Path.of(p.file()).getFileName().toString()).toList());
            if (timeout != null) {
                gate.timeout(Durations.parse(timeout, "timeout"));
            }
            if (interval != null) {
                gate.interval(Durations.parse(interval, "interval"));
            }
            GateResult result = gate.load().run();
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

    /** Runs off the CPS VM thread; the work itself runs on the agent. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient HealthGateStep step;

        Execution(HealthGateStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            return StepRunner.run(getContext(), step);
        }
    }

    @Extension
    @Symbol(NAME)
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return NAME;
        }

        @Override
        public String getDisplayName() {
            return "Supabase: health gate (checks that must pass before and after a promotion)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
