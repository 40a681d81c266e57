package dev.supabaseops.health;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of health check; {@link #key()} is the word used in supabase-ops.yml and reports. */
public enum CheckKind {
    HTTP, SQL, MIGRATIONS, RLS, PRIVILEGES, ENV, DBURL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckKind> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
    }

    /** "http, sql, …" for error messages. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(CheckKind::key).toList());
    }
}
