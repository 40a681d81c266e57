package dev.supabaseops.jenkins.harness

import dev.supabaseops.testing.Pg

import java.sql.Connection
import java.sql.DriverManager

/** Real PostgreSQL databases (the engine's Pg fixture) and plain JDBC to look at them. */
class Databases {
    private Databases() {
    }

    /**
     * A fresh Supabase-shaped database, its URL carrying a password like a dashboard URL does (the
     * local server trusts loopback, so the password is only a secret to keep out of the log).
     */
    static String newDatabaseUrl(String password) {
        String url = Pg.newSupabaseDb()
        return url.replaceFirst('postgresql://postgres@', "postgresql://postgres:${password}@")
    }

    static Connection connect(String postgresUrl) {
        URI uri = new URI(postgresUrl)
        return DriverManager.getConnection("jdbc:postgresql://${uri.host}:${uri.port}${uri.path}", 'postgres', '')
    }

    static List<List<Object>> rows(String url, String sql) {
        Connection c = connect(url)
        try {
            def rs = c.createStatement().executeQuery(sql)
            List<List<Object>> out = []
            int n = rs.metaData.columnCount
            while (rs.next()) {
                out << (1..n).collect { rs.getObject(it) }
            }
            return out
        } finally {
            c.close()
        }
    }

    static void execute(String url, String sql) {
        Connection c = connect(url)
        try {
            c.createStatement().execute(sql)
        } finally {
            c.close()
        }
    }

    static boolean tableExists(String url, String table) {
        return rows(url, "select to_regclass('${table}') is not null")[0][0]
    }
}
