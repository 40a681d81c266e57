package dev.supabaseops.storage;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TransferProgressTest {
    /** What {@code human} printed with {@code String.format} before. */
    static String formatted(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    @Test
    void humanPrintsWhatStringFormatPrinted() {
        assertThat(TransferProgress.human(0)).isEqualTo("0 B");
        assertThat(TransferProgress.human(1023)).isEqualTo("1023 B");
        assertThat(TransferProgress.human(1024)).isEqualTo("1.0 KiB");
        assertThat(TransferProgress.human(655_360_000)).isEqualTo("625.0 MiB");
        assertThat(TransferProgress.human(Long.MAX_VALUE)).isEqualTo(formatted(Long.MAX_VALUE));
        Random r = new Random(42);
        for (int n = 0; n < 40_000; n++) {
            long bytes = n < 20_000 ? n * 53L + 1000 : r.nextLong() >>> r.nextInt(64);
            assertThat(TransferProgress.human(bytes)).isEqualTo(formatted(bytes));
        }
        for (long halfway = 1024 + 51; halfway < 1 << 20; halfway += 102) { // around x.x5 KiB
            assertThat(TransferProgress.human(halfway)).isEqualTo(formatted(halfway));
        }
    }
}
