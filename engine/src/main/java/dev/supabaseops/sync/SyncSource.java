package dev.supabaseops.sync;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Where rows come from: a live database ({@link DatabaseSource}) or an export folder ({@link ExportSource}). */
interface SyncSource extends AutoCloseable {

    /**
     * A source table: its columns (generated columns already left out) and key.
     *
     * @param meta what the source database's catalog says about the table (generated columns,
     *             nullability), or null for an export folder, whose manifest records names and types only
     */
    record Table(TableRef ref, List<ExportManifest.Column> columns, List<String> key, TableMeta meta) {
        Table(TableRef ref, List<ExportManifest.Column> columns, List<String> key) {
            this(ref, columns, key, null);
        }
    }

    /** Receives COPY text-format bytes; chunk boundaries need not be row boundaries. */
    interface Sink {
        void write(byte[] buf, int off, int len) throws SQLException, IOException;
    }

    /** Environment name, or "export DIR". */
    String name();

    /** The project URL the rows were written under, or null. */
    String apiUrl();

    /** Tables this source offers when none are named (an export's tables), else empty. */
    List<TableRef> defaultTables();

    Optional<Table> describe(TableRef ref) throws SQLException;

    /** Starts reading: later reads see one consistent snapshot of all tables. */
    void begin() throws SQLException;

    /** Streams the given columns of a table in COPY text format; returns the number of rows. */
    long copy(Table table, List<String> columns, Sink sink) throws SQLException, IOException;

    @Override
    void close();
}
