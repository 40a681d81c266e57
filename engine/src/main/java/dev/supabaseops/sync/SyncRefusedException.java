package dev.supabaseops.sync;

import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;

/** Apply refused before writing because the plan has problems (exit 3); carries the plan to show. */
public final class SyncRefusedException extends OpsException {
    private final transient SyncPlan plan;

    SyncRefusedException(SyncPlan plan) {
        super(ExitCode.REFUSED, plan.problems().size() + " problem(s) block the sync, nothing was written: "
                + plan.problems().get(0).message() + (plan.problems().size() > 1 ? " (and more: see the plan)" : ""));
        this.plan = plan;
    }

    public SyncPlan plan() {
        return plan;
    }
}
