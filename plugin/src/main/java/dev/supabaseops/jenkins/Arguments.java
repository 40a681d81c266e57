package dev.supabaseops.jenkins;

import dev.supabaseops.config.ConfigLoader;

import java.util.List;

/** Step arguments to engine values, with the CLI's rules and messages. */
final class Arguments {
    private Arguments() {
    }

    /** A comma-separated list argument, or null when unset (the engine then uses the configuration's list). */
    static List<String> listOrNull(String argument) {
        return argument == null ? null : ConfigLoader.splitList(argument);
    }
}
