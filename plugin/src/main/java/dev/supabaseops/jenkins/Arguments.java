package dev.supabaseops.jenkins;

import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.core.OpsException;

import java.util.List;

/** Step arguments to engine values, with the CLI's rules and messages. */
final class Arguments {
    private Arguments() {
    }

    /** A comma-separated list argument ({@code 'plans, features'}), or the configuration's list when unset. */
    static List<String> list(String argument, List<String> fromConfig) {
        return argument == null ? fromConfig : ConfigLoader.splitList(argument);
    }

    static int orDefault(Integer argument, int fromConfig) {
        return argument == null ? fromConfig : argument;
    }

    /**
     * Destructive work on a {@code protected: true} environment needs {@code confirm: '<name>'}: the rule
     * and message of the push engine (SupabaseMigrations), which the storage and sync engines leave to
     * their callers.
     */
    static void requireConfirmed(EnvironmentConfig environment, String confirm) {
        if (environment.isProtected() && !environment.name().equals(confirm)) {
            throw OpsException.refused("environment '" + environment.name() + "' is protected: pass --confirm "
                    + environment.name() + " to change it");
        }
    }
}
