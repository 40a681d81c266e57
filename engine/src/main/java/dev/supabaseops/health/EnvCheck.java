package dev.supabaseops.health;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Required and forbidden variables, from the process environment or an env file. Only names are
 * ever reported, never values.
 *
 * @param file       the env file, or null for the process environment
 * @param required   must be set and non-empty
 * @param forbidden  must not be set (an empty value counts as not set)
 */
public record EnvCheck(String name, Path file, String fileAsGiven, List<String> required, List<String> forbidden,
                       Duration timeout) implements HealthCheck {

    public EnvCheck {
        required = List.copyOf(required);
        forbidden = List.copyOf(forbidden);
    }

    @Override
    public CheckKind kind() {
        return CheckKind.ENV;
    }

    @Override
    public String target() {
        List<String> parts = new ArrayList<>();
        if (!required.isEmpty()) {
            parts.add("required: " + String.join(", ", required));
        }
        if (!forbidden.isEmpty()) {
            parts.add("forbidden: " + String.join(", ", forbidden));
        }
        return (file == null ? "process environment" : fileAsGiven) + " (" + String.join("; ", parts) + ")";
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        Map<String, String> vars;
        try {
            vars = EnvFile.source(file, fileAsGiven, context.variables());
        } catch (EnvFile.EnvFileMissing e) {
            return CheckOutcome.fail(e.getMessage());
        }
        List<String> missing = required.stream().filter(k -> !isSet(vars, k)).toList();
        List<String> present = forbidden.stream().filter(k -> isSet(vars, k)).toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        if (!present.isEmpty()) {
            problems.add("forbidden but set: " + String.join(", ", present));
        }
        return problems.isEmpty() ? CheckOutcome.pass((required.size() + forbidden.size()) + " variables as expected")
                : CheckOutcome.fail(String.join("; ", problems));
    }

    private static boolean isSet(Map<String, String> vars, String key) {
        String v = vars.get(key);
        return v != null && !v.isBlank();
    }
}
