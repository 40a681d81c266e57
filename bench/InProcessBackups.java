import dev.supabaseops.cli.Main;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * bench/storage.sh's in-process part: a full backup, then the same backup with nothing changed, both
 * in this one JVM, the way the plugin's step runs the engine inside an agent's long-lived JVM.
 * Usage: java -cp supabase-ops.jar bench/InProcessBackups.java OUT_DIR LOG_FILE (environment: as for the CLI).
 */
public class InProcessBackups {
    public static void main(String[] a) throws Exception {
        String[] args = {"backup-storage", "--env", "bench", "--parallel", "4", "--buckets", "small,large", "--out", a[0]};
        try (PrintStream log = new PrintStream(new FileOutputStream(a[1], true), true, StandardCharsets.UTF_8)) {
            Path here = Path.of("").toAbsolutePath();
            long t0 = System.nanoTime();
            int first = Main.run(args, System.getenv(), here, log, log);
            long t1 = System.nanoTime();
            Thread.sleep(1_000); // backup folders are named to the second
            long t2 = System.nanoTime();
            int second = Main.run(args, System.getenv(), here, log, log);
            long t3 = System.nanoTime();
            if (first != 0 || second != 0) {
                System.err.println("in-process backups failed (exit " + first + ", " + second + "); see " + a[1]);
                System.exit(1);
            }
            System.out.printf("%.2f %.2f%n", (t1 - t0) / 1e9, (t3 - t2) / 1e9);
        }
    }
}
