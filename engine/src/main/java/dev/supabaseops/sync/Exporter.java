package dev.supabaseops.sync;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Version;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes an export folder: one file per table in COPY text format (streamed, never held in
 * memory) and manifest.json last, so a folder with a manifest is a complete export.
 */
final class Exporter {
    private Exporter() {
    }

    static ExportManifest export(DataSync.Configuration c, Path dir) {
        List<TableRef> refs = SyncRun.requested(c.tables, List.of(), c.blocked);
        if (Files.exists(dir.resolve(ExportManifest.FILE))) {
            throw OpsException.usage(dir + " already holds an export: choose a new folder (exports are never overwritten)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw OpsException.usage(dir + " is not a folder: pass --export with a folder path");
        }
        Blocklist blocklist = new Blocklist(c.blocked);
        try (DatabaseSource source = new DatabaseSource(c.sourceDb, c.rewriteFrom, c.keys)) {
            List<SyncSource.Table> tables = new ArrayList<>();
            for (TableRef r : refs) {
                SyncSource.Table t = source.describe(r).orElseThrow(() -> DatabaseSource.notFound("source " + source.name(), r));
                SyncRun.checkBlocked(List.of(t.ref()), blocklist);
                tables.add(t);
            }
            Files.createDirectories(dir);
            source.begin();
            List<ExportManifest.Table> entries = new ArrayList<>();
            Set<String> files = new HashSet<>();
            for (SyncSource.Table t : tables) {
                entries.add(write(source, t, dir, fileFor(t.ref(), files), c));
            }
            ExportManifest m = new ExportManifest(ExportManifest.FORMAT, Version.get(), source.name(), c.rewriteFrom,
                    Instant.now(), List.copyOf(entries));
            Path tmp = dir.resolve(ExportManifest.FILE + ".tmp");
            Json.MAPPER.writeValue(tmp.toFile(), m);
            Files.move(tmp, dir.resolve(ExportManifest.FILE), StandardCopyOption.ATOMIC_MOVE);
            return m;
        } catch (SQLException e) {
            throw OpsException.failed("export failed: " + SyncRun.firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw OpsException.failed("export to " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The table's file name, unique in this export: {@code "a b"} and {@code a_b} both make
     * {@code public.a_b}, and the second would overwrite the first. Compared ignoring case, so the
     * folder can be copied to a file system that does.
     */
    static String fileFor(TableRef table, Set<String> taken) {
        String base = table.fileName();
        String file = base + ".copy";
        for (int n = 2; !taken.add(file.toLowerCase(Locale.ROOT)); n++) {
            file = base + "-" + n + ".copy";
        }
        return file;
    }

    private static ExportManifest.Table write(DatabaseSource source, SyncSource.Table t, Path dir, String file,
                                              DataSync.Configuration c) throws SQLException, IOException {
        MessageDigest sha = ExportSource.sha256();
        long[] bytes = {0};
        long rows;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(file)), 1 << 16)) {
            rows = source.copy(t, t.columns().stream().map(ExportManifest.Column::name).toList(), (b, off, len) -> {
                sha.update(b, off, len);
                out.write(b, off, len);
                bytes[0] += len;
            });
        }
        c.listener.info("exported " + t.ref() + ": " + rows + " row(s) to " + file);
        return new ExportManifest.Table(t.ref(), file, t.columns(), t.key(), rows, bytes[0], HexFormat.of().formatHex(sha.digest()));
    }
}
