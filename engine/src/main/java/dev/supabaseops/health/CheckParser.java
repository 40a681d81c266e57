package dev.supabaseops.health;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;
import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the {@code health.<env>} list (or the same shape built from CLI flags) into checks.
 * Everything is validated here, before any check runs: the first problem is an exit-2 error
 * naming the check.
 */
public final class CheckParser {
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(10);
    /** Upper bound of one attempt: an HTTP call or query that may take longer is not a health check. */
    public static final Duration MAX_CHECK_TIMEOUT = Duration.ofHours(1);
    private static final Set<String> COMMON = Set.of("name", "timeout");
    private static final Set<String> HTTP_OPTIONS = Set.of("method", "headers", "body", "status", "json", "exists", "contains",
            "followRedirects");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /**
     * @param variables            for {@code ${VAR}} in URLs and header values, and for {@code env}/{@code dburl} defaults
     * @param baseDir              folder relative paths (migrations, env files) resolve against
     * @param apiUrl               the environment's project URL, asked only for URLs that start with '/'
     * @param defaultMigrationsDir {@code migrations.dir} of the configuration
     */
    public record Context(Map<String, String> variables, Path baseDir, Supplier<String> apiUrl,
                          String defaultMigrationsDir) {
    }

    private CheckParser() {
    }

