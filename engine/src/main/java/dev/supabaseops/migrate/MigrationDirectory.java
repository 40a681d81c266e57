package dev.supabaseops.migrate;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds migration files the way the Supabase CLI does ({@code supabase/migrations/<version>_<name>.sql}). */
public final class MigrationDirectory {
    /** The CLI's file pattern. */
    public static final Pattern FILE = Pattern.compile("^([0-9]+)_(.*)\\.sql$");
    // The CLI skips a pre-2021-12-09 "<timestamp>_init.sql" when it is the first entry (old CLI versions).
    private static final Pattern LEGACY_INIT = Pattern.compile("([0-9]{14})_init\\.sql");
    private static final long LEGACY_INIT_BEFORE = 20211209000000L;

    /** What was found: migrations ordered by version string, and files skipped with the reason. */
    public record Scan(Path dir, List<MigrationFile> files, List<String> skipped) {
    }

    private MigrationDirectory() {
    }

    public static Scan scan(Path dir, ProgressListener listener) {
        if (!Files.isDirectory(dir)) {
            throw OpsException.usage("migrations directory " + dir + " does not exist: pass --dir DIR or set migrations.dir in supabase-ops.yml");
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            // The CLI sorts entry names by their UTF-8 bytes; for these ASCII names that is String order.
            entries = s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw OpsException.usage("cannot read migrations directory " + dir + ": " + e.getMessage());
        }
        List<MigrationFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Path p = entries.get(i);
            String name = p.getFileName().toString();
            if (Files.isDirectory(p)) {
                continue;
            }
            if (i == 0) {
                Matcher legacy = LEGACY_INIT.matcher(name);
                if (legacy.find() && Long.parseLong(legacy.group(1)) < LEGACY_INIT_BEFORE) {
                    skip(listener, skipped, name, "replace \"init\" with a different file name to apply this migration");
                    continue;
                }
            }
            Matcher m = FILE.matcher(name);
            if (!m.matches()) {
                skip(listener, skipped, name, "file name must match pattern \"<timestamp>_name.sql\"");
                continue;
            }
            files.add(read(p, m.group(1), m.group(2)));
        }
        files.sort(Comparator.comparing(MigrationFile::version));
        return new Scan(dir, List.copyOf(files), List.copyOf(skipped));
    }

    private static void skip(ProgressListener listener, List<String> skipped, String name, String why) {
        skipped.add(name);
        listener.warn("skipping " + name + " (" + why + ")");
    }

    /**
     * The file's text as the CLI reads it: its file system layer decodes with a WHATWG
     * {@code TextDecoder("utf-8")}, which drops one leading byte order mark and replaces each
     * maximal invalid subpart with U+FFFD. Java's decoder differs on encoded surrogates
     * ({@code ED A0 80}: one U+FFFD where the CLI has three), hence this decoder.
     */
    static String decode(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        StringBuilder out = new StringBuilder(bytes.length);
        int needed = 0;
        int seen = 0;
        int cp = 0;
        int lower = 0x80;
        int upper = 0xBF;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                i++;
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    cp = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                    needed = 2;
                    cp = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                    needed = 3;
                    cp = b & 0x07;
                } else {
                    out.append('\uFFFD');
                }
                continue;
            }
            if (b < lower || b > upper) {
                // the sequence so far is one error; this byte starts afresh (not consumed)
                needed = 0;
                seen = 0;
                cp = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append('\uFFFD');
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            cp = (cp << 6) | (b & 0x3F);
            if (++seen == needed) {
                out.appendCodePoint(cp);
                needed = 0;
                seen = 0;
                cp = 0;
            }
        }
        if (needed != 0) {
            out.append('\uFFFD');
        }
        return out.toString();
    }

    /** In words: NoSuchFileException's message is the path alone (a dangling symbolic link, say). */
    private static String why(Path p, IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return Files.isSymbolicLink(p) ? "it is a symbolic link to a file that does not exist" : "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static MigrationFile read(Path p, String version, String name) {
        String content;
        try {
            content = decode(Files.readAllBytes(p));
        } catch (IOException e) {
            throw OpsException.usage("cannot read migration file " + p + ": " + why(p, e));
        }
        SqlSplitter.ParsedFile parsed = SqlSplitter.parseFile(content);
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        int pos = 0;
        for (SqlSplitter.Token t : parsed.tokens()) {
            int start = t.start();
            while (start < content.length() && SqlSplitter.isJsSpace(content.charAt(start))) {
                start++;
            }
            for (; pos < start && pos < content.length(); pos++) {
                if (content.charAt(pos) == '\n') {
                    line++;
                }
            }
            lines.add(line);
        }
        return new MigrationFile(version, name, p, parsed.statements(), List.copyOf(lines),
                parsed.noTransactionDirective(), content);
    }
}
