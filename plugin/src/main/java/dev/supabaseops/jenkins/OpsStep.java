package dev.supabaseops.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every supabase-ops step shares: the {@code config} argument (the CLI's {@code --config}),
 * the credentials it binds, and how it builds the work that runs on the agent.
 */
public abstract class OpsStep extends Step {
    /** Context every step needs: it runs inside {@code node}, where the workspace is. */
    static final Set<? extends Class<?>> REQUIRED_CONTEXT =
            Set.of(Run.class, TaskListener.class, EnvVars.class, FilePath.class);

    private String config;

    public String getConfig() {
        return config;
    }

    /** Configuration file relative to the workspace (default: {@code supabase-ops.yml} if present). */
    @DataBoundSetter
    public void setConfig(String config) {
        this.config = blankToNull(config);
    }

    /** The step's name in a Jenkinsfile (equal to the shared library's var). */
    public abstract String stepName();

    /** Credentials to bind, by argument or by convention. */
    public abstract List<CredentialBinding> credentialBindings();

    /** The work to run on the agent for this step's arguments. */
    public abstract OpsCallable work(OpsCallable.Invocation invocation);

    /** Every step runs the same way: {@link StepRunner} binds credentials and runs {@link #work} on the agent. */
    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Runs off the CPS VM thread; the work itself runs on the agent. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient OpsStep step;

        Execution(OpsStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            return StepRunner.run(getContext(), step);
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Collects the non-null bindings. */
    static List<CredentialBinding> bindings(CredentialBinding... bindings) {
        return java.util.Arrays.stream(bindings).filter(java.util.Objects::nonNull).toList();
    }
}
