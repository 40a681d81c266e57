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
 * {@code supabaseSyncStorage from: 'prod', to: 'preprod'}: copies Storage objects between environments like
 * {@code supabase-ops sync-storage}, skipping identical objects and creating missing buckets; {@code delete}
 * removes target objects the source lacks; {@code dryRun} returns the plan.
 */
public class SupabaseSyncStorageStep extends OpsStep {
    public static final String NAME = "supabaseSyncStorage";

    private final String from;
    private final String to;
    private String buckets;
    private boolean delete;
    private boolean dryRun;
    private String confirm;
    private String fromServiceRoleKeyCredentialsId;
    private String fromApiUrlCredentialsId;
    private String toServiceRoleKeyCredentialsId;
    private String toApiUrlCredentialsId;

    @DataBoundConstructor
    public SupabaseSyncStorageStep(String from, String to) {
        this.from = from;
        this.to = to;
    }

    public String getFrom() {
        return from;
    }

    public String getTo() {
        return to;
    }

    public String getBuckets() {
        return buckets;
    }

    @DataBoundSetter
    public void setBuckets(String buckets) {
        this.buckets = blankToNull(buckets);
    }

    public boolean isDelete() {
        return delete;
    }

    @DataBoundSetter
    public void setDelete(boolean delete) {
        this.delete = delete;
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

    public String getFromServiceRoleKeyCredentialsId() {
        return fromServiceRoleKeyCredentialsId;
    }

    @DataBoundSetter
    public void setFromServiceRoleKeyCredentialsId(String id) {
        this.fromServiceRoleKeyCredentialsId = id;
    }

    public String getFromApiUrlCredentialsId() {
        return fromApiUrlCredentialsId;
    }

    @DataBoundSetter
    public void setFromApiUrlCredentialsId(String id) {
        this.fromApiUrlCredentialsId = id;
    }

    public String getToServiceRoleKeyCredentialsId() {
        return toServiceRoleKeyCredentialsId;
    }

    @DataBoundSetter
    public void setToServiceRoleKeyCredentialsId(String id) {
        this.toServiceRoleKeyCredentialsId = id;
    }

    public String getToApiUrlCredentialsId() {
        return toApiUrlCredentialsId;
    }

    @DataBoundSetter
    public void setToApiUrlCredentialsId(String id) {
        this.toApiUrlCredentialsId = id;
    }

    @Override
    public List<CredentialBinding> credentialBindings() {
        return bindings(
                CredentialBinding.of(CredentialBinding.Kind.SERVICE_ROLE_KEY, from, fromServiceRoleKeyCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.API_URL, from, fromApiUrlCredentialsId, false),
                CredentialBinding.of(CredentialBinding.Kind.SERVICE_ROLE_KEY, to, toServiceRoleKeyCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.API_URL, to, toApiUrlCredentialsId, false));
    }

    @Override
    public String stepName() {
        return NAME;
    }

    @Override
    public OpsCallable work(OpsCallable.Invocation invocation) {
        return new Work(invocation, this);
    }

    /** On the agent: the engine calls of the CLI's {@code sync-storage}. */
    static final class Work extends OpsCallable {
        private static final long serialVersionUID = 1L;
        private final String from;
        private final String to;
        private final String buckets;
        private final boolean delete;
        private final boolean dryRun;
        private final String confirm;

        Work(Invocation invocation, SupabaseSyncStorageStep step) {
            super(invocation);
            this.from = step.from;
            this.to = step.to;
            this.buckets = step.buckets;
            this.delete = step.delete;
            this.dryRun = step.dryRun;
            this.confirm = step.confirm;
        }

        @Override
        protected Object execute(OpsConfig config, ProgressListener log) {
            StorageRuns.SyncRequest request = new StorageRuns.SyncRequest(from, to, Arguments.listOrNull(buckets), delete, null, confirm);
            return dryRun ? StorageRuns.planSync(config, request, log) : StorageRuns.sync(config, request, log);
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
            return "Supabase: copy Storage buckets between environments";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
