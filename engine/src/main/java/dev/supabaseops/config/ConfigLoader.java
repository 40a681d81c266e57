package dev.supabaseops.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.supabaseops.core.Environments;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.db.DbUrl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code supabase-ops.yml} (Jackson YAML) strictly: an unknown key is an error naming the
 * accepted ones, and a secret in the file is an error naming the variable to use instead.
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE = "supabase-ops.yml";

    /** Built on first use: a run without a config file skips the YAML parser's start-up cost. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    /**
     * Every key the file accepts, by section ({@code environments.*} for each environment); the
     * docs test checks each one is documented. Health checks have their own keys (health package).
     */
    public static final Map<String, Set<String>> ACCEPTED_KEYS = Map.of(
            "", Set.of("environments", "migrations", "sync", "storage", "health"),
            "environments.*", Set.of("projectRef", "url", "db", "protected"),
            "environments.*.db", Set.of("url"),
            "migrations", Set.of("dir", "lint", "tool"),
            "sync", Set.of("tables", "blocked", "rewriteUrls", "localUrls", "keys"),
            "storage", Set.of("buckets", "backupDir", "keep", "parallel"));

    private ConfigLoader() {
    }

    /**
     * @param explicitFile {@code --config FILE}, or null to use {@code supabase-ops.yml} in workDir if present
     */
    public static OpsConfig load(Path explicitFile, Path workDir, Map<String, String> variables) {
        Path file = explicitFile != null ? workDir.resolve(explicitFile) : workDir.resolve(DEFAULT_FILE);
        if (explicitFile != null && !Files.isRegularFile(file)) {
            throw OpsException.usage("config file " + file + " not found: check --config");
        }
        if (!Files.isRegularFile(file)) {
            return fromTree(MissingNode.getInstance(), workDir, null, variables);
        }
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw OpsException.usage(file.getFileName() + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OpsException.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = MissingNode.getInstance();
        } else if (!root.isObject()) {
            throw OpsException.usage(file.getFileName() + ": the top level must be a mapping (environments:, migrations:, …)");
        }
        return fromTree(root, workDir, file, variables);
    }

    static OpsConfig fromTree(JsonNode root, Path workDir, Path source, Map<String, String> variables) {
        Tree t = new Tree(source == null ? DEFAULT_FILE : source.getFileName().toString());
        t.keys(root, "", ACCEPTED_KEYS.get(""));

        Map<String, OpsConfig.FileEnvironment> envs = new LinkedHashMap<>();
        JsonNode envNode = root.path("environments");
        t.mapping(envNode, "environments");
        for (Iterator<Map.Entry<String, JsonNode>> it = envNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String at = "environments." + name;
            JsonNode env = e.getValue();
            if (env.isNull()) {
                envs.put(name, new OpsConfig.FileEnvironment(null, null, null, false));
                continue;
            }
            t.mapping(env, at);
            String prefix = Environments.variablePrefix(name);
            t.noSecret(env, at, "serviceRoleKey", prefix + "SERVICE_ROLE_KEY");
            t.noSecret(env, at, "service_role_key", prefix + "SERVICE_ROLE_KEY");
            t.noSecret(env, at, "password", prefix + "DB_PASSWORD");
            t.keys(env, at, ACCEPTED_KEYS.get("environments.*"));
            JsonNode db = env.path("db");
            t.mapping(db, at + ".db");
            t.noSecret(db, at + ".db", "password", prefix + "DB_PASSWORD");
            t.keys(db, at + ".db", ACCEPTED_KEYS.get("environments.*.db"));
            String dbUrl = t.string(db, "url", at + ".db.url", null);
            if (dbUrl != null && DbUrl.parse(dbUrl, at + ".db.url").password() != null) {
                throw OpsException.usage(t.file + ": " + at + ".db.url contains a password; secrets are read only from "
                        + "environment variables: remove it and set " + prefix + "DB_PASSWORD");
            }
            envs.put(name, new OpsConfig.FileEnvironment(
                    t.string(env, "projectRef", at + ".projectRef", null),
                    t.string(env, "url", at + ".url", null),
                    dbUrl,
                    t.bool(env, "protected", at + ".protected", false)));
        }

        JsonNode mig = root.path("migrations");
        t.mapping(mig, "migrations");
        t.keys(mig, "migrations", ACCEPTED_KEYS.get("migrations"));
        String lint = t.string(mig, "lint", "migrations.lint", null);
        if (lint != null && !Set.of("fail", "warn", "off").contains(lint)) {
            throw OpsException.usage(t.file + ": migrations.lint must be fail, warn or off (got '" + lint + "')");
        }
        String tool = t.string(mig, "tool", "migrations.tool", "supabase");
        if (!Set.of("supabase", "flyway").contains(tool)) {
            throw OpsException.usage(t.file + ": migrations.tool must be supabase or flyway (got '" + tool + "')");
        }
        MigrationsConfig migrations = new MigrationsConfig(
                t.string(mig, "dir", "migrations.dir", MigrationsConfig.DEFAULT.dir()), lint, tool);

        JsonNode sync = root.path("sync");
        t.mapping(sync, "sync");
        t.keys(sync, "sync", ACCEPTED_KEYS.get("sync"));
        Map<String, List<String>> keys = new LinkedHashMap<>();
        JsonNode keysNode = sync.path("keys");
        t.mapping(keysNode, "sync.keys");
        keysNode.fields().forEachRemaining(e -> keys.put(e.getKey(), t.strings(e.getValue(), "sync.keys." + e.getKey())));
        SyncConfig syncConfig = new SyncConfig(
                t.strings(sync.path("tables"), "sync.tables"),
                t.strings(sync.path("blocked"), "sync.blocked"),
                t.bool(sync, "rewriteUrls", "sync.rewriteUrls", true),
                sync.has("localUrls") ? t.strings(sync.path("localUrls"), "sync.localUrls") : SyncConfig.DEFAULT_LOCAL_URLS,
                keys);

        JsonNode st = root.path("storage");
        t.mapping(st, "storage");
        t.keys(st, "storage", ACCEPTED_KEYS.get("storage"));
        StorageConfig storage = new StorageConfig(
                t.strings(st.path("buckets"), "storage.buckets"),
                t.string(st, "backupDir", "storage.backupDir", StorageConfig.DEFAULT.backupDir()),
                t.positiveInt(st, "keep", "storage.keep", StorageConfig.DEFAULT.keep()),
                t.positiveInt(st, "parallel", "storage.parallel", StorageConfig.DEFAULT.parallel()));

        Map<String, JsonNode> health = new LinkedHashMap<>();
        JsonNode hn = root.path("health");
        t.mapping(hn, "health");
        hn.fields().forEachRemaining(e -> {
            if (!e.getValue().isArray()) {
                throw OpsException.usage(t.file + ": health." + e.getKey() + " must be a list of checks");
            }
            health.put(e.getKey(), e.getValue());
        });

        return new OpsConfig(workDir, source, Map.copyOf(envs), Map.copyOf(variables), migrations, syncConfig,
                storage, Map.copyOf(health));
    }

    /** Typed reads with one-line errors that name the file and the key. */
    private record Tree(String file) {
        void keys(JsonNode node, String at, Set<String> accepted) {
            if (!node.isObject()) {
                return;
            }
            node.fieldNames().forEachRemaining(k -> {
                if (!accepted.contains(k)) {
                    String path = at.isEmpty() ? k : at + "." + k;
                    throw OpsException.usage(file + ": unknown key '" + path + "' (accepted: "
                            + String.join(", ", accepted.stream().sorted().toList()) + ")");
                }
            });
        }

        void mapping(JsonNode node, String at) {
            if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
                throw OpsException.usage(file + ": " + at + " must be a mapping");
            }
        }

        void noSecret(JsonNode node, String at, String key, String variable) {
            if (node.has(key)) {
                throw OpsException.usage(file + ": " + at + "." + key + " is a secret; secrets are read only from "
                        + "environment variables: remove it and set " + variable);
            }
        }

        String string(JsonNode node, String key, String at, String dflt) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return dflt;
            }
            if (!v.isValueNode()) {
                throw OpsException.usage(file + ": " + at + " must be a string");
            }
            return v.asText();
        }

        boolean bool(JsonNode node, String key, String at, boolean dflt) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw OpsException.usage(file + ": " + at + " must be true or false");
            }
            return v.booleanValue();
        }

        int positiveInt(JsonNode node, String key, String at, int dflt) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return dflt;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
                throw OpsException.usage(file + ": " + at + " must be a whole number of at least 1");
            }
            return v.intValue();
        }

        List<String> strings(JsonNode node, String at) {
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            if (node.isTextual()) { // "a, b" is accepted like the CLI's comma lists
                return splitList(node.asText());
            }
            if (!node.isArray()) {
                throw OpsException.usage(file + ": " + at + " must be a list");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isValueNode() || n.isNull()) {
                    throw OpsException.usage(file + ": " + at + " must be a list of names");
                }
                out.add(n.asText());
            }
            return List.copyOf(out);
        }
    }

    /** Splits a comma-separated list ("a, b,c") into trimmed, non-empty items. */
    public static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return List.copyOf(out);
    }
}
