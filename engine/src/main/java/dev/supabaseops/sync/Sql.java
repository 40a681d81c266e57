package dev.supabaseops.sync;

import java.util.Collection;
import java.util.stream.Collectors;

/** SQL text helpers: identifiers are always quoted, literals always escaped. */
final class Sql {
    private Sql() {
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        // standard_conforming_strings is on in every supported PostgreSQL: only quotes need doubling.
        return "'" + value.replace("'", "''") + "'";
    }

    static String idents(Collection<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /** {@code a.c1, a.c2} */
    static String qualified(String alias, Collection<String> names) {
        return names.stream().map(n -> alias + "." + ident(n)).collect(Collectors.joining(", "));
    }

    /** {@code a.k1 = b.k1 AND a.k2 = b.k2} */
    static String joinOn(String left, String right, Collection<String> keys) {
        return keys.stream().map(k -> left + "." + ident(k) + " = " + right + "." + ident(k))
                .collect(Collectors.joining(" AND "));
    }

    /**
     * Binary-image row comparison (record_image_ne, the operator REFRESH MATERIALIZED VIEW
     * CONCURRENTLY uses). The ::record casts matter: between two bare ROW(...) constructors
     * PostgreSQL compares column by column and looks for a {@code *<>} per column type.
     */
    static String differs(String left, String right, Collection<String> columns) {
        return "ROW(" + qualified(left, columns) + ")::record *<> ROW(" + qualified(right, columns) + ")::record";
    }

    /** Binary-image equality (record_image_eq); NULLs compare equal to NULLs. */
    static String same(String left, String right, Collection<String> columns) {
        return "ROW(" + qualified(left, columns) + ")::record *= ROW(" + qualified(right, columns) + ")::record";
    }
}
