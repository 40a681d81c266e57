package dev.supabaseops.health;

import java.util.List;

/**
 * What a gate will check, after validation and before anything runs (the dry run).
 *
 * @param timeoutMillis  how long failing checks are retried
 * @param intervalMillis the pause between attempts
 */
public record HealthPlan(String environment, long timeoutMillis, long intervalMillis, List<PlannedCheck> checks) {
    public HealthPlan {
        checks = List.copyOf(checks);
    }

    /** @param target what the check looks at; never holds a secret */
    public record PlannedCheck(String name, String kind, String target) {
    }
}
