package dev.supabaseops.core;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AmountsTest {
    /** What {@code bytes} printed with {@code String.format} before. */
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
        assertThat(Amounts.bytes(0)).isEqualTo("0 B");
        assertThat(Amounts.bytes(1023)).isEqualTo("1023 B");
        assertThat(Amounts.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Amounts.bytes(655_360_000)).isEqualTo("625.0 MiB");
        assertThat(Amounts.bytes(Long.MAX_VALUE)).isEqualTo(formatted(Long.MAX_VALUE));
        Random r = new Random(42);
        for (int n = 0; n < 40_000; n++) {
            long bytes = n < 20_000 ? n * 53L + 1000 : r.nextLong() >>> r.nextInt(64);
            assertThat(Amounts.bytes(bytes)).isEqualTo(formatted(bytes));
        }
        for (long halfway = 1024 + 51; halfway < 1 << 20; halfway += 102) { // around x.x5 KiB
            assertThat(Amounts.bytes(halfway)).isEqualTo(formatted(halfway));
        }
    }

    @Test
    void countsTakeThePluralUnlessOne() {
        assertThat(Amounts.of(0, "bucket")).isEqualTo("0 buckets");
        assertThat(Amounts.of(1, "bucket")).isEqualTo("1 bucket");
        assertThat(Amounts.of(2010, "object")).isEqualTo("2010 objects");
    }

    @Test
    void progressReadsAsSizesForBytesAndAsCountsOtherwise() {
        assertThat(Amounts.progress(7919, 131_072_000, "bytes")).isEqualTo("7.7 KiB/125.0 MiB (0%)");
        assertThat(Amounts.progress(131_072_000, 131_072_000, "bytes")).isEqualTo("125.0 MiB/125.0 MiB (100%)");
        assertThat(Amounts.progress(12, 200, "rows")).isEqualTo("12/200 rows (6%)");
        assertThat(Amounts.progress(12, -1, "rows")).isEqualTo("12 rows");
        assertThat(Amounts.progress(0, 0, "bytes")).isEqualTo("0 B"); // an unchanged backup downloads nothing
        assertThat(Amounts.progress(5, 4, "files")).isEqualTo("5/4 files (100%)");
    }
}
