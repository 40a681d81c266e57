package dev.supabaseops.migrate.flyway;

import dev.supabaseops.core.OpsException;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns Flyway's multi-line exception texts (banners, "Need more flexibility?" links, the whole
 * statement) into the one line an {@link OpsException} carries: which migration, what is wrong,
 * how to fix it. Every message is redacted by OpsException.
 */
final class FlywayFailures {
    private FlywayFailures() {
    }

    static OpsException translate(FlywayException e, int appliedBefore) {
        OpsException connect = find(e, OpsException.class);
        if (connect != null) {
            return connect; // Database.connect()'s own one-line message, with its hints
        }
        if (e instanceof FlywayMigrateException m) {
            return failedMigration(m, appliedBefore);
        }
        if (e.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return OpsException.failed("flyway: the schema already holds tables but has no flyway_schema_history:"
                    + " run `flyway baseline` against it first (or start from an empty schema)", e);
        }
        return OpsException.failed("flyway: " + meaningfulText(e.getMessage()), e);
    }

    /** "flyway migration V2 (V2__x.sql) failed at line 3: SQLSTATE 42P01: ERROR: … ; rolled back, …" */
    private static OpsException failedMigration(FlywayMigrateException e, int appliedBefore) {
        MigrationInfo m = e.getMigration();
        String which = m == null ? "flyway migration"
                : "flyway migration " + (m.getVersion() == null ? "R" : "V" + m.getVersion().getVersion())
                + " (" + m.getScript() + ")";
        SQLException sql = find(e, SQLException.class);
        FlywaySqlScriptException script = find(e, FlywaySqlScriptException.class);
        int line = script != null ? script.getLineNumber() : e.getLineNumber();
        String what = sql == null ? meaningfulText(e.getMessage())
                : (sql.getSQLState() == null ? "" : "SQLSTATE " + sql.getSQLState() + ": ") + firstLine(sql.getMessage());
        String after = e.isExecutableInTransaction()
                ? "; it was rolled back, " + appliedBefore + " earlier migration(s) of this push stay applied"
                : "; it ran outside a transaction and may be partly applied: check the database, then run `flyway repair`";
        return OpsException.failed(which + " failed" + (line > 0 ? " at line " + line : "") + ": " + what + after, e);
    }

    /** Validation failures, first one spelled out (they usually come alone), the count of the rest. */
    static OpsException validation(ValidateResult v, Path dir) {
        List<ValidateOutput> invalid = v.invalidMigrations == null ? List.of() : v.invalidMigrations;
        if (invalid.isEmpty()) {
            String text = v.errorDetails == null ? v.getAllErrorMessages() : v.errorDetails.errorMessage;
            return OpsException.failed("flyway validation failed: " + meaningfulText(text));
        }
        ValidateOutput first = invalid.get(0);
        String more = invalid.size() > 1 ? " (and " + (invalid.size() - 1) + " more validation error(s))" : "";
        return OpsException.failed(describe(first, dir) + more);
    }

    private static String describe(ValidateOutput o, Path dir) {
        String version = o.version == null || o.version.isEmpty() ? "R" : "V" + o.version;
        String file = script(o.filepath, dir);
        String which = "flyway migration " + version + (file == null || file.isEmpty() ? "" : " (" + file + ")");
        ErrorCode code = o.errorDetails == null ? null : o.errorDetails.errorCode;
        if (code == CoreErrorCode.CHECKSUM_MISMATCH) {
            return which + " was changed after it was applied (checksum mismatch): restore the applied file,"
                    + " or run `flyway repair` if the change is intended";
        }
        if (code == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED
                || code == CoreErrorCode.APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED) {
            return which + " is applied on the database but has no file in " + dir
                    + ": restore the file, or remove it from flyway_schema_history with `flyway repair`";
        }
        if (code == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED) {
            return which + " is older than the schema's current version and was never applied:"
                    + " allow out-of-order migrations to apply it, or give it a newer version";
        }
        if (code == CoreErrorCode.FAILED_VERSIONED_MIGRATION || code == CoreErrorCode.FAILED_REPEATABLE_MIGRATION) {
            return which + " is recorded as failed in flyway_schema_history: fix the database by hand,"
                    + " then run `flyway repair`";
        }
        if (code == CoreErrorCode.DESCRIPTION_MISMATCH || code == CoreErrorCode.TYPE_MISMATCH) {
            return which + " was renamed or retyped after it was applied: restore the applied file name,"
                    + " or run `flyway repair` if the change is intended";
        }
        return which + ": " + meaningfulText(o.errorDetails == null ? "validation failed" : o.errorDetails.errorMessage);
    }

    /** A migration's file relative to the folder (Flyway reports absolute paths on disk). */
    static String script(String filepath, Path dir) {
        if (filepath == null || filepath.isEmpty()) {
            return filepath;
        }
        Path p = Path.of(filepath);
        return p.isAbsolute() && p.startsWith(dir) ? dir.relativize(p).toString() : p.getFileName().toString();
    }

    /** Drops Flyway's banner and advertising lines; OpsException joins the rest into one line. */
    static String meaningfulText(String text) {
        if (text == null || text.isBlank()) {
            return "unknown error";
        }
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.matches("-+") || l.startsWith("Need more flexibility")
                    || l.startsWith("Validate failed: Migrations have failed validation")) {
                continue;
            }
            b.append(b.length() == 0 ? "" : " ").append(l);
        }
        return b.length() == 0 ? firstLine(text) : b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
