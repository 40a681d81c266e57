package dev.supabaseops.health;

import java.time.Duration;

/**
 * Time as the gate sees it. Injectable so tests prove the retry window (attempts, waits, the
 * deadline) without sleeping through it.
 */
public interface GateClock {
    GateClock SYSTEM = new GateClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    /** A monotonic reading, like {@link System#nanoTime()}. */
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
