package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where an object's bytes go inside a backup's bucket folder. Object names are not file paths:
 * they may hold backslashes, control characters, segments longer than a file name may be, or name
 * both a file and a folder ({@code a} and {@code a/b}). Such names are encoded (the metadata keeps
 * the real name, so restore is exact); names with empty, {@code .} or {@code ..} segments are not
 * addressable over HTTP at all (clients collapse them) and are refused before they get here.
 */
final class ObjectPaths {
    private static final int MAX_SEGMENT_BYTES = 255;

    private ObjectPaths() {
    }

    /** True when every '/'-separated segment is non-empty and not '.' or '..'. */
    static boolean addressable(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        // one pass over the characters, no split: this runs for every listed object
        int start = 0;
        int n = key.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || key.charAt(i) == '/') {
                int len = i - start;
                if (len == 0 || len <= 2 && key.charAt(start) == '.' && (len == 1 || key.charAt(start + 1) == '.')) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** Safe relative paths for a bucket's keys, in key order; equal to the key whenever it is safe. */
    static Map<String, String> assign(Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (String key : inKeyOrder(keys)) {
            out.put(key, unique(encode(key), used));
        }
        // A name that is also a folder of another name ('a' and 'a/b') cannot be both on disk.
        Set<String> folders = new HashSet<>();
        for (String file : out.values()) {
            for (int i = file.indexOf('/'); i >= 0; i = file.indexOf('/', i + 1)) {
                folders.add(file.substring(0, i));
            }
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (folders.contains(e.getValue())) {
                used.remove(e.getValue());
                String candidate = e.getValue() + "~file";
                while (folders.contains(candidate)) {
                    candidate += "~";
                }
                e.setValue(unique(candidate, used));
            }
        }
        return out;
    }

    /** The keys sorted, without duplicates. Listings mostly arrive so: checking is cheaper than sorting. */
    private static Collection<String> inKeyOrder(Collection<String> keys) {
        String last = null;
        for (String key : keys) {
            if (last != null && last.compareTo(key) >= 0) {
                return new TreeSet<>(keys);
            }
            last = key;
        }
        return keys;
    }

    private static String unique(String file, Set<String> used) {
        String candidate = file;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = file + "~" + n;
        }
        return candidate;
    }

    static String encode(String key) {
        if (safeAsIs(key)) {
            return key; // almost every name: one pass over its characters, nothing built
        }
        StringBuilder out = new StringBuilder();
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encodeSegment(segments[i]));
        }
        return out.toString();
    }

    /**
     * True when {@link #encode} would return the key unchanged for certain: addressable, no
     * backslash or control character, and every segment short enough in any encoding.
     */
    private static boolean safeAsIs(String key) {
        if (!addressable(key)) {
            return false;
        }
        int segment = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                segment = 0;
            } else if (c == '\\' || c < 0x20 || c == 0x7f || ++segment * 3 > MAX_SEGMENT_BYTES) {
                return false;
            }
        }
        return true;
    }

    private static String encodeSegment(String s) {
        if (s.isEmpty()) {
            return "%2F";
        }
        if (s.equals(".") || s.equals("..")) {
            return s.replace(".", "%2E");
        }
        boolean unsafe = false;
        for (int i = 0; i < s.length() && !unsafe; i++) {
            char c = s.charAt(i);
            unsafe = c == '\\' || c < 0x20 || c == 0x7f;
        }
        String encoded = s;
        if (unsafe) {
            StringBuilder b = new StringBuilder();
            s.codePoints().forEach(c -> {
                if (c == '\\' || c < 0x20 || c == 0x7f || c == '%') {
                    b.append(String.format("%%%02X", c));
                } else {
                    b.appendCodePoint(c);
                }
            });
            encoded = b.toString();
        }
        // a UTF-16 char is at most 3 UTF-8 bytes: short names need no byte count
        if (encoded.length() * 3 > MAX_SEGMENT_BYTES && encoded.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            String hash = java.util.HexFormat.of().formatHex(
                    Hashing.sha256().digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < encoded.length(); ) {
                int cp = encoded.codePointAt(i);
                if (head.toString().getBytes(StandardCharsets.UTF_8).length + 4 > 200) {
                    break;
                }
                head.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            encoded = head + "~" + hash;
        }
        return encoded;
    }

    /** A bucket name used as a folder name: refused (exit 1) if it could point anywhere else. */
    static String bucketFolder(String bucket) {
        if (bucket == null || bucket.isEmpty() || bucket.equals(".") || bucket.equals("..")
                || bucket.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)) {
            throw OpsException.failed("refusing bucket name '" + StorageErrors.printable(String.valueOf(bucket))
                    + "': it cannot be used as a folder name");
        }
        return bucket;
    }

    /** The file for a relative path, refusing anything that would land outside {@code dir}. */
    static Path inside(Path dir, String relative) {
        return insideRoot(root(dir), relative);
    }

    /** {@code dir} as {@link #insideRoot} wants it: absolute and normalized. */
    static Path root(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    /**
     * {@link #inside} for a folder already made absolute and normalized by {@link #root}, for
     * callers that resolve many files below one folder.
     */
    static Path insideRoot(Path root, String relative) {
        if (addressable(relative)) {
            // not absolute (no empty first segment), no '.' or '..': already normal and below root
            return root.resolve(relative);
        }
        Path p = root.resolve(relative).normalize();
        if (relative.isEmpty() || Path.of(relative).isAbsolute() || !p.startsWith(root) || p.equals(root)) {
            throw OpsException.failed("refusing path '" + StorageErrors.printable(relative)
                    + "': it would be written or read outside " + root);
        }
        return p;
    }
}
