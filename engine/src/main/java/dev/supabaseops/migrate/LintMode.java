package dev.supabaseops.migrate;

import dev.supabaseops.core.OpsException;

import java.util.Locale;

/** What the lint gate does with a finding: refuse the push, print a warning, or nothing. */
public enum LintMode {
    FAIL, WARN, OFF;

    public static LintMode parse(String value, String where) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw OpsException.usage(where + " must be fail, warn or off (got '" + value + "')");
        }
    }

    /** The contract's default: fail on protected environments, warn elsewhere. */
    public static LintMode defaultFor(boolean protectedEnvironment) {
        return protectedEnvironment ? FAIL : WARN;
    }
}
