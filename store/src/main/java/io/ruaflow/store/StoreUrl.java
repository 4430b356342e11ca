package io.ruaflow.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where records live, parsed from a store URL:
 *
 * <ul>
 *   <li>{@code duckdb:PATH}: an embedded DuckDB file, created if missing. {@code duckdb:} alone means
 *       {@link #defaultDuckDbPath}; {@code duckdb::memory:} an in-memory store (gone when closed).
 *   <li>{@code clickhouse://HOST[:PORT][/DATABASE]}: a ClickHouse server over HTTP (port 8123 and database
 *       {@code ruaflow} by default; the database is created if missing). The user and password never appear in
 *       the URL: they come from {@link #withCredentials} (command-line options) or the environment variables
 *       {@code RUAFLOW_CLICKHOUSE_USER} / {@code RUAFLOW_CLICKHOUSE_PASSWORD}; user {@code default} with an empty
 *       password otherwise.
 * </ul>
 *
 * {@link #toString} never shows the password.
 */
public record StoreUrl(Kind kind, Path path, String host, int port, String database, String user, String password) {
    public enum Kind {
        DUCKDB,
        CLICKHOUSE
    }

    public static final String USER_ENV = "RUAFLOW_CLICKHOUSE_USER";
    public static final String PASSWORD_ENV = "RUAFLOW_CLICKHOUSE_PASSWORD";
    public static final int DEFAULT_CLICKHOUSE_PORT = 8123;
    public static final String DEFAULT_DATABASE = "ruaflow";
    private static final String MEMORY = ":memory:";
    private static final Pattern CLICKHOUSE =
            Pattern.compile("clickhouse://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?(?:/([^/?#]*))?/?");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** Parses with credentials from the process environment. */
    public static StoreUrl parse(String url) {
        return parse(url, System.getenv());
    }

    /**
     * @throws IllegalArgumentException naming the URL when it is neither a duckdb: nor a clickhouse:// URL, or a
     *     part of it is invalid
     */
    public static StoreUrl parse(String url, Map<String, String> env) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "store URL is empty; use duckdb:PATH or clickhouse://HOST:PORT/DATABASE");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("duckdb:")) {
            String rest = trimmed.substring("duckdb:".length());
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
            if (rest.isEmpty()) {
                return duckDb(defaultDuckDbPath(env));
            }
            if (rest.equals(MEMORY)) {
                return duckDb(null);
            }
            if (rest.startsWith("~/")) {
                return duckDb(Path.of(System.getProperty("user.home"), rest.substring(2)));
            }
            return duckDb(Path.of(rest));
        }
        if (trimmed.startsWith("clickhouse:")) {
            Matcher m = CLICKHOUSE.matcher(trimmed);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "ClickHouse store URL must look like clickhouse://HOST:PORT/DATABASE (no user or password;"
                                + " set " + USER_ENV + " and " + PASSWORD_ENV + "): " + url);
            }
            int port = m.group(2) == null ? DEFAULT_CLICKHOUSE_PORT : Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535 in store URL " + url);
            }
            String database = m.group(3) == null || m.group(3).isEmpty() ? DEFAULT_DATABASE : m.group(3);
            if (!DATABASE.matcher(database).matches()) {
                throw new IllegalArgumentException("database name must be letters, digits and _ (at most 64),"
                        + " starting with a letter or _: " + database + " in store URL " + url);
            }
            String user = env.getOrDefault(USER_ENV, "default");
            String password = env.getOrDefault(PASSWORD_ENV, "");
            return new StoreUrl(Kind.CLICKHOUSE, null, m.group(1), port, database, user, password);
        }
        throw new IllegalArgumentException(
                "unknown store URL (use duckdb:PATH or clickhouse://HOST:PORT/DATABASE): " + url);
    }

    /**
     * {@code $XDG_DATA_HOME/ruaflow/ruaflow.duckdb}, or {@code ~/.local/share/ruaflow/ruaflow.duckdb} when
     * XDG_DATA_HOME is unset.
     */
    public static Path defaultDuckDbPath(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("ruaflow").resolve("ruaflow.duckdb");
    }

    private static StoreUrl duckDb(Path path) {
        return new StoreUrl(Kind.DUCKDB, path, null, 0, null, null, null);
    }

    /** A copy with this user and password (null keeps the current one). Ignored for DuckDB. */
    public StoreUrl withCredentials(String user, String password) {
        return new StoreUrl(
                kind,
                path,
                host,
                port,
                database,
                user == null ? this.user : user,
                password == null ? this.password : password);
    }

    /** The URL without secrets, for logs: {@code duckdb:/path} or {@code clickhouse://host:8123/ruaflow}. */
    @Override
    public String toString() {
        return kind == Kind.DUCKDB
                ? "duckdb:" + (path == null ? MEMORY : path.toString())
                : "clickhouse://" + host + ":" + port + "/" + database;
    }
}
