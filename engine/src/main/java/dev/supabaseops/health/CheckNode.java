package dev.supabaseops.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of one check's YAML/flag node; every error is one line that starts with the check's label. */
record CheckNode(String label, JsonNode node) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    OpsException fail(String message) {
        return OpsException.usage(label + ": " + message);
    }

    void keys(JsonNode n, String at, Set<String> accepted) {
        n.fieldNames().forEachRemaining(k -> {
            if (!accepted.contains(k)) {
                throw fail("unknown key '" + (at.isEmpty() ? k : at + "." + k) + "' (accepted: "
                        + String.join(", ", new TreeSet<>(accepted)) + ")");
            }
        });
    }

    /** A scalar as text, or null when absent. */
    String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw fail(key + " must be a single value");
        }
        return v.asText();
    }

    String requiredText(JsonNode n, String key, String example) {
        String v = text(n, key);
        if (v == null || v.isBlank()) {
            throw fail(key + " is empty: expected " + example);
        }
        return v.strip();
    }

    /** A list given as a YAML list or as "a, b" text; empty when absent. */
    List<String> list(JsonNode v, String key) {
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (v.isValueNode()) {
            return ConfigLoader.splitList(v.asText());
        }
        if (!v.isArray()) {
            throw fail(key + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                throw fail(key + " must be a list of names");
            }
            out.add(item.asText().strip());
        }
        return List.copyOf(out);
    }

    List<String> variableNames(JsonNode v, String key) {
        List<String> names = list(v, key);
        for (String n : names) {
            if (!VARIABLE_NAME.matcher(n).matches()) {
                throw fail(key + " has an invalid variable name '" + n + "'");
            }
        }
        return names;
    }

    /**
     * Replaces {@code ${VAR}} with the variable's value; an unset variable is a configuration
     * error (a gate that sends an empty API key would fail for the wrong reason). Every value put
     * in is registered as a secret: variables carry keys and tokens, in headers and in URLs alike,
     * and a server may echo them back in a body that ends up in a report.
     */
    String substitute(String template, Map<String, String> variables, String what) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null || value.isEmpty()) {
                throw fail(what + " uses ${" + m.group(1) + "}, which is not set");
            }
            Secret.ofNullable(value); // masked in every report from now on (values under 4 characters are not)
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
