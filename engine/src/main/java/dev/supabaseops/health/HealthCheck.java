package dev.supabaseops.health;

import java.time.Duration;

/**
 * One check of the gate, already parsed and validated. An attempt never throws for an expected
 * failure: it returns {@link CheckOutcome#fail} with the reason; the gate retries it.
 */
public sealed interface HealthCheck
        permits HttpCheck, SqlCheck, MigrationsCheck, RlsCheck, PrivilegesCheck, EnvCheck, DbUrlCheck {

    /** Shown in every report; unique within a gate. */
    String name();

    CheckKind kind();

    /** What the check looks at, for plans and reports. Never holds a secret (header values are not shown). */
    String target();

    /** Bound on one attempt (HTTP call, query). */
    Duration timeout();

    default boolean needsDatabase() {
        return false;
    }

    CheckOutcome attempt(CheckContext context);
}
