package dev.supabaseops.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.db.Database;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The health gate: checks that must pass before (or after) a promotion. Configure, {@link
 * Builder#load() load} (parses and validates every check: exit 2 before anything runs), then
 * {@link #plan()} (dry run) or {@link #run()}.
 *
 * <p>All checks run concurrently; failing ones are retried every interval until the timeout. A
 * check passes as soon as one attempt passes, the run stops as soon as all have passed, and the
 * pause before the last attempt is cut so that it happens at the deadline, never after it.
 */
public final class HealthGate {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Upper bound of {@code --timeout} and {@code --interval}: a gate that waits longer is a mistake. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    /** Grace on top of a check's own timeout before the gate gives up waiting for an attempt. */
    private static final Duration ATTEMPT_GRACE = Duration.ofSeconds(30);

    private final String environment;
    private final List<HealthCheck> checks;
    private final Duration timeout;
    private final Duration interval;
    private final GateClock clock;
    private final ProgressListener listener;
    private final Database database;
    private final PendingMigrations pendingMigrations;
    private final Map<String, String> variables;

    private HealthGate(Builder b, List<HealthCheck> checks, Database database) {
        this.environment = b.environment;
        this.checks = checks;
        this.timeout = b.timeout;
        this.interval = b.interval;
        this.clock = b.clock;
        this.listener = b.listener;
        this.database = database;
        this.pendingMigrations = b.pendingMigrations;
        this.variables = Map.copyOf(b.config.variables());
    }

    public static Builder configure() {
        return new Builder();
    }

    public List<HealthCheck> checks() {
        return checks;
    }

    public HealthPlan plan() {
        return new HealthPlan(environment, timeout.toMillis(), interval.toMillis(), checks.stream()
                .map(c -> new HealthPlan.PlannedCheck(c.name(), c.kind().key(), CheckOutcome.clean(c.target())))
                .toList());
    }

    /** Runs the checks until all pass or the timeout is reached. Failed checks are in the result, not thrown. */
    public GateResult run() {
        Instant startedAt = Instant.now();
        long start = clock.nanoTime();
        long deadline = start + timeout.toNanos();
        int n = checks.size();
        int[] attempts = new int[n];
        boolean[] passed = new boolean[n];
        long[] endedAt = new long[n];
        String[] lastFailure = new String[n];
        String[] detail = new String[n];
        listener.info("health gate " + environment + ": " + n + (n == 1 ? " check" : " checks") + (timeout.isZero()
                ? ", one attempt each (timeout 0)"
                : ", failing ones retried every " + Durations.format(interval) + " for up to " + Durations.format(timeout)));
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 8), r -> {
            Thread t = new Thread(r, "health-check-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // A fresh connection per attempt: a health check should see what a new client sees (a
        // pooled keep-alive connection may stick to an old instance or be closed by the server), and
        // one attempt is one request: OkHttp's silent retry on connection failure is off.
        OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .connectionPool(new okhttp3.ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
        CheckContext context = new CheckContext(http, database, variables, pendingMigrations);
        try {
            for (int round = 1; ; round++) {
                List<Integer> todo = new ArrayList<>();
                List<Future<CheckOutcome>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!passed[i]) {
                        HealthCheck check = checks.get(i);
                        todo.add(i);
                        futures.add(pool.submit(() -> attempt(check, context)));
                    }
                }
                for (int k = 0; k < todo.size(); k++) {
                    int i = todo.get(k);
                    CheckOutcome outcome = await(futures.get(k), checks.get(i));
                    attempts[i]++;
                    endedAt[i] = clock.nanoTime();
                    detail[i] = outcome.detail();
                    if (outcome.passed()) {
                        passed[i] = true;
                        listener.info("passed: " + checks.get(i).name() + " (attempt " + attempts[i] + ", " + outcome.detail() + ")");
                    } else {
                        lastFailure[i] = outcome.detail();
                    }
                }
                List<String> failing = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!passed[i]) {
                        String why = lastFailure[i].length() > 100 ? lastFailure[i].substring(0, 99) + "…" : lastFailure[i];
                        failing.add(checks.get(i).name() + " (" + why + ")"); // the full reason is in the report
                    }
                }
                long left = deadline - clock.nanoTime();
                if (failing.isEmpty() || left <= 0) {
                    break;
                }
                Duration pause = Duration.ofNanos(Math.min(interval.toNanos(), left));
                listener.info("attempt " + round + ": " + (n - failing.size()) + "/" + n + " passed; failing: "
                        + String.join(", ", failing) + "; next attempt in " + Durations.format(pause)
                        + ", " + Durations.format(Duration.ofNanos(left)) + " left");
                clock.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("health gate interrupted (build aborted?)");
        } finally {
            pool.shutdownNow();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        long end = clock.nanoTime();
        List<GateResult.CheckResult> results = new ArrayList<>();
        boolean all = true;
        for (int i = 0; i < n; i++) {
            HealthCheck c = checks.get(i);
            all &= passed[i];
            results.add(new GateResult.CheckResult(c.name(), c.kind().key(), CheckOutcome.clean(c.target()), passed[i],
                    attempts[i], millis(endedAt[i] - start), lastFailure[i], detail[i]));
        }
        return new GateResult(environment, all, startedAt, millis(end - start), timeout.toMillis(), results);
    }

    private static long millis(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    /** One attempt; anything a check throws is a failed attempt with a redacted reason, never a crash of the gate. */
    private static CheckOutcome attempt(HealthCheck check, CheckContext context) {
        try {
            return check.attempt(context);
        } catch (OpsException e) {
            return CheckOutcome.fail(e.getMessage());
        } catch (RuntimeException e) {
            return CheckOutcome.fail("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static CheckOutcome await(Future<CheckOutcome> future, HealthCheck check) throws InterruptedException {
        Duration bound = check.timeout().plus(ATTEMPT_GRACE);
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CheckOutcome.fail("the attempt did not finish within " + Durations.format(bound));
        } catch (ExecutionException e) {
            return CheckOutcome.fail("unexpected " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        }
    }

    /** {@code HealthGate.configure().config(cfg).environment("prod").load()}. */
    public static final class Builder {
        private OpsConfig config;
        private String environment;
        private JsonNode checks;
        private String checksSource;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration interval = DEFAULT_INTERVAL;
        private GateClock clock = GateClock.SYSTEM;
        private ProgressListener listener = ProgressListener.NONE;
        private PendingMigrations pendingMigrations;

        private Builder() {
        }

        /** Variables, base folder, {@code health.<env>} lists and the environment's database. */
        public Builder config(OpsConfig config) {
            this.config = config;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Checks to run instead of {@code health.<env>}: a list in the configuration's shape.
         *
         * @param source names the list in error messages, e.g. "flags"
         */
        public Builder checks(JsonNode checks, String source) {
            this.checks = checks;
            this.checksSource = source;
            return this;
        }

        /**
         * Checks given as flags or step arguments: when there is at least one, they replace {@code health.<env>}
         * (as {@link #checks}); when there is none, the configured checks run.
         */
        public Builder flagChecks(FlagChecks flags, String source) {
            JsonNode list = flags.toChecks();
            return list.isEmpty() ? this : checks(list, source);
        }

        /** How long failing checks are retried; zero means one attempt each. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder clock(GateClock clock) {
            this.clock = clock;
            return this;
        }

        public Builder listener(ProgressListener listener) {
            this.listener = listener;
            return this;
        }

        /** Needed only when a {@code migrations} check is configured. */
        public Builder pendingMigrations(PendingMigrations pendingMigrations) {
            this.pendingMigrations = pendingMigrations;
            return this;
        }

        /** Parses and validates every check; any problem is an exit-2 {@link OpsException} naming the check. */
        public HealthGate load() {
            if (config == null) {
                throw new IllegalStateException("config(...) is required");
            }
            if (environment == null || environment.isBlank()) {
                throw OpsException.usage("no environment given: pass --env NAME");
            }
            if (timeout == null || timeout.isNegative()) {
                throw OpsException.usage("--timeout must be 0 or more");
            }
            if (timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw OpsException.usage("--timeout must be at most 24h");
            }
            if (interval == null || interval.isZero() || interval.isNegative()) {
                throw OpsException.usage("--interval must be more than 0");
            }
            if (interval.compareTo(MAX_TIMEOUT) > 0) {
                throw OpsException.usage("--interval must be at most 24h");
            }
            JsonNode list = checks;
            String source = checksSource;
            if (list == null) {
                list = config.health().get(environment);
                source = "health." + environment;
            }
            String file = config.source() == null ? "supabase-ops.yml" : config.source().getFileName().toString();
            if (list == null || list.isEmpty()) {
                throw OpsException.usage("no health checks for environment '" + environment + "': add a health."
                        + environment + " list to " + file + " or pass checks as flags (--http, --sql, --rls, …)");
            }
            if (pendingMigrations == null) {
                pendingMigrations = PendingMigrations.fromPushEngine(config.migrations().tool());
            }
            Supplier<EnvironmentConfig> env = memoize(() -> config.environment(environment));
            CheckParser.Context context = new CheckParser.Context(config.variables(), config.baseDir(),
                    () -> env.get().requireApiUrl(), config.migrations().dir());
            List<HealthCheck> parsed = CheckParser.parse(list, source, context);
            Database database = parsed.stream().anyMatch(HealthCheck::needsDatabase) ? env.get().database() : null;
            return new HealthGate(this, parsed, database);
        }

        private static <T> Supplier<T> memoize(Supplier<T> s) {
            return new Supplier<>() {
                private T value;

                @Override
                public synchronized T get() {
                    if (value == null) {
                        value = s.get();
                    }
                    return value;
                }
            };
        }
    }
}
