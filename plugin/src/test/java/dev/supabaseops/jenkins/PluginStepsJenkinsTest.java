package dev.supabaseops.jenkins;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import dev.supabaseops.testing.Pg;
import hudson.model.Result;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps inside a real Jenkins (the -Pjenkins build only): Pipeline finds them by their symbols,
 * credentials come from the store and are tracked, the work runs in the node's workspace, results
 * come back as maps, and no secret reaches the build log.
 */
@WithJenkins
class PluginStepsJenkinsTest {
    private static final String PASSWORD = "pw-from-the-store-7781!";

    @Test
    void pushBindsCredentialsFromTheStoreAndReturnsTheResult(JenkinsRule j) throws Exception {
        String db = Pg.newSupabaseDb();
        add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "supabase-preprod-db-url", "preprod database", Secret.fromString(db)));
        // Local PostgreSQL trusts loopback connections, so the password is sent but not needed.
        add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "preprod-pw", "preprod password", "postgres", PASSWORD));
        WorkflowJob job = j.createProject(WorkflowJob.class, "push");
        job.setDefinition(new CpsFlowDefinition("""
                node {
                  writeFile file: 'supabase/migrations/20250101000000_plans.sql', text: 'create table plans (id int primary key);'
                  def plan = supabasePush env: 'preprod', dryRun: true, dbPasswordCredentialsId: 'preprod-pw'
                  echo "pending=${plan.pending.size()}"
                  def result = supabasePush env: 'preprod', dbPasswordCredentialsId: 'preprod-pw'
                  echo "applied=${result.applied.collect { it.version }}"
                }
                """, true));

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("pending=1", run);
        j.assertLogContains("applied=[20250101000000]", run);
        j.assertLogNotContains(PASSWORD, run);
    }

    @Test
    void engineFailureFailsTheBuildWithItsOneLineReason(JenkinsRule j) throws Exception {
        add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "supabase-prod-db-url", "prod database",
                Secret.fromString("postgresql://postgres:" + PASSWORD + "@127.0.0.1:1/postgres")));
        WorkflowJob job = j.createProject(WorkflowJob.class, "fail");
        job.setDefinition(new CpsFlowDefinition("node { supabasePush env: 'prod' }", true));

        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

        j.assertLogContains("supabasePush: cannot connect to prod database", run);
        j.assertLogContains("(exit code 1)", run);
        j.assertLogNotContains(PASSWORD, run);
    }

    @Test
    void missingCredentialIsNamed(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "missing");
        job.setDefinition(new CpsFlowDefinition("node { healthGate env: 'staging' }", true));

        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

        j.assertLogContains("credential 'supabase-staging-db-url' (for SUPABASE_STAGING_DB_URL) was not found", run);
    }

    @Test
    void stepsNeedANode(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "no-node");
        job.setDefinition(new CpsFlowDefinition("supabasePush env: 'prod'", true));

        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

        j.assertLogContains("Required context class hudson.FilePath is missing", run);
    }

    /** Credential ids and list arguments are not in the form (see their help pages): not set here. */
    @Test
    void snippetGeneratorFormRoundTrips(JenkinsRule j) throws Exception {
        SupabasePushStep push = new SupabasePushStep("prod");
        push.setDryRun(true);
        push.setLint("fail");
        push.setConfirm("prod");
        j.assertEqualDataBoundBeans(push, new StepConfigTester(j).configRoundTrip(push));

        HealthGateStep gate = new HealthGateStep("prod");
        gate.setTimeout("2m");
        gate.setJunit("health.xml");
        j.assertEqualDataBoundBeans(gate, new StepConfigTester(j).configRoundTrip(gate));
    }

    private static void add(Credentials c) throws Exception {
        CredentialsProvider.lookupStores(jenkins.model.Jenkins.get()).iterator().next().addCredentials(Domain.global(), c);
    }
}
