package dev.supabaseops.config;

import dev.supabaseops.core.Environments;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;
import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;

/**
 * One environment after the file and environment variables were merged (variables win).
 *
 * @param apiUrl         project API URL, e.g. {@code https://<ref>.supabase.co}, or null
 * @param dbUrl          database URL with the password already applied, or null
 * @param serviceRoleKey service_role or {@code sb_secret_…} key, or null
 */
public record EnvironmentConfig(String name, String projectRef, String apiUrl, DbUrl dbUrl,
                                Secret serviceRoleKey, boolean isProtected) {

    public String varPrefix() {
        return Environments.variablePrefix(name);
    }

    /** The database, or exit 2 saying which variable to set. */
    public Database database() {
        if (dbUrl == null) {
            throw OpsException.usage("environment '" + name + "' has no database URL: set " + varPrefix()
                    + "DB_URL (Jenkins credential supabase-" + name + "-db-url) or environments." + name
                    + ".db.url in supabase-ops.yml");
        }
        if (dbUrl.password() == null && !dbUrl.isLoopback()) {
            throw OpsException.usage("no database password for environment '" + name + "': set " + varPrefix()
                    + "DB_PASSWORD (Jenkins credential supabase-" + name + "-db-password)");
        }
        return new Database(name, dbUrl);
    }

    public String requireApiUrl() {
        if (apiUrl == null) {
            throw OpsException.usage("environment '" + name + "' has no project URL: set " + varPrefix()
                    + "URL or environments." + name + ".url in supabase-ops.yml (e.g. https://<ref>.supabase.co)");
        }
        return apiUrl;
    }

    public Secret requireServiceRoleKey() {
        if (serviceRoleKey == null) {
            throw OpsException.usage("no service_role key for environment '" + name + "': set " + varPrefix()
                    + "SERVICE_ROLE_KEY (Jenkins credential supabase-" + name + "-service-role-key)");
        }
        return serviceRoleKey;
    }

    /** The ref from config, else derived from the API URL or the database URL; "local" if none says. */
    public String effectiveProjectRef() {
        if (projectRef != null) {
            return projectRef;
        }
        if (apiUrl != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("https?://([a-z0-9]+)\\.supabase\\.(co|in)\\b.*")
                    .matcher(apiUrl);
            if (m.matches()) {
                return m.group(1);
            }
        }
        if (dbUrl != null && dbUrl.projectRef() != null) {
            return dbUrl.projectRef();
        }
        return "local";
    }
}
