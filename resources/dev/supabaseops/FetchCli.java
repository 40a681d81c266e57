import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Fetches the pinned supabase-ops CLI jar into a per-agent cache and prints its path.
 *
 * Run by the shared library as a single source file ({@code java FetchCli.java URL SHA256 [CACHE]}),
 * so the agent needs nothing but the Java that runs the CLI anyway: no curl, no sha256sum, and the
 * same code on Linux, macOS and Windows. The jar is written to a temporary file beside its final
 * name and moved into place only once its sha256 matches, so a cut download never looks cached.
 * URLs: http, https and file (an air-gapped share).
 */
public final class FetchCli {
    private FetchCli() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(fetch(args));
        } catch (Failure e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Path fetch(String[] args) {
        if (args.length < 2) {
            throw fail("usage: java FetchCli.java URL SHA256 [CACHE_DIR]");
        }
        String url = args[0];
        String expected = args[1].trim().toLowerCase(Locale.ROOT);
        Path cache = args.length > 2 && !args[2].isBlank()
                ? Path.of(args[2])
                : Path.of(System.getProperty("user.home"), ".cache", "supabase-ops");
        String name = url.substring(url.lastIndexOf('/') + 1);
        Path jar = cache.resolve(expected.substring(0, Math.min(12, expected.length()))).resolve(name);
        try {
            if (Files.isRegularFile(jar) && sha256(jar).equals(expected)) {
                return jar.toAbsolutePath();
            }
            Files.createDirectories(jar.getParent());
            Path part = Files.createTempFile(jar.getParent(), name, ".part");
            try {
                URLConnection connection = new URL(url).openConnection();
                connection.setConnectTimeout(15_000);
                connection.setReadTimeout(60_000);
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = sha256(part);
                if (!actual.equals(expected)) {
                    throw fail("sha256 of " + url + " is " + actual + ", expected " + expected
                            + " (a different or corrupted file; check SUPABASE_OPS_MAVEN_URL and SUPABASE_OPS_JAR_SHA256)");
                }
                Files.move(part, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            return jar.toAbsolutePath();
        } catch (IOException e) {
            throw fail("cannot fetch " + url + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (an air-gapped Jenkins provides the jar instead: SUPABASE_OPS_JAR or supabase-ops on PATH)");
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Thrown, not System.exit: the finally blocks must delete a partial download. */
    private static Failure fail(String message) {
        return new Failure(message);
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }
}
