package dev.supabaseops.migrate;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Merges local and remote versions like {@code supabase migration list} (numeric order, non-numeric skipped). */
final class MigrationListing {
    private MigrationListing() {
    }

    static List<MigrationList.Row> rows(MigrationDirectory.Scan local, List<String> remote) {
        List<String> l = local.files().stream().map(MigrationFile::version).filter(MigrationListing::numeric).toList();
        List<String> r = remote.stream().filter(MigrationListing::numeric).sorted((a, b) -> new BigInteger(a).compareTo(new BigInteger(b))).toList();
        List<MigrationList.Row> rows = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < r.size() || j < l.size()) {
            int cmp = i >= r.size() ? 1 : j >= l.size() ? -1 : new BigInteger(r.get(i)).compareTo(new BigInteger(l.get(j)));
            if (cmp > 0) {
                rows.add(new MigrationList.Row(l.get(j), "", time(l.get(j))));
                j++;
            } else if (cmp < 0) {
                rows.add(new MigrationList.Row("", r.get(i), time(r.get(i))));
                i++;
            } else {
                rows.add(new MigrationList.Row(l.get(j), r.get(i), time(r.get(i))));
                i++;
                j++;
            }
        }
        return List.copyOf(rows);
    }

    private static boolean numeric(String v) {
        return v.matches("[+-]?\\d+") && new BigInteger(v).bitLength() < 64;
    }

    /** {@code YYYYMMDDHHMMSS} → {@code YYYY-MM-DD HH:MM:SS}; anything else as is. */
    static String time(String version) {
        if (!version.matches("\\d{14}")) {
            return version;
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(version.substring(0, 4)), Integer.parseInt(version.substring(4, 6)),
                    Integer.parseInt(version.substring(6, 8)), Integer.parseInt(version.substring(8, 10)),
                    Integer.parseInt(version.substring(10, 12)), Integer.parseInt(version.substring(12, 14)));
            return String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                    t.getHour(), t.getMinute(), t.getSecond());
        } catch (DateTimeException e) {
            return version;
        }
    }
}
