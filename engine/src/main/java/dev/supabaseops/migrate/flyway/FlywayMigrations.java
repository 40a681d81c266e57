package dev.supabaseops.migrate.flyway;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.ProgressListener;
import dev.supabaseops.db.Database;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs Flyway itself (flyway-core with its PostgreSQL support) on a folder of
 * {@code V<version>__<description>.sql} / {@code R__<description>.sql} files, for projects whose
 * history lives in Flyway's {@code flyway_schema_history} rather than the Supabase CLI's table.
 *
 * <pre>{@code
 * FlywayMigrations fw = FlywayMigrations.configure().database(db).dir(dir).listener(l).load();
 * FlywayPlan plan = fw.plan();        // dry run: reads the history, writes nothing
 * FlywayResult result = fw.migrate(); // applies the pending migrations
 * }</pre>
 *
 * Both validate first (edited, missing or failed migrations stop the push with one line). Flyway's
 * own defaults otherwise stand, so a team can switch between the Flyway CLI and this tool: history
 * table {@code flyway_schema_history} in the connection's default schema, one transaction per
 * migration, {@code ${placeholder}} replacement on, {@code clean} disabled.
 */
public final class FlywayMigrations {
    /** Flyway's default naming: prefix V (versioned) or R (repeatable), separator "__", suffix .sql. */
    private static final Pattern FLYWAY_NAME = Pattern.compile("(V[0-9][0-9._]*|R)__.+\\.sql");
    private static final Pattern SUPABASE_NAME = Pattern.compile("[0-9]+_.*\\.sql");

    private final Database database;
    private final Path dir;
    private final ProgressListener listener;
    private final Flyway flyway;
    private final List<String> fileWarnings;
    private final Progress progress = new Progress();

    private FlywayMigrations(Builder b) {
        this.database = b.database;
        this.dir = b.dir;
        this.listener = b.listener;
        this.fileWarnings = scanNames(b.dir);
        this.flyway = Flyway.configure(FlywayMigrations.class.getClassLoader())
                .dataSource(new DatabaseDataSource(b.database))
                .locations("filesystem:" + b.dir)
                .loggers(FlywayLog.class.getName())
                .outOfOrder(b.outOfOrder)
                // plan() validates before listing: pending migrations are what it reports, not errors.
                .ignoreMigrationPatterns("*:future", "*:pending")
                .callbacks(progress)
                .load();
    }

    public static Builder configure() {
        return new Builder();
    }

    /** Reads Flyway's history and lists what {@link #migrate()} would run. Writes nothing. */
    public FlywayPlan plan() {
        return run(warnings -> {
            validate();
            MigrationInfoService info = flyway.info();
            List<FlywayPlan.Migration> pending = Arrays.stream(info.pending()).map(this::toPlanned).toList();
            return new FlywayPlan(version(info.current()), appliedCount(info), pending, warnings);
        });
    }

    /**
     * Applies the pending migrations, each in its own transaction. The first failure stops the push:
     * that migration is rolled back, earlier ones stay applied, and the OpsException names it.
     */
    public FlywayResult migrate() {
        return run(warnings -> {
            validate();
            progress.start(flyway.info().pending().length);
            MigrateResult r = flyway.migrate();
            List<FlywayResult.Applied> applied = r.migrations.stream().map(this::toApplied).toList();
            warnings.addAll(r.warnings == null ? List.of() : r.warnings.stream().filter(w -> !warnings.contains(w)).toList());
            String target = r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
            listener.info(applied.isEmpty() ? "flyway: schema is up to date"
                    + (target == null ? "" : " at version " + target)
                    : "flyway: applied " + applied.size() + " migration(s), schema now at version " + target);
            return new FlywayResult(applied, target, warnings);
        });
    }

    public Path dir() {
        return dir;
    }

    public Database database() {
        return database;
    }

    private <T> T run(Function<List<String>, T> action) {
        List<String> warnings = new ArrayList<>(fileWarnings);
        progress.start(0);
        fileWarnings.forEach(listener::warn);
        try {
            return FlywayLog.routed(listener, warnings, () -> action.apply(warnings));
        } catch (OpsException e) {
            throw e;
        } catch (FlywayException e) {
            throw FlywayFailures.translate(e, progress.done);
        }
    }

