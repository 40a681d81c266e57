package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleListenerTest {
    @Test
    void plainLinesShowSizesForBytesAndCountsOtherwiseAtMostEveryFewSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleListener l = new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        l.progress("backup prod: 1/2010 objects, 46.3 MiB/s", 7919, 131_072_000, "bytes");
        l.progress("backup prod: 2/2010 objects, 46.3 MiB/s", 15_000, 131_072_000, "bytes"); // within 5 s: no line
        l.progress("backup prod: 2010/2010 objects, 46.3 MiB/s", 131_072_000, 131_072_000, "bytes");
        l.progress("sync public.settings", 12, -1, "rows"); // within 5 s of the last line, and not finished
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "backup prod: 1/2010 objects, 46.3 MiB/s: 7.7 KiB/125.0 MiB (0%)",
                "backup prod: 2010/2010 objects, 46.3 MiB/s: 125.0 MiB/125.0 MiB (100%)");

        bytes.reset();
        new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false).progress("sync public.settings", 12, -1, "rows");
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("sync public.settings: 12 rows");
    }

    @Test
    void aTerminalGetsOneRedrawnBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleListener l = new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        l.progress("migrations", 3, 12, "files");
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r[######------------------] 3/12 files (25%) migrations\u001b[K");
    }
}
