package dev.supabaseops.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The text report: one row per check (check, kind, status, attempts, duration, last failure), then a verdict. */
public final class GateTable {
    private static final int MAX_REASON = 160;

    private GateTable() {
    }

    public static List<String> lines(GateResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"CHECK", "KIND", "STATUS", "ATTEMPTS", "DURATION", "LAST FAILURE"});
        for (GateResult.CheckResult c : result.checks()) {
            String reason = c.lastFailure() == null ? "" : c.lastFailure();
            if (reason.length() > MAX_REASON) {
                reason = reason.substring(0, MAX_REASON - 1) + "…";
            }
            rows.add(new String[]{c.name(), c.kind(), c.passed() ? "passed" : "FAILED", Integer.toString(c.attempts()),
                    Durations.format(Duration.ofMillis(c.durationMillis())), reason});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                b.append(String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.add((b + r[5]).stripTrailing());
        }
        out.add("");
        out.add(verdict(result));
        return out;
    }

    public static String verdict(GateResult r) {
        String took = Durations.format(Duration.ofMillis(r.durationMillis()));
        return r.passed()
                ? "health gate " + r.environment() + " passed: " + r.checks().size() + "/" + r.checks().size() + " checks in " + took
                : "health gate " + r.environment() + " FAILED: " + r.failedCount() + " of " + r.checks().size()
                + " checks still failing after " + took;
    }
}
