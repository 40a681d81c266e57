package dev.supabaseops.db;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Secret;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection target parsed from the two spellings users paste:
 * {@code postgresql://user:pw@host:port/db?params} (the Supabase dashboard format, with
 * {@code postgres.<ref>} pooler users and percent-encoded or raw passwords) and
 * {@code jdbc:postgresql://host:port/db?user=…}. It turns into a pgjdbc URL plus properties with
 * the defaults a hosted Supabase database needs. {@link #toString()} never shows the password.
 */
public final class DbUrl {
    /** Supavisor's transaction-mode port: no server-side prepared statements survive there. */
    public static final int TRANSACTION_POOLER_PORT = 6543;
    private static final Pattern DIRECT_HOST = Pattern.compile("db\\.([a-z0-9]+)\\.supabase\\.co", Pattern.CASE_INSENSITIVE);
    private static final Pattern POOLER_USER = Pattern.compile("[^.]+\\.([a-z0-9]{8,})", Pattern.CASE_INSENSITIVE);

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final Map<String, String> params;

    private DbUrl(String host, int port, String database, String user, Secret password, Map<String, String> params) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.params = Map.copyOf(params);
    }

    /**
     * Parses a URL. Errors never echo the input (it may hold a password); they say which part is wrong.
     *
     * @param what names the source in messages, e.g. "SUPABASE_PROD_DB_URL"
     */
    public static DbUrl parse(String url, String what) {
        if (url == null || url.isBlank()) {
            throw OpsException.usage(what + " is empty: expected postgresql://user:password@host:5432/postgres");
        }
        String s = url.strip();
        String rest;
        if (s.startsWith("jdbc:postgresql://")) {
            rest = s.substring("jdbc:postgresql://".length());
        } else if (s.startsWith("postgresql://")) {
            rest = s.substring("postgresql://".length());
        } else if (s.startsWith("postgres://")) {
            rest = s.substring("postgres://".length());
        } else {
            throw OpsException.usage(what + " is not a PostgreSQL URL: it must start with postgresql:// or jdbc:postgresql://");
        }
        String query = "";
        // Userinfo may hold raw '?', '/', '@' (hand-pasted passwords): split at the last '@' first.
        int at = rest.lastIndexOf('@');
        String userInfo = null;
        String hostPart = rest;
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            hostPart = rest.substring(at + 1);
        }
        int q = hostPart.indexOf('?');
        if (q >= 0) {
            query = hostPart.substring(q + 1);
            hostPart = hostPart.substring(0, q);
        }
        int slash = hostPart.indexOf('/');
        String hostPort = slash >= 0 ? hostPart.substring(0, slash) : hostPart;
        String db = slash >= 0 ? decode(hostPart.substring(slash + 1)) : "postgres";
        if (db.isEmpty()) {
            db = "postgres";
        }
        String host;
        int port = 5432;
        Matcher v6 = Pattern.compile("^\\[([^]]+)](?::(\\d+))?$").matcher(hostPort);
        if (v6.matches()) {
            host = "[" + v6.group(1) + "]";
            if (v6.group(2) != null) {
                port = Integer.parseInt(v6.group(2));
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0 && !hostPort.contains(",")) {
                host = hostPort.substring(0, colon);
                String p = hostPort.substring(colon + 1);
                if (!p.matches("\\d{1,5}")) {
                    // Never echo it: without an '@', "user:password" is what lands here.
                    if (userInfo == null) {
                        throw OpsException.usage(what + " has no host: expected postgresql://user:password@host:port/db"
                                + " (is the '@host' part missing?)");
                    }
                    throw OpsException.usage(what + " has an invalid port: expected a number such as 5432 or 6543 after"
                            + " the host, as in postgresql://user:password@host:5432/db");
                }
                port = Integer.parseInt(p);
            } else {
                host = hostPort;
            }
        }
        if (host.isBlank()) {
            throw OpsException.usage(what + " has no host: expected postgresql://user:password@host:5432/postgres");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String user = null;
        Secret password = null;
        if (!query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = decode(eq >= 0 ? kv.substring(0, eq) : kv);
                String v = eq >= 0 ? decode(kv.substring(eq + 1)) : "";
                switch (k) {
                    case "user" -> user = v;
                    case "password" -> password = Secret.ofNullable(v);
                    default -> params.put(k, v);
                }
            }
        }
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String u = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!u.isEmpty()) {
                user = decode(u);
            }
            if (colon >= 0) {
                String raw = userInfo.substring(colon + 1);
                Secret pw = Secret.ofNullable(decodePassword(raw));
                if (pw != null) {
                    password = pw;
                }
            }
        }
        return new DbUrl(host, port, db, user == null ? "postgres" : user, password, params);
    }

    /** Passwords are often pasted raw; only decode when the text is valid percent-encoding. */
    private static String decodePassword(String raw) {
        if (raw.matches("(?:[^%]|%[0-9A-Fa-f]{2})*")) {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return raw;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    public DbUrl withPassword(Secret newPassword) {
        return newPassword == null ? this : new DbUrl(host, port, database, user, newPassword, params);
    }

    public DbUrl withDatabase(String newDatabase) {
        return new DbUrl(host, port, newDatabase, user, password, params);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public Secret password() {
        return password;
    }

    public Map<String, String> params() {
        return params;
    }

    public boolean isLoopback() {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    public boolean isTransactionPooler() {
        return port == TRANSACTION_POOLER_PORT;
    }

    /** {@code db.<ref>.supabase.co}: the direct host, which resolves to IPv6 only. */
    public boolean isDirectSupabaseHost() {
        return DIRECT_HOST.matcher(host).matches();
    }

    /** The project ref, from a direct host or a {@code postgres.<ref>} pooler user, if either says. */
    public String projectRef() {
        Matcher m = DIRECT_HOST.matcher(host);
        if (m.matches()) {
            return m.group(1);
        }
        Matcher u = POOLER_USER.matcher(user);
        return u.matches() ? u.group(1) : null;
    }

    /** Effective value of a connection parameter after defaults, e.g. {@code sslmode}. */
    public String effective(String key) {
        return jdbcProperties().getProperty(key);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Properties for pgjdbc: the URL's own parameters win over our defaults. */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "supabase-ops");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        if (!isLoopback()) {
            p.setProperty("sslmode", "require");
        }
        if (isTransactionPooler()) {
            // Supavisor in transaction mode hands each transaction to another backend; named
            // prepared statements from an earlier one do not exist there ("prepared statement S_1 does not exist").
            p.setProperty("prepareThreshold", "0");
        }
        params.forEach((k, v) -> p.setProperty(jdbcKey(k), v));
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password.reveal());
        }
        return p;
    }

    private static String jdbcKey(String libpqKey) {
        return switch (libpqKey) {
            case "application_name" -> "ApplicationName";
            case "connect_timeout" -> "connectTimeout";
            default -> libpqKey;
        };
    }

    /** A URL with the password, for peers that need one string (the Supabase CLI, pg_dump). */
    public String toPostgresUrlWithPassword() {
        StringBuilder b = new StringBuilder("postgresql://").append(enc(user));
        if (password != null) {
            b.append(':').append(enc(password.reveal()));
        }
        b.append('@').append(host).append(':').append(port).append('/').append(enc(database));
        Properties p = jdbcProperties();
        String ssl = p.getProperty("sslmode");
        if (ssl != null) {
            b.append("?sslmode=").append(enc(ssl));
        }
        return b.toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Redacted: user, host, port, database; never the password. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
