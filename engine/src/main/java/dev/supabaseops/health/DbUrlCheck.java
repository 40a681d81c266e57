package dev.supabaseops.health;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.db.DbUrl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A runtime service's database URL (read from a variable) goes through the transaction pooler
 * with TLS. Serverless and horizontally scaled services exhaust Postgres connections on a direct
 * (5432) connection; Supabase's connection guide sends them to Supavisor's transaction mode on
 * port 6543. {@code sslmode} must be in the URL itself: the runtime's driver, not this tool,
 * connects with it, and libpq's default ({@code prefer}) silently falls back to plain text.
 *
 * @param port      the port the URL must use (default 6543)
 * @param sslModes  accepted {@code sslmode} values
 */
public record DbUrlCheck(String name, String variable, Path file, String fileAsGiven, int port, Set<String> sslModes,
                         Duration timeout) implements HealthCheck {
    public static final Set<String> DEFAULT_SSL_MODES = Set.of("require", "verify-ca", "verify-full");

    public DbUrlCheck {
        sslModes = Set.copyOf(sslModes);
    }

    @Override
    public CheckKind kind() {
        return CheckKind.DBURL;
    }

    @Override
    public String target() {
        return variable + (file == null ? "" : " in " + fileAsGiven) + " uses port " + port + " and sslmode "
                + String.join("|", sslModes.stream().sorted().toList());
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        Map<String, String> vars;
        try {
            vars = EnvFile.source(file, fileAsGiven, context.variables());
        } catch (EnvFile.EnvFileMissing e) {
            return CheckOutcome.fail(e.getMessage());
        }
        String value = vars.get(variable);
        if (value == null || value.isBlank()) {
            return CheckOutcome.fail(variable + " is not set");
        }
        DbUrl url;
        try {
            url = DbUrl.parse(value, variable); // registers the password as a secret; errors never echo the value
        } catch (OpsException e) {
            return CheckOutcome.fail(e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        if (url.port() != port) {
            if (url.port() == 5432 && url.isDirectSupabaseHost()) {
                problems.add("it is a direct connection (" + url.host() + ":5432): use the transaction pooler, port " + port);
            } else if (url.port() == 5432) {
                problems.add("it uses port 5432 (a direct or session-mode connection): use the transaction pooler, port " + port);
            } else {
                problems.add("it uses port " + url.port() + ", expected " + port);
            }
        }
        String ssl = url.params().get("sslmode");
        if (ssl == null) {
            problems.add("it has no sslmode: add ?sslmode=require");
        } else if (!sslModes.contains(ssl.toLowerCase(Locale.ROOT))) {
            problems.add("sslmode=" + ssl + ", expected " + String.join(" or ", sslModes.stream().sorted().toList()));
        }
        if (!problems.isEmpty()) {
            return CheckOutcome.fail(variable + " (" + url + "): " + String.join("; ", problems));
        }
        return CheckOutcome.pass(url + ", sslmode=" + ssl);
    }
}
