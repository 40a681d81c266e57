package dev.supabaseops.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a dotenv-style file: {@code KEY=VALUE} lines, {@code #} comments, an optional
 * {@code export } prefix and quoted values, as docker compose and dotenv libraries accept them.
 * Values stay in memory for the checks; they are never printed.
 */
final class EnvFile {
    private EnvFile() {
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            vars.put(key, value);
        }
        return vars;
    }

    /** The variables a check reads: the file's when one is given, else the process environment. */
    static Map<String, String> source(Path file, String fileAsGiven, Map<String, String> process) throws EnvFileMissing {
        if (file == null) {
            return process;
        }
        if (!Files.isRegularFile(file)) {
            throw new EnvFileMissing("env file " + fileAsGiven + " not found");
        }
        try {
            return read(file);
        } catch (IOException e) {
            throw new EnvFileMissing("cannot read env file " + fileAsGiven + ": " + e.getMessage());
        }
    }

    static final class EnvFileMissing extends Exception {
        EnvFileMissing(String message) {
            super(message);
        }
    }
}
