package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of {@code base * 2^(n-1)}
 * (capped), so parallel workers hitting the same 429 do not come back in lockstep; a server's
 * {@code Retry-After} is honoured as a floor (capped at two minutes).
 */
record RetryPolicy(int maxAttempts, Duration base, Duration max) {
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

    Duration delay(int attempt, Duration retryAfter) {
        long cap = max.toMillis();
        long exp = Math.min(cap, base.toMillis() * (1L << Math.min(20, attempt - 1)));
        long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        if (retryAfter != null) {
            long floor = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
            jittered = Math.max(jittered, floor);
        }
        return Duration.ofMillis(jittered);
    }

    void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted while waiting to retry");
        }
    }
}
