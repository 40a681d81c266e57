package dev.supabaseops.core;

import java.util.Locale;

/** Naming rule of the configuration contract for environment variables. */
public final class Environments {
    private Environments() {
    }

    /** {@code <ENV>}: the name upper-cased, every non-alphanumeric character replaced by '_'. */
    public static String key(String envName) {
        return envName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** {@code SUPABASE_<ENV>_}: what every variable of the environment starts with. */
    public static String variablePrefix(String envName) {
        return "SUPABASE_" + key(envName) + "_";
    }
}
