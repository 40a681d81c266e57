package dev.supabaseops.jenkins;

import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.StorageRuns;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;
import java.util.Set;

/**
 * {@code supabaseRestoreStorage env: 'preprod', from: 'backups/storage/prod-abcd/…'}: uploads a backup like
 * {@code supabase-ops restore-storage}, creating missing buckets and skipping identical objects;
 * {@code dryRun} returns the plan.
 */
public class SupabaseRestoreStorageStep extends OpsStep {
    public static final String NAME = "supabaseRestoreStorage";

    private final String env;
    private final String from;
    private String buckets;
    private boolean dryRun;
    private String confirm;
    private String serviceRoleKeyCredentialsId;
    private String apiUrlCredentialsId;
    private String dbUrlCredentialsId;

    @DataBoundConstructor
    public SupabaseRestoreStorageStep(String env, String from) {
        this.env = env;
        this.from = from;
    }

    public String getEnv() {
        return env;
    }

    public String getFrom() {
        return from;
    }

    public String getBuckets() {
        return buckets;
    }

    @DataBoundSetter
    public void setBuckets(String buckets) {
        this.buckets = blankToNull(buckets);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getConfirm() {
        return confirm;
    }

    @DataBoundSetter
    public void setConfirm(String confirm) {
        this.confirm = blankToNull(confirm);
    }

    public String getServiceRoleKeyCredentialsId() {
        return serviceRoleKeyCredentialsId;
    }

    @DataBoundSetter
    public void setServiceRoleKeyCredentialsId(String id) {
        this.serviceRoleKeyCredentialsId = id;
    }

    public String getApiUrlCredentialsId() {
        return apiUrlCredentialsId;
    }

    @DataBoundSetter
    public void setApiUrlCredentialsId(String id) {
        this.apiUrlCredentialsId = id;
    }

    public String getDbUrlCredentialsId() {
        return dbUrlCredentialsId;
    }

    @DataBoundSetter
    public void setDbUrlCredentialsId(String id) {
        this.dbUrlCredentialsId = id;
    }

    @Override
    public List<CredentialBinding> credentialBindings() {
        return bindings(
                CredentialBinding.of(CredentialBinding.Kind.SERVICE_ROLE_KEY, env, serviceRoleKeyCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.API_URL, env, apiUrlCredentialsId, false),
                CredentialBinding.of(CredentialBinding.Kind.DB_URL, env, dbUrlCredentialsId, false));
    }

    @Override
    public String stepName() {
        return NAME;
    }

    @Override
    public OpsCallable work(OpsCallable.Invocation invocation) {
        return new Work(invocation, this);
    }

    /** On the agent: the engine calls of the CLI's {@code restore-storage}. */
    static final class Work extends OpsCallable {
        private static final long serialVersionUID = 1L;
        private final String env;
        private final String from;
        private final String buckets;
        private final boolean dryRun;
        private final String confirm;

        Work(Invocation invocation, SupabaseRestoreStorageStep step) {
            super(invocation);
            this.env = step.env;
            this.from = step.from;
            this.buckets = step.buckets;
            this.dryRun = step.dryRun;
            this.confirm = step.confirm;
        }

        @Override
        protected Object execute(OpsConfig config, ProgressListener log) {
            StorageRuns.RestoreRequest request = new StorageRuns.RestoreRequest(env, from, Arguments.listOrNull(buckets), null, confirm);
            return dryRun ? StorageRuns.planRestore(config, request, log) : StorageRuns.restore(config, request, log);
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
            return "Supabase: restore Storage buckets from a backup";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
