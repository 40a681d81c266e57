package dev.supabaseops.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.util.HashMap;
import java.util.Map;

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
        Map<String, String> env = new HashMap<>(buildEnv);
        env.putAll(secrets); // a credential named in the step wins over an inherited variable
        OpsCallable.Invocation invocation = new OpsCallable.Invocation(step.stepName(), env, secrets.keySet(),
                workspace.getRemote(), step.getConfig(), listener);
        return workspace.act(step.work(invocation));
    }
}
