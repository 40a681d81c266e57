package dev.supabaseops.cli.demo;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.local.LocalPostgres;
import dev.supabaseops.local.LocalStorageServer;
import dev.supabaseops.migrate.SupabaseMigrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the demo runs against, on this machine: two real PostgreSQL servers shaped like
 * Supabase projects ("preprod" and "prod"), a local Storage API for each, and an example project
 * folder. Both environments start at release 2; release 3 is the one the demo promotes.
 */
final class DemoWorld implements AutoCloseable {
    private static final String RESOURCES = "/dev/supabaseops/demo/";
    static final List<String> MIGRATIONS = List.of(
            "20250101090000_plans.sql", "20250115090000_profiles.sql",
            "20250201090000_prompt_templates.sql", "20250301090000_profile_locale.sql");
    private static final int RELEASED = 3; // files already applied to both environments

    final Path project;
    private final LocalPostgres preprodPg;
    private final LocalPostgres prodPg;
    final LocalStorageServer preprodStorage;
    final LocalStorageServer prodStorage;
    final Map<String, String> env = new LinkedHashMap<>();

    private DemoWorld(Path project, LocalPostgres preprodPg, LocalPostgres prodPg,
                      LocalStorageServer preprodStorage, LocalStorageServer prodStorage) {
        this.project = project;
        this.preprodPg = preprodPg;
        this.prodPg = prodPg;
        this.preprodStorage = preprodStorage;
        this.prodStorage = prodStorage;
    }

    static DemoWorld start(Path project) {
        writeProject(project);
        // Two servers start in parallel: initdb dominates the demo's start-up time.
        CompletableFuture<LocalPostgres> preprod = CompletableFuture.supplyAsync(LocalPostgres::start);
        CompletableFuture<LocalPostgres> prod = CompletableFuture.supplyAsync(LocalPostgres::start);
        LocalStorageServer preprodStorage = LocalStorageServer.builder().serviceKey(randomKey()).start();
        LocalStorageServer prodStorage = LocalStorageServer.builder().serviceKey(randomKey()).start();
        DemoWorld w = new DemoWorld(project, preprod.join(), prod.join(), preprodStorage, prodStorage);
        w.env.put("SUPABASE_PREPROD_DB_URL", w.preprodPg.createDatabase("preprod", true));
        w.env.put("SUPABASE_PREPROD_URL", preprodStorage.url());
        w.env.put("SUPABASE_PREPROD_SERVICE_ROLE_KEY", preprodStorage.serviceKey());
        w.env.put("SUPABASE_PROD_DB_URL", w.prodPg.createDatabase("prod", true));
        w.env.put("SUPABASE_PROD_URL", prodStorage.url());
        w.env.put("SUPABASE_PROD_SERVICE_ROLE_KEY", prodStorage.serviceKey());
        w.releaseTwo("PREPROD", "seed-preprod.sql");
        w.releaseTwo("PROD", "seed-prod.sql");
        w.seedStorage();
        return w;
    }

    /** Applies the already-released migrations with the push engine, then the environment's data. */
    private void releaseTwo(String key, String seed) {
        Database db = new Database(key.toLowerCase(), DbUrl.parse(env.get("SUPABASE_" + key + "_DB_URL"), key));
        Path released = project.resolve(".demo/release-2");
        try {
            Files.createDirectories(released);
            for (String file : MIGRATIONS.subList(0, RELEASED)) {
                Files.copy(project.resolve("supabase/migrations").resolve(file), released.resolve(file),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SupabaseMigrations.configure().database(db).dir(released).load().push();
        String sql = resource(seed).replace("${PREPROD_URL}", env.get("SUPABASE_PREPROD_URL"))
                .replace("${PROD_URL}", env.get("SUPABASE_PROD_URL"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw OpsException.failed("demo set-up failed: " + e.getMessage(), e);
        }
    }

    private void seedStorage() {
        preprodStorage.createBucket("plan-images", true, 5L * 1024 * 1024, List.of("image/png", "image/svg+xml"));
        for (String name : List.of("free.png", "pro.png", "team.png", "hero.png")) {
            preprodStorage.putObject("plan-images", name, image(name, 2), "image/png", "max-age=3600");
        }
        preprodStorage.putObject("plan-images", "icons/sso.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"
                .getBytes(StandardCharsets.UTF_8), "image/svg+xml", "max-age=3600");
        prodStorage.createBucket("plan-images", true, 5L * 1024 * 1024, List.of("image/png", "image/svg+xml"));
        prodStorage.putObject("plan-images", "free.png", image("free.png", 2), "image/png", "max-age=3600");
        prodStorage.putObject("plan-images", "pro.png", image("pro.png", 1), "image/png", "max-age=3600");
        prodStorage.createBucket("user-uploads");
        prodStorage.putObject("user-uploads", "avatars/ada.png", image("ada", 1), "image/png", "no-cache");
        prodStorage.putObject("user-uploads", "invoices/2025/ada-0001.pdf", image("invoice", 1), "application/pdf", "no-cache");
    }

    /** Deterministic bytes standing in for an image; {@code version} changes the content. */
    private static byte[] image(String name, int version) {
        byte[] b = new byte[8 * 1024 + name.length() * 97];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + name.hashCode() + version * 7);
        }
        return b;
    }

    private static void writeProject(Path project) {
        try {
            Files.createDirectories(project.resolve("supabase/migrations"));
            for (String file : MIGRATIONS) {
                Files.writeString(project.resolve("supabase/migrations").resolve(file), resource("project/supabase/migrations/" + file));
            }
            Files.writeString(project.resolve("supabase-ops.yml"), resource("project/supabase-ops.yml"));
        } catch (IOException e) {
            throw OpsException.usage("cannot write the demo project to " + project + ": " + e.getMessage());
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoWorld.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing demo resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomKey() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return "sb_secret_demo" + HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        preprodStorage.close();
        prodStorage.close();
        preprodPg.close();
        prodPg.close();
    }
}