    /** @param where names the list in messages, e.g. "health.prod" */
    public static List<HealthCheck> parse(JsonNode checks, String where, Context context) {
        if (checks == null || !checks.isArray()) {
            throw OpsException.usage(where + " must be a list of checks");
        }
        List<HealthCheck> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode item : checks) {
            index++;
            String label = where + " check #" + index;
            if (!item.isObject()) {
                throw OpsException.usage(label + ": a check must be a mapping such as { name: api, http: https://example.com/health }");
            }
            JsonNode nameNode = item.path("name");
            String name = nameNode.isValueNode() && !nameNode.isNull() ? nameNode.asText().strip() : null;
            if (name != null) {
                label += " (" + name + ")";
            }
            CheckNode node = new CheckNode(label, item);
            HealthCheck check = parseOne(node, name, context);
            if (!names.add(check.name())) {
                throw node.fail("another check is also named '" + check.name() + "': give each check a unique name");
            }
            out.add(check);
        }
        return List.copyOf(out);
    }

    private static HealthCheck parseOne(CheckNode n, String name, Context context) {
        JsonNode item = n.node();
        if (item.has("name") && (name == null || name.isEmpty())) {
            throw n.fail("name must be a non-empty text");
        }
        List<CheckKind> kinds = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        item.fieldNames().forEachRemaining(k -> CheckKind.of(k).ifPresentOrElse(kinds::add, () -> {
            if (!COMMON.contains(k) && !HTTP_OPTIONS.contains(k)) {
                unknown.add(k);
            }
        }));
        if (kinds.isEmpty()) {
            throw n.fail(unknown.isEmpty() ? "no check kind: give one of " + CheckKind.keys()
                    : "unknown check kind '" + unknown.get(0) + "' (known: " + CheckKind.keys() + ")");
        }
        if (kinds.size() > 1) {
            throw n.fail("more than one check kind (" + String.join(", ", kinds.stream().map(CheckKind::key).toList())
                    + "): one kind per check");
        }
        CheckKind kind = kinds.get(0);
        Set<String> accepted = new HashSet<>(COMMON);
        accepted.add(kind.key());
        if (kind == CheckKind.HTTP) {
            accepted.addAll(HTTP_OPTIONS);
        }
        n.keys(item, "", accepted);
        String checkName = name != null ? name : kind.key();
        Duration timeout = timeout(n, item);
        JsonNode value = item.path(kind.key());
        return switch (kind) {
            case HTTP -> http(n, checkName, value, timeout, context);
            case SQL -> sql(n, checkName, timeout);
            case MIGRATIONS -> migrations(n, checkName, value, timeout, context);
            case RLS -> rls(n, checkName, value, timeout);
            case PRIVILEGES -> privileges(n, checkName, value, timeout);
            case ENV -> env(n, checkName, value, timeout, context);
            case DBURL -> dburl(n, checkName, value, timeout, context);
        };
    }

    private static Duration timeout(CheckNode n, JsonNode item) {
        String t = n.text(item, "timeout");
        if (t == null) {
            return DEFAULT_CHECK_TIMEOUT;
        }
        Duration d;
        try {
            d = Durations.parse(t, "timeout");
        } catch (OpsException e) {
            throw n.fail(e.getMessage());
        }
        if (d.isZero()) {
            throw n.fail("timeout must be more than 0");
        }
        if (d.compareTo(MAX_CHECK_TIMEOUT) > 0) {
            throw n.fail("timeout must be at most 1h (got '" + t + "')");
        }
        return d;
    }

    private static HttpCheck http(CheckNode n, String name, JsonNode value, Duration timeout, Context context) {
        JsonNode item = n.node();
        String given = n.requiredText(item, "http", "a URL such as https://app.example.com/health");
        String url = n.substitute(given, context.variables(), "the URL");
        if (url.startsWith("/")) {
            try {
                url = context.apiUrl().get() + url;
            } catch (OpsException e) {
                throw n.fail("the URL " + given + " is relative, but " + e.getMessage());
            }
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null || !url.regionMatches(true, 0, "http", 0, 4)) {
            throw n.fail("invalid URL '" + given + "': expected http(s)://host/path");
        }
        String method = n.text(item, "method");
        method = method == null ? "GET" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw n.fail("unsupported method '" + method + "' (supported: " + String.join(", ", new java.util.TreeSet<>(METHODS)) + ")");
        }
        Map<String, Secret> headers = new LinkedHashMap<>();
        JsonNode h = item.path("headers");
        if (!h.isMissingNode() && !h.isNull() && !h.isObject()) {
            throw n.fail("headers must be a mapping of name: value");
        }
        for (var it = h.fields(); it.hasNext(); ) {
            var e = it.next();
            String header = e.getKey();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw n.fail("header " + header + " must have a single value");
            }
            String v = n.substitute(e.getValue().asText(), context.variables(), "header " + header);
            if (v.isBlank()) {
                throw n.fail("header " + header + " is empty");
            }
            Secret secret = Secret.of(v); // header values are keys and tokens: masked everywhere from now on
            credentialParts(v);
            try {
                new Headers.Builder().add(header, secret.reveal());
            } catch (IllegalArgumentException bad) { // OkHttp's message may quote the value: never show it
                throw n.fail("header " + header + " has an invalid name or a value with control characters");
            }
            headers.put(header, secret);
        }
        StatusRange status = StatusRange.SUCCESS;
        String s = n.text(item, "status");
        if (s != null) {
            status = StatusRange.parse(s).orElseThrow(() -> n.fail("invalid status '" + s
                    + "': expected a code such as 200, a range such as 200-299, or a class such as 2xx"));
        }
        List<JsonAssertion> json = new ArrayList<>();
        JsonNode j = item.path("json");
        if (!j.isMissingNode() && !j.isNull() && !j.isObject()) {
            throw n.fail("json must be a mapping of JSON Pointer: expected value, e.g. { /status: healthy }");
        }
        j.fields().forEachRemaining(e -> json.add(new JsonAssertion(pointer(n, e.getKey()), e.getValue())));
        for (String p : n.list(item.path("exists"), "exists")) {
            json.add(new JsonAssertion(pointer(n, p), null));
        }
        JsonNode c = item.path("contains");
        List<String> contains = c.isValueNode() && !c.isNull() ? List.of(c.asText()) : n.list(c, "contains");
        JsonNode follow = item.path("followRedirects");
        if (!follow.isMissingNode() && !follow.isNull() && !follow.isBoolean()) {
            throw n.fail("followRedirects must be true or false");
        }
        return new HttpCheck(name, method, url, headers, n.text(item, "body"), status, json, contains, timeout,
                !follow.isBoolean() || follow.booleanValue());
    }

    /**
     * Registers the parts of a header value a server may echo on their own: the credential after a
     * scheme ({@code Bearer <token>} → the token), and for {@code Basic} the decoded
     * {@code user:password} and the password.
     */
    static void credentialParts(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        if (space < 0) {
            return;
        }
        String scheme = v.substring(0, space);
        String credential = v.substring(space + 1).strip();
        Secret.ofNullable(credential);
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(credential), java.nio.charset.StandardCharsets.UTF_8);
                Secret.ofNullable(decoded);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    Secret.ofNullable(decoded.substring(colon + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                // not base64: the credential itself is registered above
            }
        }
    }

    private static JsonPointer pointer(CheckNode n, String text) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw n.fail("invalid JSON Pointer '" + text + "': it must start with / (e.g. /status or /checks/0/ok)");
        }
    }

    private static SqlCheck sql(CheckNode n, String name, Duration timeout) {
        String sql = n.requiredText(n.node(), "sql", "a query returning one true value");
        try {
            return new SqlCheck(name, sql, timeout);
        } catch (OpsException e) {
            throw n.fail(e.getMessage());
        }
    }

    private static MigrationsCheck migrations(CheckNode n, String name, JsonNode value, Duration timeout, Context context) {
        String dir = value.isNull() || value.isBoolean() && value.booleanValue() ? context.defaultMigrationsDir()
                : value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
        if (dir == null) {
            throw n.fail("migrations must be a folder such as supabase/migrations (or true for migrations.dir)");
        }
        Path path = context.baseDir().resolve(dir).normalize();
        if (!Files.isDirectory(path)) {
            throw n.fail("migrations folder " + dir + " not found (relative to " + context.baseDir() + ")");
        }
        return new MigrationsCheck(name, path, dir, timeout);
    }

    private static RlsCheck rls(CheckNode n, String name, JsonNode value, Duration timeout) {
        List<String> schemas = value.isNull() || value.isBoolean() && value.booleanValue() ? List.of("public")
                : n.list(value, "rls");
        if (schemas.isEmpty()) {
            throw n.fail("rls must list schemas, e.g. [public]");
        }
        return new RlsCheck(name, schemas, timeout);
    }

    private static PrivilegesCheck privileges(CheckNode n, String name, JsonNode value, Duration timeout) {
        if (value.isTextual()) {
            return new PrivilegesCheck(name, n.requiredText(n.node(), "privileges", "a schema name"), Set.of(), timeout);
        }
        if (!value.isObject()) {
            throw n.fail("privileges must be a mapping such as { schema: ops, roles: [service_role] }");
        }
        n.keys(value, "privileges", Set.of("schema", "roles"));
        String schema = n.requiredText(value, "schema", "a schema name such as ops");
        return new PrivilegesCheck(name, schema, new LinkedHashSet<>(n.list(value.path("roles"), "privileges.roles")), timeout);
    }

    private static EnvCheck env(CheckNode n, String name, JsonNode value, Duration timeout, Context context) {
        if (!value.isObject()) {
            throw n.fail("env must be a mapping such as { file: .env.production, required: [A], forbidden: [B] }");
        }
        n.keys(value, "env", Set.of("file", "required", "forbidden"));
        List<String> required = n.variableNames(value.path("required"), "env.required");
        List<String> forbidden = n.variableNames(value.path("forbidden"), "env.forbidden");
        if (required.isEmpty() && forbidden.isEmpty()) {
            throw n.fail("env needs required or forbidden variable names");
        }
        List<String> both = required.stream().filter(forbidden::contains).toList();
        if (!both.isEmpty()) {
            throw n.fail(String.join(", ", both) + " cannot be both required and forbidden");
        }
        String file = n.text(value, "file");
        return new EnvCheck(name, file == null ? null : context.baseDir().resolve(file).normalize(), file,
                required, forbidden, timeout);
    }

    private static DbUrlCheck dburl(CheckNode n, String name, JsonNode value, Duration timeout, Context context) {
        String variable;
        String file = null;
        int port = 6543;
        Set<String> modes = DbUrlCheck.DEFAULT_SSL_MODES;
        if (value.isTextual()) {
            variable = value.asText().strip();
        } else if (value.isObject()) {
            n.keys(value, "dburl", Set.of("var", "file", "port", "sslmode"));
            variable = n.requiredText(value, "var", "the variable holding the URL, e.g. DATABASE_URL");
            file = n.text(value, "file");
            String p = n.text(value, "port");
            if (p != null) {
                if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                    throw n.fail("dburl.port must be a port number such as 6543 (got '" + p + "')");
                }
                port = Integer.parseInt(p);
            }
            if (value.has("sslmode")) {
                modes = new HashSet<>(n.list(value.path("sslmode"), "dburl.sslmode"));
                for (String m : modes) {
                    if (!Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full").contains(m)) {
                        throw n.fail("dburl.sslmode has an unknown mode '" + m + "'");
                    }
                }
            }
        } else {
            throw n.fail("dburl must name the variable holding the URL, e.g. dburl: DATABASE_URL");
        }
        if (!CheckNode.VARIABLE_NAME.matcher(variable).matches()) {
            throw n.fail("dburl has an invalid variable name '" + variable + "'");
        }
        return new DbUrlCheck(name, variable, file == null ? null : context.baseDir().resolve(file).normalize(), file,
                port, modes, timeout);
    }
}
