package dev.supabaseops.sync;

import dev.supabaseops.core.OpsException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An export folder as a source ({@code --import DIR}). Each file is checked against the
 * manifest's SHA-256 and row count while it streams into the staging table; a mismatch fails the
 * run before anything is written to the target.
 */
final class ExportSource implements SyncSource {
    private final Path dir;
    private final ExportManifest manifest;

    private ExportSource(Path dir, ExportManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    static ExportSource open(Path dir) {
        Path file = dir.resolve(ExportManifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw OpsException.usage("no " + ExportManifest.FILE + " in " + dir + ": --import needs a folder written by --export");
        }
        ExportManifest m;
        try {
            m = Json.MAPPER.readValue(file.toFile(), ExportManifest.class);
        } catch (IOException e) {
            throw OpsException.usage(file + " is not a valid export manifest: " + e.getMessage());
        }
        if (m.format() != ExportManifest.FORMAT || m.tables() == null) {
            throw OpsException.usage(file + " has manifest format " + m.format() + "; this version reads format "
                    + ExportManifest.FORMAT);
        }
        for (ExportManifest.Table t : m.tables()) {
            if (t.file() == null || !t.file().matches("[A-Za-z0-9._-]+") || t.file().startsWith(".")) {
                throw OpsException.usage(file + ": table " + t.table() + " names an invalid file '" + t.file() + "'");
            }
        }
        return new ExportSource(dir, m);
    }

    ExportManifest manifest() {
        return manifest;
    }

    @Override
    public String name() {
        return "export " + dir.getFileName() + " (from " + manifest.source() + ")";
    }

    @Override
    public String apiUrl() {
        return manifest.sourceUrl();
    }

    @Override
    public List<TableRef> defaultTables() {
        return manifest.tables().stream().map(ExportManifest.Table::table).toList();
    }

    @Override
    public Optional<Table> describe(TableRef ref) {
        return entry(ref).map(t -> new Table(t.table(), t.columns(), t.key()));
    }

    private Optional<ExportManifest.Table> entry(TableRef ref) {
        return manifest.tables().stream().filter(t -> t.table().equals(ref)).findFirst();
    }

    @Override
    public void begin() {
        // files do not change under us; the checksum proves it
    }

    @Override
    public long copy(Table table, List<String> columns, Sink sink) throws SQLException, IOException {
        ExportManifest.Table t = entry(table.ref()).orElseThrow();
        if (!columns.equals(t.columns().stream().map(ExportManifest.Column::name).toList())) {
            throw new IllegalArgumentException("an export file is always read with all its columns");
        }
        Path file = dir.resolve(t.file());
        MessageDigest sha = sha256();
        long rows = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        rows++; // COPY text format escapes newlines inside values: one line is one row
                    }
                }
                sink.write(buf, 0, n);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw OpsException.usage("export file " + file + " is missing: the export is incomplete");
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (!digest.equals(t.sha256()) || rows != t.rows()) {
            throw OpsException.usage("export file " + file + " does not match " + ExportManifest.FILE
                    + " (sha256 or row count differs): the export was changed or is incomplete; nothing was written");
        }
        return rows;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
    }
}
