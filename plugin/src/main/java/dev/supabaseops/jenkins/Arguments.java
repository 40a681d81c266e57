package dev.supabaseops.jenkins;

import dev.supabaseops.config.ConfigLoader;

import java.util.List;

/** Step arguments to engine values, with the CLI's rules and messages. */
final class Arguments {
    private Arguments() {
    }

    /** A comma-separated list argument ({@code 'plans, features'}), or the configuration's list when unset. */
    static List<String> list(String argument, List<String> fromConfig) {
        return argument == null ? fromConfig : ConfigLoader.splitList(argument);
    }

    /** A comma-separated list argument, or null when unset (the engine then uses the configuration's list). */
    static List<String> listOrNull(String argument) {
        return argument == null ? null : ConfigLoader.splitList(argument);
    }

    static int orDefault(Integer argument, int fromConfig) {
        return argument == null ? fromConfig : argument;
    }

}
