package dev.supabaseops.migrate;

/**
 * A file's opt-out of one rule ({@code -- supabase-ops: allow <rule> <reason>}).
 *
 * @param covered how many findings of that rule in the file it waived
 */
public record LintWaiver(String file, int line, String rule, String reason, int covered) {
    @Override
    public String toString() {
        return file + ":" + line + " allows " + rule + " (" + reason + ")" + (covered == 0 ? " — unused" : "");
    }
}
