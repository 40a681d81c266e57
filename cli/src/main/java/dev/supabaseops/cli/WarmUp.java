package dev.supabaseops.cli;

import dev.supabaseops.core.Environments;
import dev.supabaseops.db.DbUrl;
import dev.supabaseops.storage.StorageWarmUp;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.cert.CertificateFactory;
import java.text.NumberFormat;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One-time JDK initialisation that a command's libraries would otherwise do later on the main
 * thread, started on a daemon thread while picocli builds the command line (~0.1 s of a cold JVM),
 * the way Spring Boot's {@code BackgroundPreinitializer} warms Jackson and friends. It only
 * initialises classes the command is about to initialise anyway (class initialisation is
 * thread-safe and happens once), so it changes nothing but when that work is done; a failure is
 * ignored, the main thread then does the same work itself.
 *
 * <p>pgjdbc's first connection (pgjdbc 42.7) parses the server version with a {@code NumberFormat}
 * ({@code ServerVersion}), builds a {@code GregorianCalendar} ({@code TimestampUtils}) and reads the
 * heap size from the memory MXBean ({@code PGPropertyMaxResultBufferParser}): locale and calendar
 * data and the management classes, ~50 ms of a {@code push}'s start here. Done in the background,
 * {@code push --dry-run} started ~30 ms sooner (medians of 14 interleaved runs, twice). A TLS
 * connection (every hosted project: {@code sslmode=require}) costs a cold JVM another ~150 ms; the
 * client's half of a handshake (JSSE's context, a ClientHello with its key share, AES-GCM, HMAC)
 * done here too made a {@code push --dry-run} over TLS start 20–40 ms sooner (medians of 12
 * interleaved runs, three times).
 *
 * <p>The storage commands' JSON calls and downloads go through the JDK's {@code HttpURLConnection}
 * (StorageHttp), which needs no set-up worth moving; OkHttp's, for uploads, happens at the first
 * upload of a run that takes seconds. What a storage run spends its first ~0.3 s on is reading
 * listings and the last backup's metadata in the interpreter, so for them this thread runs that
 * code on made-up objects ({@link StorageWarmUp}) and the JIT has compiled it when the real data
 * arrives: an unchanged backup ~13 ms sooner (paired, 40 interleaved runs, docs/benchmarks.md).
 */
final class WarmUp {
    private static final List<String> DATABASE_COMMANDS = List.of("push", "migrations");
    private static final List<String> STORAGE_COMMANDS = List.of("backup-storage", "restore-storage", "sync-storage");
    private static final Set<String> TLS_MODES = Set.of("require", "verify-ca", "verify-full");

    private WarmUp() {
    }

    static void start(String[] args) {
        Runnable work = work(args, System.getenv());
        if (work != null) {
            Thread t = new Thread(work, "supabase-ops-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** What the warm-up thread does for this command line; null: nothing (no command, or one that needs none). */
    static Runnable work(String[] args, Map<String, String> env) {
        if (args.length == 0) {
            return null;
        }
        if (DATABASE_COMMANDS.contains(args[0])) {
            boolean tls = mayUseTls(args, env);
            return () -> database(tls);
        }
        return STORAGE_COMMANDS.contains(args[0]) ? WarmUp::storage : null;
    }

    private static void storage() {
        try {
            StorageWarmUp.run();
        } catch (Throwable ignored) {
            // the command runs the same code itself
        }
    }

    /**
     * Whether the command's database connection will probably be TLS: the environment's
     * {@code SUPABASE_<ENV>_DB_URL} says so (a host other than loopback defaults to
     * {@code sslmode=require}), or the URL is not in a variable (a configuration file's, which
     * for hosted projects is TLS). A guess only decides what is warmed.
     */
    static boolean mayUseTls(String[] args, Map<String, String> env) {
        String name = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--env") && i + 1 < args.length) {
                name = args[i + 1];
            } else if (args[i].startsWith("--env=")) {
                name = args[i].substring("--env=".length());
            }
        }
        String url = name == null ? null : env.get(Environments.variablePrefix(name) + "DB_URL");
        if (url == null) {
            return true;
        }
        try {
            String mode = DbUrl.parse(url, "warm-up").effective("sslmode");
            return mode != null && TLS_MODES.contains(mode);
        } catch (RuntimeException e) {
            return false; // the command reports the malformed URL itself
        }
    }

    private static void database(boolean tls) {
        try {
            Class.forName("org.postgresql.Driver");
            NumberFormat.getIntegerInstance().format(150_000);
            new GregorianCalendar().getTimeInMillis();
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            if (tls) {
                tlsClientHello();
            }
        } catch (Throwable ignored) {
            // the connection does the same on the main thread
        }
    }

    /**
     * The client's half of a TLS handshake, without a network: empty key and trust managers (no
     * key store is read; nothing is ever trusted or sent), a ClientHello with its key share, and
     * the record cipher and MAC a TLS 1.3 session then uses.
     */
    private static void tlsClientHello() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        SSLEngine engine = context.createSSLEngine("warm-up.invalid", 5432);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, new byte[12]));
        gcm.doFinal(new byte[64]);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        hmac.doFinal(new byte[64]);
        CertificateFactory.getInstance("X.509");
    }
}
