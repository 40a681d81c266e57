package dev.supabaseops.sync;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.supabaseops.core.OpsException;

/**
 * A schema-qualified table name as the user wrote it ({@code plans} means {@code public.plans}).
 * Names are taken literally (no case folding beyond what {@link #parse} documents), and always
 * quoted in SQL, so a table called {@code "Plans"} or one with a dot-free odd name works too.
 */
public record TableRef(String schema, String name) implements Comparable<TableRef> {
    public static final String DEFAULT_SCHEMA = "public";

    /** {@code table} or {@code schema.table}; surrounding double quotes are removed. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TableRef parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw OpsException.usage("empty table name: pass --tables name1,name2 (schema.name allowed)");
        }
        String schema = DEFAULT_SCHEMA;
        String name = s;
        int dot = dotOutsideQuotes(s);
        if (dot >= 0) {
            schema = unquote(s.substring(0, dot));
            name = unquote(s.substring(dot + 1));
        } else {
            name = unquote(s);
        }
        if (schema.isEmpty() || name.isEmpty() || name.contains("\u0000")) {
            throw OpsException.usage("invalid table name '" + s + "': expected name or schema.name");
        }
        return new TableRef(schema, name);
    }

    private static int dotOutsideQuotes(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1).replace("\"\"", "\"");
        }
        return t;
    }

    /** The quoted SQL name, e.g. {@code "public"."plans"}. */
    public String sql() {
        return Sql.ident(schema) + "." + Sql.ident(name);
    }

    /** A name safe to use in a file name ({@code public.plans}). */
    public String fileName() {
        return (schema + "." + name).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @JsonValue
    @Override
    public String toString() {
        return schema + "." + name;
    }

    @Override
    public int compareTo(TableRef o) {
        return toString().compareTo(o.toString());
    }
}
