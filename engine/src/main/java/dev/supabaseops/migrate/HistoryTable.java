package dev.supabaseops.migrate;

import org.postgresql.core.Utils;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code supabase_migrations.schema_migrations}, read and written exactly as the Supabase CLI 3.x
 * does (its {@code CREATE_VERSION_SCHEMA}, {@code CREATE_VERSION_TABLE}, {@code ADD_*_COLUMN} and
 * {@code INSERT_MIGRATION_VERSION} statements): we write {@code version}, {@code name} and
 * {@code statements} and nothing else, so either tool can continue where the other stopped.
 */
public final class HistoryTable {
    static final String TABLE = "supabase_migrations.schema_migrations";
    static final List<String> CREATE = List.of(
            "SET LOCAL lock_timeout = '4s'",
            "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
            "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)",
            "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
            "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text");
    static final String PROVISIONED = "SELECT count(*) = 3 FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " WHERE a.attrelid = pg_catalog.to_regclass('supabase_migrations.schema_migrations')"
            + " AND c.relkind IN ('r', 'p') AND NOT a.attisdropped AND a.attname IN ('version', 'name', 'statements')";
    static final String SELECT = "SELECT version, coalesce(name, '') AS name, statements FROM supabase_migrations.schema_migrations ORDER BY version";
    static final String UPSERT = "INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES(?, ?, ?)"
            + " ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, statements = EXCLUDED.statements";
    static final String DELETE = "DELETE FROM supabase_migrations.schema_migrations WHERE version = ANY(?)";

    /** A row of the history; {@code statements} is null for rows written without them (repair by old CLIs). */
    public record Row(String version, String name, List<String> statements) {
    }

    private HistoryTable() {
    }

    /** Rows by version in version order; empty when the table does not exist yet. */
    public static Map<String, Row> read(Connection c) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            if (!exists(s)) {
                return rows;
            }
            try (ResultSet rs = s.executeQuery(SELECT)) {
                while (rs.next()) {
                    Array a = rs.getArray(3);
                    List<String> st = a == null ? null : Arrays.asList((String[]) a.getArray());
                    rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), st));
                }
            }
        }
        return rows;
    }

    private static boolean exists(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_catalog.to_regclass('" + TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Creates the schema, table and columns if missing, in one transaction, like the CLI. */
    public static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PROVISIONED)) {
            rs.next();
            if (rs.getBoolean(1)) {
                return;
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : CREATE) {
                s.addBatch(sql);
            }
            s.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * The history insert as one SQL text, so it travels in the same batch (one round trip) as the
     * file's statements. It is built before the file runs, and the file may change
     * {@code standard_conforming_strings} on the way (the CLI binds the values, so any setting stores
     * the exact text): every value is therefore an {@code E'…'} literal with backslashes and quotes
     * doubled, which reads the same under either setting. pgjdbc's {@link Utils#escapeLiteral} does
     * the escaping (and refuses a NUL, which PostgreSQL text cannot hold anyway).
     */
    static String insertSql(MigrationFile f) throws SQLException {
        StringBuilder b = new StringBuilder("INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES(");
        literal(b, f.version()).append(", ");
        literal(b, f.name()).append(", ARRAY[");
        for (int i = 0; i < f.statements().size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            literal(b, f.statements().get(i));
        }
        return b.append("]::text[])").toString();
    }

    /** {@code E'…'}: backslash escapes are on whatever {@code standard_conforming_strings} says. */
    private static StringBuilder literal(StringBuilder b, String value) throws SQLException {
        b.append("E'");
        Utils.escapeLiteral(b, value, false);
        return b.append('\'');
    }

    /** {@code repair --status applied}: upserts rows from local files (the CLI's upsert). */
    static void upsert(Connection c, List<MigrationFile> files) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (MigrationFile f : files) {
                ps.setString(1, f.version());
                ps.setString(2, f.name());
                ps.setArray(3, c.createArrayOf("text", f.statements().toArray()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** {@code repair --status reverted}: deletes rows. */
    static int delete(Connection c, List<String> versions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setArray(1, c.createArrayOf("text", versions.toArray()));
            return ps.executeUpdate();
        }
    }

    static List<String> versions(Map<String, Row> rows) {
        return new ArrayList<>(rows.keySet());
    }
}
