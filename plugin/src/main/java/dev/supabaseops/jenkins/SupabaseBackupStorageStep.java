package dev.supabaseops.jenkins;

import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.BackupVerifier;
import dev.supabaseops.storage.StorageRuns;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;
import java.util.Set;

/**
 * {@code supabaseBackupStorage env: 'prod'}: backs up Storage buckets into the workspace like
 * {@code supabase-ops backup-storage} (atomic, incremental, with retention); {@code verify} re-checks a
 * backup instead; {@code dryRun} returns the plan.
 */
public class SupabaseBackupStorageStep extends OpsStep {
    public static final String NAME = "supabaseBackupStorage";

    private String env;
    private String buckets;
    private String out;
    private Integer keep;
    private Integer parallel;
    private boolean incremental = true;
    private boolean fsync = true;
    private boolean dryRun;
    private String verify;
    private String serviceRoleKeyCredentialsId;
    private String apiUrlCredentialsId;
    private String dbUrlCredentialsId;

    /** {@code env} is optional only for {@code verify:}, which reads a backup folder and no environment. */
    @DataBoundConstructor
    public SupabaseBackupStorageStep() {
    }

    public SupabaseBackupStorageStep(String env) {
        this.env = blankToNull(env);
    }

    @DataBoundSetter
    public void setEnv(String env) {
        this.env = blankToNull(env);
    }

    public String getEnv() {
        return env;
    }

    public String getBuckets() {
        return buckets;
    }

    @DataBoundSetter
    public void setBuckets(String buckets) {
        this.buckets = blankToNull(buckets);
    }

    public String getOut() {
        return out;
    }

    @DataBoundSetter
    public void setOut(String out) {
        this.out = blankToNull(out);
    }

    public Integer getKeep() {
        return keep;
    }

    @DataBoundSetter
    public void setKeep(Integer keep) {
        this.keep = keep;
    }

    public Integer getParallel() {
        return parallel;
    }

    @DataBoundSetter
    public void setParallel(Integer parallel) {
        this.parallel = parallel;
    }

    public boolean isIncremental() {
        return incremental;
    }

    @DataBoundSetter
    public void setIncremental(boolean incremental) {
        this.incremental = incremental;
    }

    public boolean isFsync() {
        return fsync;
    }

    @DataBoundSetter
    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getVerify() {
        return verify;
    }

    @DataBoundSetter
    public void setVerify(String verify) {
        this.verify = blankToNull(verify);
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
        if (env == null) {
            return List.of(); // verify: nothing to bind
        }
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

    /** On the agent: the engine calls of the CLI's {@code backup-storage}. */
    static final class Work extends OpsCallable {
        private static final long serialVersionUID = 1L;
        private final String env;
        private final String buckets;
        private final String out;
        private final Integer keep;
        private final Integer parallel;
        private final boolean incremental;
        private final boolean fsync;
        private final boolean dryRun;
        private final String verify;

        Work(Invocation invocation, SupabaseBackupStorageStep step) {
            super(invocation);
            this.env = step.env;
            this.buckets = step.buckets;
            this.out = step.out;
            this.keep = step.keep;
            this.parallel = step.parallel;
            this.incremental = step.incremental;
            this.fsync = step.fsync;
            this.dryRun = step.dryRun;
            this.verify = step.verify;
        }

        @Override
        protected Object execute(OpsConfig config, ProgressListener log) {
            if (verify != null) {
                BackupVerifier.VerifyResult checked = BackupVerifier.verify(config.resolve(verify), log);
                if (!checked.valid()) {
                    throw OpsException.failed("backup " + verify + " is damaged: " + checked.problems().size()
                            + " problem(s), first: " + checked.problems().get(0).line());
                }
                return checked;
            }
            StorageRuns.BackupRequest request = new StorageRuns.BackupRequest(env, Arguments.listOrNull(buckets), out, keep, parallel,
                    incremental, fsync);
            return dryRun ? StorageRuns.planBackup(config, request, log) : StorageRuns.backup(config, request, log);
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
            return "Supabase: back up Storage buckets";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
