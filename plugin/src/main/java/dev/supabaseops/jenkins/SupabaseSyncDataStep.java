package dev.supabaseops.jenkins;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.sync.DataSync;
import dev.supabaseops.sync.SyncDataRun;
import dev.supabaseops.sync.SyncMode;
import dev.supabaseops.sync.SyncPlan;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code supabaseSyncData from: 'preprod', to: 'prod', tables: 'plans,features'}: copies configuration
 * tables like {@code supabase-ops sync-data}, in one transaction, with storage URLs rewritten;
 * {@code dryRun} returns the reviewable plan, {@code export}/{@code import} write or read a snapshot.
 */
public class SupabaseSyncDataStep extends OpsStep {
    public static final String NAME = "supabaseSyncData";

    private String from;
    private String to;
    private String tables;
    private boolean dryRun;
    private String mode;
    private String export;
    private String importDir;
    private boolean ignoreMissingColumns;
    private String disableTriggers;
    private boolean rewriteUrls = true;
    private String confirm;
    private String fromDbUrlCredentialsId;
    private String fromDbPasswordCredentialsId;
    private String fromApiUrlCredentialsId;
    private String toDbUrlCredentialsId;
    private String toDbPasswordCredentialsId;
    private String toApiUrlCredentialsId;

    @DataBoundConstructor
    public SupabaseSyncDataStep() {
    }

    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        this.from = blankToNull(from);
    }

    public String getTo() {
        return to;
    }

    @DataBoundSetter
    public void setTo(String to) {
        this.to = blankToNull(to);
    }

    public String getTables() {
        return tables;
    }

    @DataBoundSetter
    public void setTables(String tables) {
        this.tables = blankToNull(tables);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getMode() {
        return mode;
    }

    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = blankToNull(mode);
    }

    public String getExport() {
        return export;
    }

    @DataBoundSetter
    public void setExport(String export) {
        this.export = blankToNull(export);
    }

    public String getImport() {
        return importDir;
    }

    @DataBoundSetter
    public void setImport(String importDir) {
        this.importDir = blankToNull(importDir);
    }

    public boolean isIgnoreMissingColumns() {
        return ignoreMissingColumns;
    }

    @DataBoundSetter
    public void setIgnoreMissingColumns(boolean ignoreMissingColumns) {
        this.ignoreMissingColumns = ignoreMissingColumns;
    }

    public String getDisableTriggers() {
        return disableTriggers;
    }

    @DataBoundSetter
    public void setDisableTriggers(String disableTriggers) {
        this.disableTriggers = blankToNull(disableTriggers);
    }

    public boolean isRewriteUrls() {
        return rewriteUrls;
    }

    @DataBoundSetter
    public void setRewriteUrls(boolean rewriteUrls) {
        this.rewriteUrls = rewriteUrls;
    }

    public String getConfirm() {
        return confirm;
    }

    @DataBoundSetter
    public void setConfirm(String confirm) {
        this.confirm = blankToNull(confirm);
    }

    public String getFromDbUrlCredentialsId() {
        return fromDbUrlCredentialsId;
    }

    @DataBoundSetter
    public void setFromDbUrlCredentialsId(String id) {
        this.fromDbUrlCredentialsId = id;
    }

    public String getFromDbPasswordCredentialsId() {
        return fromDbPasswordCredentialsId;
    }

    @DataBoundSetter
    public void setFromDbPasswordCredentialsId(String id) {
        this.fromDbPasswordCredentialsId = id;
    }

    public String getFromApiUrlCredentialsId() {
        return fromApiUrlCredentialsId;
    }

    @DataBoundSetter
    public void setFromApiUrlCredentialsId(String id) {
        this.fromApiUrlCredentialsId = id;
    }

    public String getToDbUrlCredentialsId() {
        return toDbUrlCredentialsId;
    }

    @DataBoundSetter
    public void setToDbUrlCredentialsId(String id) {
        this.toDbUrlCredentialsId = id;
    }

    public String getToDbPasswordCredentialsId() {
        return toDbPasswordCredentialsId;
    }

    @DataBoundSetter
    public void setToDbPasswordCredentialsId(String id) {
        this.toDbPasswordCredentialsId = id;
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
                CredentialBinding.of(CredentialBinding.Kind.DB_URL, from, fromDbUrlCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.DB_PASSWORD, from, fromDbPasswordCredentialsId, false),
                CredentialBinding.of(CredentialBinding.Kind.API_URL, from, fromApiUrlCredentialsId, false),
                CredentialBinding.of(CredentialBinding.Kind.DB_URL, to, toDbUrlCredentialsId, true),
                CredentialBinding.of(CredentialBinding.Kind.DB_PASSWORD, to, toDbPasswordCredentialsId, false),
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

    /** On the agent: the engine calls of the CLI's {@code sync-data}. */
    static final class Work extends OpsCallable {
        private static final long serialVersionUID = 1L;
        private final String from;
        private String to;
        private final String tables;
        private final boolean dryRun;
        private final String mode;
        private final String export;
        private final String importDir;
        private final boolean ignoreMissingColumns;
        private final String disableTriggers;
        private final boolean rewriteUrls;
        private final String confirm;

        Work(Invocation invocation, SupabaseSyncDataStep step) {
            super(invocation);
            this.from = step.from;
            this.to = step.to;
            this.tables = step.tables;
            this.dryRun = step.dryRun;
            this.mode = step.mode;
            this.export = step.export;
            this.importDir = step.importDir;
            this.ignoreMissingColumns = step.ignoreMissingColumns;
            this.disableTriggers = step.disableTriggers;
            this.rewriteUrls = step.rewriteUrls;
            this.confirm = step.confirm;
        }

        @Override
        protected Object execute(OpsConfig config, ProgressListener log) {
            boolean userTriggers = userTriggers(disableTriggers);
            SyncMode syncMode = mode(mode);
            if (export != null && importDir != null) {
                throw OpsException.usage("export and import cannot be combined: export reads from, import writes to");
            }
            if (importDir != null && from != null) {
                throw OpsException.usage("import is the source: drop from");
            }
            if (importDir == null && from == null) {
                throw OpsException.usage("no source: pass from (or import)");
            }
            List<String> names = Arguments.listOrNull(tables);
            if (export != null) {
                if (to != null) {
                    throw OpsException.usage("export touches no target: drop to (use import with to later)");
                }
                return SyncDataRun.export(config, config.environment(from), names, config.resolve(export), log);
            }
            if (to == null) {
                throw OpsException.usage("no target: pass to");
            }
            EnvironmentConfig target = config.environment(to);
            EnvironmentConfig source = from == null ? null : config.environment(from);
            if (source != null && source.name().equals(target.name())) {
                throw OpsException.usage("from and to name the same environment '" + to + "'");
            }
            SyncDataRun.Request request = new SyncDataRun.Request(names, syncMode, ignoreMissingColumns, userTriggers, rewriteUrls, confirm);
            DataSync sync = SyncDataRun.load(config, source, importDir == null ? null : config.resolve(importDir), target, request, log);
            if (dryRun) {
                SyncPlan plan = sync.plan();
                if (plan.hasProblems()) { // as the CLI: a dry run that apply would refuse exits 3
                    throw OpsException.refused("apply would be refused: " + plan.problems().size()
                            + " problem(s), first: " + plan.problems().get(0).message());
                }
                return plan;
            }
            return sync.apply();
        }

        private static SyncMode mode(String mode) {
            if (mode == null) {
                return SyncMode.UPSERT;
            }
            try {
                return SyncMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw OpsException.usage("mode must be upsert or mirror (got '" + mode + "')");
            }
        }

        private static boolean userTriggers(String disableTriggers) {
            if (disableTriggers == null) {
                return false;
            }
            if (!disableTriggers.strip().equals("user")) {
                throw OpsException.usage("disableTriggers accepts only 'user' (got '" + disableTriggers + "'): disabling ALL"
                        + " triggers would turn off foreign keys, and hosted Supabase does not allow it");
            }
            return true;
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
            return "Supabase: copy configuration tables between environments";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
