package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-object path checks against the straightforward versions they replaced. */
class ObjectPathsTest {
    @TempDir
    Path dir;

    /** The split-based check {@code addressable} used to be. */
    static boolean addressableBySplit(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (String s : key.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** What {@code inside} did for every call before the fast path. */
    static Path insideByNormalizing(Path dir, String relative) {
        Path root = dir.toAbsolutePath().normalize();
        Path p = root.resolve(relative).normalize();
        if (relative.isEmpty() || Path.of(relative).isAbsolute() || !p.startsWith(root) || p.equals(root)) {
            throw OpsException.failed("refusing");
        }
        return p;
    }

    static List<String> names() {
        List<String> out = new ArrayList<>(List.of("", "/", "//", "a", "a/", "/a", "a//b", ".", "..", "...", ".a", "a.", "..a",
                "a/.", "a/..", "./a", "../a", "a/./b", "a/../b", "a/.../b", "a/..b/c", "a/b.", "a\\..\\b", "x/y/z.png",
                "héllo wörld ✓.txt", "a/b/c/d/e", ". /a", " ", "a/ /b", "../../escape.txt", "/etc/passwd", "dir~file"));
        String alphabet = "a./";
        for (int len = 1; len <= 5; len++) { // every string of 'a', '.', '/' up to 5 characters
            int total = (int) Math.pow(alphabet.length(), len);
            for (int i = 0; i < total; i++) {
                StringBuilder b = new StringBuilder();
                for (int k = 0, v = i; k < len; k++, v /= alphabet.length()) {
                    b.append(alphabet.charAt(v % alphabet.length()));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void addressableAgreesWithTheSplitVersion() {
        assertThat(ObjectPaths.addressable(null)).isFalse();
        for (String name : names()) {
            assertThat(ObjectPaths.addressable(name)).as("'%s'", name).isEqualTo(addressableBySplit(name));
        }
    }

    @Test
    void insideRootAgreesWithNormalizingEveryPath() {
        Path root = ObjectPaths.root(dir.resolve("bucket"));
        for (String name : names()) {
            Path expected;
            try {
                expected = insideByNormalizing(dir.resolve("bucket"), name);
            } catch (OpsException e) {
                assertThatThrownBy(() -> ObjectPaths.insideRoot(root, name)).as("'%s'", name)
                        .isInstanceOf(OpsException.class).hasMessageContaining("refusing path");
                assertThatThrownBy(() -> ObjectPaths.inside(dir.resolve("bucket"), name)).isInstanceOf(OpsException.class);
                continue;
            }
            assertThat(ObjectPaths.insideRoot(root, name)).as("'%s'", name).isEqualTo(expected);
            assertThat(ObjectPaths.inside(dir.resolve("bucket"), name)).isEqualTo(expected);
        }
    }

    @Test
    void longAndUnsafeSegmentsAreStillEncoded() {
        String ascii = "a".repeat(255);
        assertThat(ObjectPaths.encode(ascii)).isEqualTo(ascii);
        assertThat(ObjectPaths.encode("a".repeat(256))).hasSizeLessThan(256).contains("~");
        String wide = "✓".repeat(86); // 258 UTF-8 bytes in 86 chars
        assertThat(ObjectPaths.encode(wide)).contains("~");
        assertThat(ObjectPaths.encode("✓".repeat(85))).isEqualTo("✓".repeat(85));
        assertThat(ObjectPaths.encode("a\\b/c\u0001d")).isEqualTo("a%5Cb/c%01d");
        assertThat(ObjectPaths.encode("plain/name.txt")).isEqualTo("plain/name.txt");
    }
}
