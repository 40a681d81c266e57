package dev.supabaseops.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry window, proven on a clock that only moves when the gate sleeps: how many attempts,
 * how long each pause, and that the gate neither stops early nor sleeps past the deadline.
 * The checks are real (an env file the "deployment" writes between attempts).
 */
class GateRetryTest {
    @TempDir
    Path dir;

    /** Fake time; {@code onSleep} sees the 1-based number of each pause, after time moved. */
    static final class StepClock implements GateClock {
        long now = 1_000_000_000L;
        final List<Duration> sleeps = new ArrayList<>();
        IntConsumer onSleep = n -> { };

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            sleeps.add(d);
            now += d.toNanos();
            onSleep.accept(sleeps.size());
        }
    }

    private void writeEnv(String content) {
        try {
            Files.writeString(dir.resolve(".env.production"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HealthGate gate(StepClock clock, Duration timeout, Duration interval) {
        return Gates.once(dir, "    - { name: worker-env, env: { file: .env.production, required: [SUPABASE_URL] } }\n", Map.of())
                .clock(clock).timeout(timeout).interval(interval).load();
    }

    @Test
    void passesAsSoonAsTheCheckPassesAndStopsThere() {
        writeEnv("OTHER=1\n");
        StepClock clock = new StepClock();
        clock.onSleep = n -> {
            if (n == 2) {
                writeEnv("SUPABASE_URL=https://abcd.supabase.co\n");
            }
        };
        GateResult r = gate(clock, Duration.ofMinutes(5), Duration.ofSeconds(10)).run();
        assertThat(r.passed()).isTrue();
        GateResult.CheckResult c = Gates.only(r);
        assertThat(c.attempts()).isEqualTo(3);
        assertThat(c.lastFailure()).isEqualTo("missing SUPABASE_URL");
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(r.durationMillis()).isEqualTo(20_000);
        assertThat(c.durationMillis()).isEqualTo(20_000);
    }

    @Test
    void neverSleepsPastTheDeadlineAndTriesOnceMoreAtIt() {
        writeEnv("OTHER=1\n");
        StepClock clock = new StepClock();
        GateResult r = gate(clock, Duration.ofSeconds(25), Duration.ofSeconds(10)).run();
        assertThat(r.passed()).isFalse();
        // attempts at 0 s, 10 s, 20 s and at the deadline (25 s): the last pause is cut to 5 s
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(Gates.only(r).attempts()).isEqualTo(4);
        assertThat(r.durationMillis()).isEqualTo(25_000);
    }

    @Test
    void aCheckThatBecomesHealthyAtTheLastAttemptPasses() {
        writeEnv("");
        StepClock clock = new StepClock();
        clock.onSleep = n -> {
            if (n == 3) { // the pause that ends exactly at the deadline
                writeEnv("SUPABASE_URL=x\n");
            }
        };
        GateResult r = gate(clock, Duration.ofSeconds(25), Duration.ofSeconds(10)).run();
        assertThat(r.passed()).isTrue();
        assertThat(Gates.only(r).attempts()).isEqualTo(4);
    }

    @Test
    void zeroTimeoutMeansOneAttemptAndNoSleep() {
        writeEnv("");
        StepClock clock = new StepClock();
        GateResult r = gate(clock, Duration.ZERO, Duration.ofSeconds(10)).run();
        assertThat(r.passed()).isFalse();
        assertThat(clock.sleeps).isEmpty();
        assertThat(Gates.only(r).attempts()).isEqualTo(1);
    }

    @Test
    void passedChecksAreNotRetriedWhileOthersAre() throws IOException {
        writeEnv("A=1\n");
        StepClock clock = new StepClock();
        clock.onSleep = n -> {
            if (n == 1) {
                writeEnv("A=1\nB=2\n");
            }
        };
        GateResult r = Gates.once(dir, "    - { name: a, env: { file: .env.production, required: [A] } }\n"
                        + "    - { name: b, env: { file: .env.production, required: [B] } }\n", Map.of())
                .clock(clock).timeout(Duration.ofMinutes(1)).interval(Duration.ofSeconds(3)).load().run();
        assertThat(r.passed()).isTrue();
        assertThat(Gates.named(r, "a").attempts()).isEqualTo(1);
        assertThat(Gates.named(r, "a").durationMillis()).isZero();
        assertThat(Gates.named(r, "b").attempts()).isEqualTo(2);
        assertThat(Gates.named(r, "b").durationMillis()).isEqualTo(3_000);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void progressLinesNameFailingChecksAndTheWait() {
        writeEnv("");
        StepClock clock = new StepClock();
        List<String> lines = new ArrayList<>();
        Gates.once(dir, "    - { name: worker-env, env: { file: .env.production, required: [SUPABASE_URL] } }\n", Map.of())
                .clock(clock).timeout(Duration.ofSeconds(15)).interval(Duration.ofSeconds(10))
                .listener(new dev.supabaseops.core.ProgressListener() {
                    @Override
                    public void info(String message) {
                        lines.add(message);
                    }

                    @Override
                    public void warn(String message) {
                        lines.add(message);
                    }
                }).load().run();
        assertThat(lines).contains("attempt 1: 0/1 passed; failing: worker-env (missing SUPABASE_URL); next attempt in 10.0s, 15.0s left",
                "attempt 2: 0/1 passed; failing: worker-env (missing SUPABASE_URL); next attempt in 5.0s, 5.0s left");
    }
}
