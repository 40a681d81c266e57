package dev.supabaseops.jenkins;

import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.migrate.PushPlan;
import dev.supabaseops.migrate.PushRequest;
import dev.supabaseops.migrate.PushResult;
import dev.supabaseops.migrate.PushRun;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;
import java.util.Set;

/**
 * {@code supabasePush env: 'prod'}: applies pending migrations like {@code supabase-ops push --env prod}
 * (and so like {@code supabase db push}; Flyway for {@code migrations.tool: flyway}); with
 * {@code dryRun: true} returns the plan only.
 */
public class SupabasePushStep extends OpsStep {
    public static final String NAME = "supabasePush";

    private final String env;
    private boolean dryRun;
    private boolean includeAll;
    private boolean atomic;
    private boolean strict;
    private String dir;
    private String lint;
    private String confirm;
    private String dbUrlCredentialsId;
    private String dbPasswordCredentialsId;

    @DataBoundConstructor
    public SupabasePushStep(String env) {
        this.env = env;
    }

    public String getEnv() {
        return env;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isIncludeAll() {
        return includeAll;
    }

    @DataBoundSetter
    public void setIncludeAll(boolean includeAll) {
        this.includeAll = includeAll;
    }

    public boolean isAtomic() {
        return atomic;
    }

    @DataBoundSetter
    public void setAtomic(boolean atomic) {
        this.atomic = atomic;
    }

    public boolean isStrict() {
        return strict;
    }

    @DataBoundSetter
    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    public String getDir() {
        return dir;
    }

    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = blankToNull(dir);
    }

    public String getLint() {
        return lint;
    }

    @DataBoundSetter
    public void setLint(String lint) {
        this.lint = blankToNull(lint);
    }

    public String getConfirm() {
        return confirm;
    }

    @DataBoundSetter
    public void setConfirm(String confirm) {
        this.confirm = blankToNull(confirm);
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

    @Override
    public String stepName() {
        return NAME;
    }

    @Override
    public List<CredentialBinding> credentialBindings() {
        return bindings(
                CredentialBinding.of(CredentialBinding.Kind.DB_URL, env, dbUrlCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.DB_PASSWORD, env, dbPasswordCredentialsId, false));
    }

    @Override
    public OpsCallable work(OpsCallable.Invocation invocation) {
        return new Work(invocation, this);
    }

    /** On the agent: the engine calls of the CLI's {@code push}. */
    static final class Work extends OpsCallable {
        private static final long serialVersionUID = 1L;
        private final String env;
        private final boolean dryRun;
        private final boolean includeAll;
        private final boolean atomic;
        private final boolean strict;
        private final String dir;
        private final String lint;
        private final String confirm;

        Work(Invocation invocation, SupabasePushStep step) {
            super(invocation);
            this.env = step.env;
            this.dryRun = step.dryRun;
            this.includeAll = step.includeAll;
            this.atomic = step.atomic;
            this.strict = step.strict;
            this.dir = step.dir;
            this.lint = step.lint;
            this.confirm = step.confirm;
        }

        @Override
        protected Object execute(OpsConfig config, ProgressListener log) {
            PushRun run = PushRun.load(config, new PushRequest(env, dir, includeAll, atomic, strict, lint, confirm, false), log);
            if (run.isFlyway()) { // migrations.tool: flyway, as the CLI's FlywayPush
                return dryRun ? run.flywayPlan() : run.flywayMigrate();
            }
            if (dryRun) {
                PushPlan plan = run.plan();
                OpsException refusal = PushRun.dryRunRefusal(plan); // as the CLI: exit 3 when lint would refuse
                if (refusal != null) {
                    throw refusal;
                }
                return plan;
            }
            PushResult result = run.push();
            if (!result.succeeded()) {
                throw OpsException.failed("migration " + result.failure().summary() + "; applied before it: "
                        + result.applied().size() + ", not applied: " + String.join(", ", result.notApplied()));
            }
            return result;
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
            return "Supabase: apply pending migrations (like supabase db push)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
