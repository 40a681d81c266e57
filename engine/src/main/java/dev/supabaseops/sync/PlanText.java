package dev.supabaseops.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders a {@link SyncPlan} for people: a table of counts, then what needs attention. */
final class PlanText {
    private PlanText() {
    }

    static String render(SyncPlan p) {
        StringBuilder b = new StringBuilder();
        b.append("sync-data plan: ").append(p.source()).append(" → ").append(p.target())
                .append(" (mode ").append(p.mode().name().toLowerCase()).append(", ").append(p.tables().size())
                .append(p.tables().size() == 1 ? " table" : " tables").append(")\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"table", "source", "insert", "update", "delete", "unchanged"});
        for (SyncPlan.TablePlan t : p.tables()) {
            rows.add(new String[]{t.table().toString(), n(t.sourceRows()), n(t.inserts()), n(t.updates()),
                    p.mode() == SyncMode.MIRROR ? n(t.deletes()) : "-", n(t.unchanged())});
        }
        rows.add(new String[]{"total", n(p.tables().stream().mapToLong(SyncPlan.TablePlan::sourceRows).sum()), n(p.inserts()),
                n(p.updates()), p.mode() == SyncMode.MIRROR ? n(p.deletes()) : "-",
                n(p.tables().stream().mapToLong(SyncPlan.TablePlan::unchanged).sum())});
        int[] w = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < 6; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder("  ").append(pad(row[0], w[0], false));
            for (int i = 1; i < 6; i++) {
                line.append("  ").append(pad(row[i], w[i], true));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append('\n').append("write order: ").append(String.join(", ", p.order().stream().map(TableRef::toString).toList()))
                .append(p.mode() == SyncMode.MIRROR ? " (deletes in reverse)" : "").append('\n');
        if (p.rewriteTo() != null) {
            b.append("storage URLs: ").append(String.join(", ", p.rewriteFrom())).append(" → ").append(p.rewriteTo()).append('\n');
            section(b, p, "  rewritten", SyncPlan.TablePlan::urlRewrites);
        }
        boolean signed = p.tables().stream().anyMatch(t -> !t.signedUrls().isEmpty());
        if (signed) {
            b.append("signed storage URLs (not rewritten: their token belongs to the source project; re-sign them in the target):\n");
            section(b, p, "  ", SyncPlan.TablePlan::signedUrls);
        }
        for (SyncPlan.TablePlan t : p.tables()) {
            if (!t.skipped().isEmpty()) {
                b.append("generated columns left to the target: ").append(t.table()).append(" (")
                        .append(String.join(", ", t.skipped())).append(")\n");
            }
            if (!t.ignored().isEmpty()) {
                b.append("source columns missing in the target, ignored: ").append(t.table()).append(" (")
                        .append(String.join(", ", t.ignored())).append(")\n");
            }
        }
        for (String note : p.notes()) {
            b.append("note: ").append(note).append('\n');
        }
        if (p.hasProblems()) {
            b.append("\nPROBLEMS (apply refuses until they are fixed):\n");
            for (SyncPlan.Problem pr : p.problems()) {
                b.append("  - ").append(pr.message());
                if (!pr.examples().isEmpty()) {
                    b.append("; e.g. ").append(String.join(", ", pr.examples()));
                }
                b.append('\n');
            }
        }
        b.append('\n').append(p.changes() == 0 ? "no changes: the target already matches"
                : p.changes() + " row(s) to write: " + p.inserts() + " insert, " + p.updates() + " update, " + p.deletes() + " delete");
        return b.append('\n').toString();
    }

    private interface Counts {
        Map<String, Long> of(SyncPlan.TablePlan t);
    }

    private static void section(StringBuilder b, SyncPlan p, String indent, Counts counts) {
        boolean any = false;
        for (SyncPlan.TablePlan t : p.tables()) {
            for (Map.Entry<String, Long> e : counts.of(t).entrySet()) {
                b.append(indent.isBlank() ? indent : indent + " ").append(t.table()).append('.').append(e.getKey())
                        .append(": ").append(e.getValue()).append(" row(s)\n");
                any = true;
            }
        }
        if (!any && !indent.isBlank()) {
            b.append(indent).append(": none\n");
        }
    }

    private static String n(long v) {
        return String.format(java.util.Locale.ROOT, "%,d", v);
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }
}
