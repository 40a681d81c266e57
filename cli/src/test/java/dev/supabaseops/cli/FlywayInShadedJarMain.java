package dev.supabaseops.cli;

import dev.supabaseops.db.Database;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.migrate.flyway.FlywayMigrations;
import dev.supabaseops.migrate.flyway.FlywayPlan;
import dev.supabaseops.migrate.flyway.FlywayResult;

import java.nio.file.Path;

/**
 * Run by {@link FlywayShadedJarIT} in a JVM whose classpath is the shaded jar plus this class:
 * Flyway finds its PostgreSQL support only through {@code META-INF/services} (ServiceLoader), which
 * shading must merge, so a plan and a migrate against PostgreSQL prove the jar is put together right.
 */
public final class FlywayInShadedJarMain {
    private FlywayInShadedJarMain() {
    }

    public static void main(String[] args) {
        Database db = new Database("preprod", DbUrl.parse(args[0], "url"));
        FlywayMigrations fw = FlywayMigrations.configure().database(db).dir(Path.of(args[1])).load();
        FlywayPlan plan = fw.plan();
        FlywayResult result = fw.migrate();
        System.out.println("pending=" + plan.pending().size() + " applied=" + result.applied().size()
                + " target=" + result.targetVersion());
    }
}
