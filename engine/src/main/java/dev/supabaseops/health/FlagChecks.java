package dev.supabaseops.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.core.OpsException;

import java.util.List;

/**
 * Checks given as flags ({@code health-gate --http URL --expect /status=healthy --sql …}) or as the
 * {@code healthGate} step's arguments, turned into a list in the configuration's shape so that flags
 * and {@code health.<env>} share one parser and one validation ({@link HealthGate.Builder#checks}).
 * The CLI's health-gate command and the Jenkins plugin's step both build their checks here.
 *
 * @param migrations   folder of the {@code migrations} check; "" = {@code migrations.dir}; null = no check
 * @param rls          schemas of the {@code rls} check, comma-separated; null = no check
 * @param checkTimeout per-attempt timeout of every check built here, or null
 */
public record FlagChecks(List<String> http, String method, List<String> headers, String status, List<String> expect,
                         List<String> contains, List<String> sql, String migrations, String rls,
                         List<String> privileges, List<String> require, List<String> forbid, String envFile,
                         List<String> dburl, String checkTimeout) {
    public FlagChecks {
        http = copy(http);
        headers = copy(headers);
        expect = copy(expect);
        contains = copy(contains);
        sql = copy(sql);
        privileges = copy(privileges);
        require = copy(require);
        forbid = copy(forbid);
        dburl = copy(dburl);
    }

    /** The checks as a list in the configuration's shape; empty when no check flag was given. */
    public ArrayNode toChecks() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        boolean httpOptions = method != null || !headers.isEmpty() || status != null || !expect.isEmpty() || !contains.isEmpty();
        if (httpOptions && http.isEmpty()) {
            throw OpsException.usage("--method, --header, --status, --expect and --contains apply to --http checks: add --http URL");
        }
        for (int i = 0; i < http.size(); i++) {
            ObjectNode c = check(list, "http", http.size(), i).put("http", http.get(i));
            if (method != null) {
                c.put("method", method);
            }
            if (status != null) {
                c.put("status", status);
            }
            ObjectNode h = c.putObject("headers");
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw OpsException.usage("--header must be 'Name: value' (got a value without a name)");
                }
                h.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
            ObjectNode json = c.putObject("json");
            ArrayNode exists = c.putArray("exists");
            for (String e : expect) {
                int eq = e.indexOf('=');
                if (eq < 0) {
                    exists.add(e.strip());
                } else {
                    json.put(e.substring(0, eq).strip(), e.substring(eq + 1));
                }
            }
            ArrayNode body = c.putArray("contains");
            contains.forEach(body::add);
        }
        for (int i = 0; i < sql.size(); i++) {
            check(list, "sql", sql.size(), i).put("sql", sql.get(i));
        }
        if (migrations != null) {
            ObjectNode c = check(list, "migrations", 1, 0);
            if (migrations.isBlank()) {
                c.put("migrations", true);
            } else {
                c.put("migrations", migrations);
            }
        }
        if (rls != null) {
            ArrayNode schemas = check(list, "rls", 1, 0).putArray("rls");
            ConfigLoader.splitList(rls).forEach(schemas::add);
        }
        for (int i = 0; i < privileges.size(); i++) {
            String p = privileges.get(i);
            int eq = p.indexOf('=');
            ObjectNode spec = check(list, "privileges", privileges.size(), i).putObject("privileges");
            spec.put("schema", eq < 0 ? p : p.substring(0, eq));
            ArrayNode roles = spec.putArray("roles");
            if (eq >= 0) {
                ConfigLoader.splitList(p.substring(eq + 1)).forEach(roles::add);
            }
        }
        if (!require.isEmpty() || !forbid.isEmpty()) {
            ObjectNode spec = check(list, "env", 1, 0).putObject("env");
            if (envFile != null) {
                spec.put("file", envFile);
            }
            require.forEach(spec.putArray("required")::add);
            forbid.forEach(spec.putArray("forbidden")::add);
        } else if (envFile != null && dburl.isEmpty()) {
            throw OpsException.usage("--env-file applies to --require, --forbid and --dburl: add one of them");
        }
        for (int i = 0; i < dburl.size(); i++) {
            ObjectNode spec = check(list, "dburl", dburl.size(), i).putObject("dburl");
            spec.put("var", dburl.get(i));
            if (envFile != null) {
                spec.put("file", envFile);
            }
        }
        if (checkTimeout != null) {
            list.forEach(c -> ((ObjectNode) c).put("timeout", checkTimeout));
        }
        return list;
    }

    /** A flag check named after its kind, numbered when the flag is repeated ("http-1", "http-2"). */
    private static ObjectNode check(ArrayNode list, String kind, int count, int index) {
        return list.addObject().put("name", count == 1 ? kind : kind + "-" + (index + 1));
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
