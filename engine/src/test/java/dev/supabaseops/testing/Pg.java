package dev.supabaseops.testing;

import dev.supabaseops.local.LocalPostgres;

/**
 * One real PostgreSQL server per test JVM (started on first use, stopped at exit); each test
 * takes fresh databases from it so tests never see each other's data.
 */
public final class Pg {
    private static volatile LocalPostgres server;

    private Pg() {
    }

    public static synchronized LocalPostgres server() {
        if (server == null) {
            server = LocalPostgres.start();
            LocalPostgres s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return server;
    }

    /** A new database shaped like a Supabase project; returns its postgresql:// URL (no password). */
    public static String newSupabaseDb() {
        return server().createDatabase("t", true);
    }

    public static String newPlainDb() {
        return server().createDatabase("p", false);
    }
}
