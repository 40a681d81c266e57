package dev.supabaseops.sync;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strips the flags column {@link SourceSide#selectCounting()} appends to every COPY text row and
 * counts its bits, so the rows pass on exactly as the target table expects them. In COPY text
 * format a row ends with '\n' and fields are separated by '\t' (both are escaped inside values),
 * so the last '\t' of a line starts the flags.
 */
final class FlagCounter implements SyncSource.Sink {
    private final SyncSource.Sink next;
    private final List<String> columns;
    private final long[] counts;
    private byte[] line = new byte[1 << 12];
    private int len;
    private long rows;

    FlagCounter(SyncSource.Sink next, List<String> urlColumns) {
        this.next = next;
        this.columns = urlColumns;
        this.counts = new long[2 * urlColumns.size()];
    }

    @Override
    public void write(byte[] b, int off, int n) throws SQLException, IOException {
        for (int i = off; i < off + n; i++) {
            if (len == line.length) {
                line = Arrays.copyOf(line, len * 2);
            }
            line[len++] = b[i];
            if (b[i] == '\n') {
                endOfRow();
            }
        }
    }

    private void endOfRow() throws SQLException, IOException {
        int tab = len - 2;
        long flags = 0;
        for (long unit = 1; tab >= 0 && line[tab] != '\t'; tab--, unit *= 10) {
            flags += (line[tab] - '0') * unit;
        }
        if (tab < 0) {
            throw new IllegalStateException("COPY row without the flags column");
        }
        for (int bit = 0; bit < counts.length; bit++) {
            if ((flags & (1L << bit)) != 0) {
                counts[bit]++;
            }
        }
        line[tab] = '\n';
        next.write(line, 0, tab + 1);
        len = 0;
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Rows holding a signed URL, per column (columns with none left out). */
    Map<String, Long> signed() {
        return counts(0);
    }

    /** Rows whose value was rewritten, per column. */
    Map<String, Long> rewritten() {
        return counts(1);
    }

    private Map<String, Long> counts(int offset) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int j = 0; j < columns.size(); j++) {
            if (counts[2 * j + offset] > 0) {
                out.put(columns.get(j), counts[2 * j + offset]);
            }
        }
        return out;
    }
}