    private void validate() {
        ValidateResult v = flyway.validateWithResult();
        if (!v.validationSuccessful) {
            throw FlywayFailures.validation(v, dir);
        }
    }

    private FlywayPlan.Migration toPlanned(MigrationInfo m) {
        return new FlywayPlan.Migration(version(m), m.getDescription(), m.getScript(), m.getType().name());
    }

    private FlywayResult.Applied toApplied(MigrateOutput o) {
        String version = o.version == null || o.version.isEmpty() ? null : o.version;
        return new FlywayResult.Applied(version, o.description, FlywayFailures.script(o.filepath, dir), o.executionTime);
    }

    private static String version(MigrationInfo m) {
        return m == null || m.getVersion() == null ? null : m.getVersion().getVersion();
    }

    /** Applied rows, not counting Flyway's synthetic markers (schema creation). */
    private static int appliedCount(MigrationInfoService info) {
        return (int) Arrays.stream(info.applied()).filter(m -> !m.getType().isSynthetic()).count();
    }

    /** Flyway silently skips files it cannot parse; say so, since a skipped migration is a surprise in prod. */
    private static List<String> scanNames(Path dir) {
        List<String> warnings = new ArrayList<>();
        List<String> skipped;
        try (Stream<Path> files = Files.walk(dir)) {
            skipped = files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .filter(p -> p.endsWith(".sql"))
                    .filter(p -> !FLYWAY_NAME.matcher(Path.of(p).getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String s : skipped) {
            warnings.add("skipping " + s + ": Flyway runs V<version>__<description>.sql and R__<description>.sql files only");
        }
        if (!skipped.isEmpty() && skipped.stream().allMatch(s -> SUPABASE_NAME.matcher(Path.of(s).getFileName().toString()).matches())) {
            warnings.add(dir + " holds Supabase CLI migrations (<timestamp>_<name>.sql): push them without --flyway"
                    + " (migrations.tool: supabase)");
        }
        return warnings;
    }

    /**
     * Reports each migration as Flyway starts it and counts the committed ones (Flyway runs
     * callbacks on the calling thread; an instance runs one operation at a time).
     */
    private final class Progress implements Callback {
        private int done;
        private int total;

        void start(int pendingCount) {
            done = 0;
            total = pendingCount;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                listener.info("flyway: applying " + toPlanned(context.getMigrationInfo()).label());
            } else {
                done++;
                listener.progress("flyway migrate", done, total, "migrations");
            }
        }

        @Override
        public String getCallbackName() {
            return "supabase-ops progress";
        }
    }

    /** Settings for {@link FlywayMigrations}; {@link #load()} checks them before anything connects. */
    public static final class Builder {
        private Database database;
        private Path dir;
        private ProgressListener listener = ProgressListener.NONE;
        private boolean outOfOrder;

        private Builder() {
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        /** The folder of {@code V<version>__<description>.sql} files (searched recursively, as Flyway does). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder listener(ProgressListener listener) {
            this.listener = listener == null ? ProgressListener.NONE : listener;
            return this;
        }

        /**
         * Whether pending migrations older than the schema's current version run (Flyway's
         * {@code outOfOrder}); when false (the default) such a file stops the push.
         */
        public Builder outOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
            return this;
        }

        /** @throws OpsException usage (exit 2) when the folder does not exist or is not a folder */
        public FlywayMigrations load() {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(dir, "dir");
            dir = dir.toAbsolutePath().normalize();
            if (!Files.exists(dir)) {
                throw OpsException.usage("migrations folder " + dir + " does not exist: create it, or point"
                        + " migrations.dir (or --dir) at the folder holding your V<version>__<description>.sql files");
            }
            if (!Files.isDirectory(dir)) {
                throw OpsException.usage("migrations folder " + dir + " is not a folder: point migrations.dir (or --dir)"
                        + " at the folder holding your V<version>__<description>.sql files");
            }
            return new FlywayMigrations(this);
        }
    }
}
