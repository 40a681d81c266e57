package dev.supabaseops.health;

import dev.supabaseops.db.Database;
import okhttp3.OkHttpClient;

import java.util.Map;

/**
 * What checks use while they run, shared by all attempts of one gate run.
 *
 * @param http              shared client (one connection pool); checks derive per-request timeouts from it
 * @param database          the environment's database, or null when no check needs one
 * @param variables         the process environment (or a test's map), for {@code env} and {@code dburl}
 * @param pendingMigrations the migrate engine's view of pending migrations, or null when no check needs it
 */
public record CheckContext(OkHttpClient http, Database database, Map<String, String> variables,
                           PendingMigrations pendingMigrations) {
}
