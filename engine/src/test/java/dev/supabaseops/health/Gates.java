package dev.supabaseops.health;

import dev.supabaseops.config.ConfigLoader;
import dev.supabaseops.config.OpsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Builds gates the way users do: a supabase-ops.yml in a folder plus environment variables. */
final class Gates {
    private Gates() {
    }

    static OpsConfig config(Path dir, String yaml, Map<String, String> variables) {
        try {
            Files.writeString(dir.resolve("supabase-ops.yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(null, dir, variables);
    }

    /** A gate over {@code health.prod} that tries each check once (timeout 0). */
    static HealthGate.Builder once(Path dir, String checksYaml, Map<String, String> variables) {
        return HealthGate.configure().config(config(dir, "health:\n  prod:\n" + checksYaml, variables))
                .environment("prod").timeout(Duration.ZERO).interval(Duration.ofMillis(10));
    }

    static GateResult.CheckResult only(GateResult r) {
        if (r.checks().size() != 1) {
            throw new AssertionError("expected one check, got " + r.checks());
        }
        return r.checks().get(0);
    }

    static GateResult.CheckResult named(GateResult r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.checks()));
    }
}
