package dev.supabaseops.migrate;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges local and remote versions like {@code supabase migration list} (CLI 3.x): local versions in
 * string order (the files' sort), remote versions in the history's {@code ORDER BY version} order as
 * read, both walked together comparing the versions as numbers; non-numeric versions are skipped.
 * Both sides must be in the same (string) order: sorting one numerically pairs {@code 9} against
 * {@code 10} and lists {@code 9} twice, once on each side, when versions differ in length.
 */
final class MigrationListing {
    private MigrationListing() {
    }

    static List<MigrationList.Row> rows(MigrationDirectory.Scan local, List<String> remote) {
        List<String> l = local.files().stream().map(MigrationFile::version).filter(MigrationListing::numeric).toList();
        List<String> r = remote.stream().filter(MigrationListing::numeric).toList();
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
