package dev.supabaseops.db;

import dev.supabaseops.testing.Pg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseDriverTest {
    @TempDir
    Path dir;

    /**
     * As in a pipeline step on the Jenkins built-in node: our classes and pgjdbc come from the
     * plugin's class loader, while the thread's context class loader (workflow-step-api's) cannot
     * see pgjdbc, and the JDK's DriverManager, which looks for drivers once per JVM through that
     * loader, has not been used yet. In a JVM of its own, because this one's DriverManager has.
     */
    @Test
    void connectsWhenTheContextClassLoaderCannotSeeTheDriver() throws Exception {
        String url = Pg.newPlainDb();
        String ours = Database.class.getProtectionDomain().getCodeSource().getLocation().toString();
        String pgjdbc = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toString();
        Path probe = Files.writeString(dir.resolve("Probe.java"), """
                import java.net.URL;
                import java.net.URLClassLoader;
                import java.sql.Connection;
                import java.sql.ResultSet;

                public class Probe {
                    public static void main(String[] a) throws Exception {
                        ClassLoader plugin = new URLClassLoader(new URL[] {new URL(a[0]), new URL(a[1])}, ClassLoader.getPlatformClassLoader());
                        Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
                        Class<?> dbUrl = plugin.loadClass("dev.supabaseops.db.DbUrl");
                        Object u = dbUrl.getMethod("parse", String.class, String.class).invoke(null, a[2], "probe");
                        Class<?> database = plugin.loadClass("dev.supabaseops.db.Database");
                        Object db = database.getConstructor(String.class, dbUrl).newInstance("probe", u);
                        try (Connection c = (Connection) database.getMethod("connect").invoke(db);
                             ResultSet rs = c.createStatement().executeQuery("select 41 + 1")) {
                            rs.next();
                            System.out.println("answer " + rs.getInt(1));
                        }
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), probe.toString(), ours, pgjdbc, url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("answer 42");
    }
}
