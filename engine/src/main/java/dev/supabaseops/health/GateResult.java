package dev.supabaseops.health;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of a gate run. All texts are redacted.
 *
 * @param passed         every check passed within the window
 * @param startedAt      wall-clock start, for reports (JUnit timestamp)
 * @param durationMillis from the first attempt to the end of the run
 */
public record GateResult(String environment, boolean passed, Instant startedAt, long durationMillis,
                         long timeoutMillis, List<CheckResult> checks) {
    public GateResult {
        checks = List.copyOf(checks);
    }

    public long failedCount() {
        return checks.stream().filter(c -> !c.passed()).count();
    }

    public long passedCount() {
        return checks.size() - failedCount();
    }

    /**
     * One check's outcome.
     *
     * @param attempts       attempts made (at least 1)
     * @param durationMillis from the gate's start until the check passed, or until its last attempt ended
     * @param lastFailure    reason of the latest failed attempt, or null if none failed
     * @param detail         what the latest attempt saw ("HTTP 200", or the failure reason)
     */
    public record CheckResult(String name, String kind, String target, boolean passed, int attempts,
                              long durationMillis, String lastFailure, String detail) {
    }
}
