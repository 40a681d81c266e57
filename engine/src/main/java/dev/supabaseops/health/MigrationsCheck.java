package dev.supabaseops.health;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** No local migration is pending on the environment (the migrate engine's plan decides what is pending). */
public record MigrationsCheck(String name, Path dir, String dirAsGiven, Duration timeout) implements HealthCheck {

    @Override
    public CheckKind kind() {
        return CheckKind.MIGRATIONS;
    }

    @Override
    public String target() {
        return "no pending migration from " + dirAsGiven;
    }

    @Override
    public boolean needsDatabase() {
        return true;
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        List<String> pending = context.pendingMigrations().pending(context.database(), dir);
        if (pending.isEmpty()) {
            return CheckOutcome.pass("no pending migration");
        }
        return CheckOutcome.fail(pending.size() + (pending.size() == 1 ? " migration is" : " migrations are")
                + " pending: " + Queries.list(pending, 5) + " (run supabase-ops push)");
    }
}
