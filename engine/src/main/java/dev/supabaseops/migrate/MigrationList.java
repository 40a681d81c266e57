package dev.supabaseops.migrate;

import java.util.List;

/** Local files and remote history side by side, like {@code supabase migration list}. */
public record MigrationList(String environment, String target, List<Row> rows) {
    /** One version: {@code local} or {@code remote} is empty when that side lacks it. */
    public record Row(String local, String remote, String time) {
    }
}
