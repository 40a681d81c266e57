package dev.supabaseops.cli;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.core.Protection;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.storage.StorageClient;
import dev.supabaseops.storage.TransferSizes;

import java.util.List;

/** What the storage commands share: clients for environments, bucket defaults, the protected-target rule. */
final class StorageCommands {
    private StorageCommands() {
    }

    static StorageClient client(EnvironmentConfig env, int parallel, ProgressListener listener) {
        return StorageClient.forEnvironment(env).parallel(parallel).listener(listener).build();
    }

    /** {@code --buckets} if given, else {@code storage.buckets}; empty = all. */
    static List<String> buckets(List<String> flag, List<String> configured) {
        List<String> chosen = flag != null && !flag.isEmpty() ? flag : configured;
        return chosen.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Writing into a {@code protected: true} environment needs {@code --confirm <env>} (exit 3 otherwise). */
    static void requireConfirmation(EnvironmentConfig target, String confirm) {
        Protection.requireConfirmed(target.name(), target.isProtected(), confirm);
    }

    static String human(long bytes) {
        return TransferSizes.human(bytes);
    }
}
