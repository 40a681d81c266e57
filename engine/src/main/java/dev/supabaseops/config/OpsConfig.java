package dev.supabaseops.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.core.Environments;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;
import dev.supabaseops.db.DbUrl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The loaded configuration: the optional {@code supabase-ops.yml} plus environment variables,
 * which always win and are the only source of secrets.
 *
 * @param baseDir   folder relative paths resolve against (the working directory)
 * @param source    the file that was read, or null when there was none
 * @param fileEnvs  environments as the file declares them (never holding secrets)
 * @param variables the process environment (or a test's map)
 * @param health    raw {@code health.<env>} check lists; the health package parses them
 */
public record OpsConfig(Path baseDir, Path source, Map<String, FileEnvironment> fileEnvs,
                        Map<String, String> variables, MigrationsConfig migrations, SyncConfig sync,
                        StorageConfig storage, Map<String, JsonNode> health) {

    /** An environment as written in the file. */
    public record FileEnvironment(String projectRef, String url, String dbUrl, boolean isProtected) {
    }

    private static final String[] SUFFIXES = {"_SERVICE_ROLE_KEY", "_DB_PASSWORD", "_DB_URL", "_URL"};

    /** Resolves an environment; unknown → exit 2 naming the known ones and the variables to set. */
    public EnvironmentConfig environment(String name) {
        if (name == null || name.isBlank()) {
            throw OpsException.usage("no environment given: pass --env NAME (known: " + describeKnown() + ")");
        }
        String prefix = Environments.variablePrefix(name);
        String dbUrlVar = var(prefix + "DB_URL");
        String passwordVar = var(prefix + "DB_PASSWORD");
        String apiUrlVar = var(prefix + "URL");
        String keyVar = var(prefix + "SERVICE_ROLE_KEY");
        FileEnvironment file = fileEnvs.get(name);
        if (file == null && dbUrlVar == null && passwordVar == null && apiUrlVar == null && keyVar == null) {
            throw OpsException.usage("unknown environment '" + name + "': known: " + describeKnown()
                    + "; declare it under environments: in supabase-ops.yml or set " + prefix + "DB_URL");
        }
        DbUrl db = null;
        if (dbUrlVar != null) {
            db = DbUrl.parse(dbUrlVar, prefix + "DB_URL");
        } else if (file != null && file.dbUrl() != null) {
            db = DbUrl.parse(file.dbUrl(), "environments." + name + ".db.url");
        }
        if (db != null && passwordVar != null) {
            db = db.withPassword(Secret.of(passwordVar));
        }
        String apiUrl = apiUrlVar != null ? apiUrlVar : file == null ? null : file.url();
        if (apiUrl != null) {
            apiUrl = apiUrl.strip().replaceAll("/+$", "");
            if (!apiUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
                throw OpsException.usage("project URL of environment '" + name + "' is not an http(s) URL: "
                        + "expected https://<ref>.supabase.co");
            }
            // The API takes no credentials in the URL, and the URL travels: sync-data rewrites storage
            // URLs to it in the target's rows and records the source's in export manifests.
            if (apiUrl.matches("https?://[^/]*@.*")) {
                throw OpsException.usage("project URL of environment '" + name + "' has a user name or password in it"
                        + " (…@host): remove it, the Supabase API takes none there (the key goes in " + prefix + "SERVICE_ROLE_KEY)");
            }
        }
        return new EnvironmentConfig(name, file == null ? null : file.projectRef(), apiUrl, db,
                Secret.ofNullable(keyVar), file != null && file.isProtected());
    }

    /** Names from the file and from SUPABASE_*_{DB_URL,DB_PASSWORD,URL,SERVICE_ROLE_KEY} variables. */
    public List<String> knownEnvironments() {
        TreeSet<String> names = new TreeSet<>(fileEnvs.keySet());
        for (String k : variables.keySet()) {
            if (!k.startsWith("SUPABASE_")) {
                continue;
            }
            for (String suffix : SUFFIXES) {
                if (k.endsWith(suffix) && k.length() > "SUPABASE_".length() + suffix.length()) {
                    String env = k.substring("SUPABASE_".length(), k.length() - suffix.length()).toLowerCase();
                    boolean known = names.stream().anyMatch(n -> Environments.key(n).equalsIgnoreCase(env));
                    if (!known) {
                        names.add(env);
                    }
                    break;
                }
            }
        }
        return new ArrayList<>(names);
    }

    private String describeKnown() {
        List<String> known = knownEnvironments();
        return known.isEmpty() ? "none" : String.join(", ", known);
    }

    private String var(String key) {
        String v = variables.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }
}
