package dev.supabaseops.sync;

import dev.supabaseops.config.EnvironmentConfig;
import dev.supabaseops.config.OpsConfig;
import dev.supabaseops.config.SyncConfig;
import dev.supabaseops.core.ProgressListener;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code sync-data} as front ends (CLI command, Jenkins step) run it: the {@code sync:} settings applied to
 * the user's options. The front ends check their own argument combinations and resolve the environments
 * (their messages name their own flags); building the {@link DataSync} from them lives here once.
 */
public final class SyncDataRun {
    private SyncDataRun() {
    }

    /**
     * The user's options.
     *
     * @param tables              null = {@code sync.tables}; names are stripped and blanks dropped
     * @param mode                null = upsert
     * @param disableUserTriggers disable the target tables' user triggers during the write
     * @param rewriteUrls         rewrite storage URLs to the target's (only when {@code sync.rewriteUrls} is on too)
     * @param confirm             the target's name again, required when it is protected
     */
    public record Request(List<String> tables, SyncMode mode, boolean ignoreMissingColumns, boolean disableUserTriggers,
                          boolean rewriteUrls, String confirm) {
    }

    /** The tables a request names, else {@code sync.tables}. */
    public static List<String> tables(OpsConfig config, List<String> given) {
        return given != null ? given.stream().map(String::strip).filter(s -> !s.isEmpty()).toList() : config.sync().tables();
    }

    /** Writes the source's tables to {@code dir}; touches no target. Records the source URL so an import can rewrite from it. */
    public static ExportManifest export(OpsConfig config, EnvironmentConfig source, List<String> tables, Path dir,
                                        ProgressListener listener) {
        SyncConfig settings = config.sync();
        return DataSync.configure().source(source.database()).tables(tables(config, tables)).blocked(settings.blocked())
                .keys(settings.keys()).rewriteUrls(source.apiUrl(), null, List.of()).listener(listener).load()
                .exportTo(dir);
    }

    /**
     * A sync into {@code target} from {@code source}, or from the export folder {@code importDir} when
     * {@code source} is null. The protected-target rule is enforced by {@link DataSync#apply()}.
     */
    public static DataSync load(OpsConfig config, EnvironmentConfig source, Path importDir, EnvironmentConfig target,
                                Request request, ProgressListener listener) {
        SyncConfig settings = config.sync();
        boolean rewrite = settings.rewriteUrls() && request.rewriteUrls();
        // an import without --tables takes all the export's tables (an empty list: the source's default)
        List<String> tables = source == null && request.tables() == null ? List.of() : tables(config, request.tables());
        DataSync.Configuration c = DataSync.configure().target(target.database()).tables(tables)
                .mode(request.mode())
                .blocked(settings.blocked()).keys(settings.keys())
                .rewriteUrls(source == null ? null : source.apiUrl(), rewrite ? target.apiUrl() : null, settings.localUrls())
                .disableUserTriggers(request.disableUserTriggers()).ignoreMissingColumns(request.ignoreMissingColumns())
                .protectedTarget(target.isProtected(), request.confirm()).listener(listener);
        if (source != null) {
            c.source(source.database());
        } else {
            c.source(importDir);
        }
        return c.load();
    }
}
