// Fallback server for bench/push.sh when Debian's PostgreSQL binaries are not installed: starts the
// embedded PostgreSQL that the tests use (from the built jar), prints its port, runs until killed.
import dev.supabaseops.local.LocalPostgres;

public class LocalPg {
    public static void main(String[] args) throws Exception {
        LocalPostgres pg = LocalPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        System.out.println(pg.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
