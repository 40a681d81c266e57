package dev.supabaseops.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The controller side of every step: binds credentials (looked up in the run's context and tracked)
 * into the build's environment, then runs the step's work on the agent through the workspace's
 * {@link FilePath#act}, so the database and Storage traffic leaves from the agent, as with the CLI.
 */
final class StepRunner {
    private StepRunner() {
    }

    static Map<String, Object> run(StepContext context, OpsStep step) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        EnvVars buildEnv = context.get(EnvVars.class);
        FilePath workspace = context.get(FilePath.class);

        Map<String, String> secrets = Credentials.resolve(run, step.credentialBindings());
        return workspace.act(step.work(invocation(step, buildEnv, secrets, workspace.getRemote(), listener)));
    }

    /**
     * The build's environment with the bound credentials on top (a credential named by the step wins
     * over an inherited variable of the same name).
     */
    static OpsCallable.Invocation invocation(OpsStep step, Map<String, String> buildEnv, Map<String, String> secrets,
                                             String workspace, TaskListener listener) {
        Map<String, String> env = new HashMap<>(buildEnv);
        env.putAll(secrets);
        Set<String> masked = step.credentialBindings().stream().filter(b -> b.kind().secretValue())
                .map(CredentialBinding::variable).collect(Collectors.toSet());
        return new OpsCallable.Invocation(step.stepName(), env, masked, workspace, step.getConfig(), listener);
    }
}
