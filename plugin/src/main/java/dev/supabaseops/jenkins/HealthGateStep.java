package dev.supabaseops.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;
import java.util.Set;

/**
 * {@code healthGate env: 'prod'}: runs the {@code health.<env>} checks of the configuration, retrying
 * failing ones until the timeout, like {@code supabase-ops health-gate --env prod}. Fails the build when
 * a check still fails at the deadline (after writing the JUnit XML, so {@code junit} can publish it).
 */
public class HealthGateStep extends OpsStep {
    public static final String NAME = "healthGate";
    static final String DEFAULT_TIMEOUT = "5m";
    static final String DEFAULT_INTERVAL = "10s";

    private final String env;
    private String timeout = DEFAULT_TIMEOUT;
    private String interval = DEFAULT_INTERVAL;
    private String junit;
    private boolean dryRun;
    private List<String> http = List.of();
    private String method;
    private List<String> headers = List.of();
    private String status;
    private List<String> expect = List.of();
    private List<String> contains = List.of();
    private List<String> sql = List.of();
    private String migrations;
    private String rls;
    private List<String> privileges = List.of();
    private String require;
    private String forbid;
    private String envFile;
    private List<String> dburl = List.of();
    private String checkTimeout;
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
        this.timeout = blankToNull(timeout) == null ? DEFAULT_TIMEOUT : timeout.strip();
    }

    public String getInterval() {
        return interval;
    }

    /** Pause between attempts, e.g. {@code 10s} (default 10s). */
    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = blankToNull(interval) == null ? DEFAULT_INTERVAL : interval.strip();
    }

    public String getJunit() {
        return junit;
    }

    /** JUnit XML report to write, relative to the workspace. */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = blankToNull(junit);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Validate the checks and return them; run nothing. */
    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public List<String> getHttp() {
        return http;
    }

    /** HTTP checks: URLs, a leading / is relative to SUPABASE_&lt;ENV&gt;_URL (repeatable: a list). */
    @DataBoundSetter
    public void setHttp(List<String> http) {
        this.http = http == null ? List.of() : List.copyOf(http);
    }

    public String getMethod() {
        return method;
    }

    /** HTTP method of the http checks. */
    @DataBoundSetter
    public void setMethod(String method) {
        this.method = blankToNull(method);
    }

    public List<String> getHeaders() {
        return headers;
    }

    /** Request headers of the http checks, 'Name: value' (repeatable: a list). */
    @DataBoundSetter
    public void setHeaders(List<String> headers) {
        this.headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public String getStatus() {
        return status;
    }

    /** Expected status of the http checks. */
    @DataBoundSetter
    public void setStatus(String status) {
        this.status = blankToNull(status);
    }

    public List<String> getExpect() {
        return expect;
    }

    /** JSON assertions of the http checks (repeatable: a list). */
    @DataBoundSetter
    public void setExpect(List<String> expect) {
        this.expect = expect == null ? List.of() : List.copyOf(expect);
    }

    public List<String> getContains() {
        return contains;
    }

    /** Text the http responses must contain (repeatable: a list). */
    @DataBoundSetter
    public void setContains(List<String> contains) {
        this.contains = contains == null ? List.of() : List.copyOf(contains);
    }

    public List<String> getSql() {
        return sql;
    }

    /** SQL checks (repeatable: a list). */
    @DataBoundSetter
    public void setSql(List<String> sql) {
        this.sql = sql == null ? List.of() : List.copyOf(sql);
    }

    public String getMigrations() {
        return migrations;
    }

    /** Folder whose migrations must all be applied. */
    @DataBoundSetter
    public void setMigrations(String migrations) {
        this.migrations = blankToNull(migrations);
    }

    public String getRls() {
        return rls;
    }

    /** Schemas (comma-separated) whose tables must all have RLS enabled. */
    @DataBoundSetter
    public void setRls(String rls) {
        this.rls = blankToNull(rls);
    }

    public List<String> getPrivileges() {
        return privileges;
    }

    /** SCHEMA=ROLES privilege checks (repeatable: a list). */
    @DataBoundSetter
    public void setPrivileges(List<String> privileges) {
        this.privileges = privileges == null ? List.of() : List.copyOf(privileges);
    }

    public String getRequire() {
        return require;
    }

    /** Variables (comma-separated) that must be set. */
    @DataBoundSetter
    public void setRequire(String require) {
        this.require = blankToNull(require);
    }

    public String getForbid() {
        return forbid;
    }

    /** Variables (comma-separated) that must not be set. */
    @DataBoundSetter
    public void setForbid(String forbid) {
        this.forbid = blankToNull(forbid);
    }

    public String getEnvFile() {
        return envFile;
    }

    /** KEY=VALUE file the require/forbid/dburl checks read. */
    @DataBoundSetter
    public void setEnvFile(String envFile) {
        this.envFile = blankToNull(envFile);
    }

    public List<String> getDburl() {
        return dburl;
    }

    /** Variables whose URL must use the transaction pooler (repeatable: a list). */
    @DataBoundSetter
    public void setDburl(List<String> dburl) {
        this.dburl = dburl == null ? List.of() : List.copyOf(dburl);
    }

    public String getCheckTimeout() {
        return checkTimeout;
    }

    /** Per-attempt timeout of each check given as an argument. */
    @DataBoundSetter
    public void setCheckTimeout(String checkTimeout) {
        this.checkTimeout = blankToNull(checkTimeout);
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
        return new HealthGateWork(invocation, this);
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
