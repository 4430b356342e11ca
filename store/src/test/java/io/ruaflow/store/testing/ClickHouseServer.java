package io.ruaflow.store.testing;

import io.ruaflow.enricher.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ClickHouse server for tests: Debian's {@code /usr/sbin/clickhouse-server} (or {@code clickhouse server}
 * from the PATH) with a temporary config on free loopback ports, data and logs in a temporary folder. One server is
 * shared per test JVM ({@link #shared()}); each test takes a fresh database with {@link #newDatabaseUrl}. When no
 * binary is installed the calling test is skipped with a message, except under {@code CI=true}, where it fails.
 */
public final class ClickHouseServer implements AutoCloseable {
    /** How long the server may take to answer {@code /ping} after start. */
    public static final int START_TIMEOUT_SECONDS = 60;
    /** How long a killed server is waited for before its folder is removed anyway. */
    static final int STOP_TIMEOUT_SECONDS = 10;

    private static ClickHouseServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Process process;
    private final int httpPort;
    private boolean closed;

    private ClickHouseServer(Path dir, Process process, int httpPort) {
        this.dir = dir;
        this.process = process;
        this.httpPort = httpPort;
    }

    /** The server shared by every test of this JVM, started on first use and stopped at JVM exit. */
    public static synchronized ClickHouseServer shared() {
        if (shared == null) {
            shared = start(installedCommand("ClickHouse tests"));
            ClickHouseServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "clickhouse-test-server-stop"));
        }
        return shared;
    }

    /**
     * The command that starts a server; when none is installed, skips the calling test (named by {@code who}), or
     * fails it under {@code CI=true}.
     */
    public static List<String> installedCommand(String who) {
        List<String> command = command();
        if (command == null) {
            skipOrFail(who + " need /usr/sbin/clickhouse-server or clickhouse on the PATH"
                    + " (Debian: apt-get install clickhouse-server)");
        }
        return command;
    }

    /**
     * Skips the calling test for want of {@code need} (what is missing and how to install it), or fails it under
     * {@code CI=true}, where every server the tests start must be there.
     */
    static void skipOrFail(String need) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(need + "; CI=true, so this is a failure");
        }
        System.err.println("SKIPPED: " + need + "; skipping");
        Assumptions.abort(need + "; skipping");
    }

    /** The command that starts a server, or null when none is installed. */
    static List<String> command() {
        Path debian = Path.of("/usr/sbin/clickhouse-server");
        if (Files.isExecutable(debian)) {
            return List.of(debian.toString());
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            if (Files.isExecutable(Path.of(dir, "clickhouse-server"))) {
                return List.of(Path.of(dir, "clickhouse-server").toString());
            }
            if (Files.isExecutable(Path.of(dir, "clickhouse"))) {
                return List.of(Path.of(dir, "clickhouse").toString(), "server");
            }
        }
        return null;
    }

    /** Starts a server of its own (the caller closes it), on fresh ports again when the first ones were taken. */
    public static ClickHouseServer start(List<String> command) {
        return FreePorts.startRetrying(
                "ClickHouse test server",
                () -> {
                    try {
                        int[] ports = FreePorts.pick(3);
                        return start(command, ports[0], ports[1], ports[2], "");
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot start ClickHouse " + command, e);
                    }
                },
                e -> e instanceof PortTakenException);
    }

    /** The server exited because a port picked for it was bound by someone else first; fresh ports may work. */
    public static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /**
     * Starts a server of its own on these ports, with {@code extraConfig} (XML elements) added to its config: a
     * cluster node's ZooKeeper, macros and remote_servers.
     */
    public static ClickHouseServer start(List<String> command, int http, int tcp, int interserver, String extraConfig) {
        try {
            Path dir = Files.createTempDirectory("ruaflow-clickhouse-");
            Files.writeString(
                    dir.resolve("config.xml"),
                    config(dir, http, tcp, interserver).replace("</yandex>", extraConfig + "</yandex>"));
            Files.writeString(dir.resolve("users.xml"), USERS);
            List<String> full = new ArrayList<>(command);
            full.add("--config-file=" + dir.resolve("config.xml"));
            Process process = new ProcessBuilder(full)
                    .directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile())
                    .start();
            ClickHouseServer server = new ClickHouseServer(dir, process, http);
            server.awaitPing();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ClickHouse " + command, e);
        }
    }

    /** The config a test server runs with; also what the benchmark notes describe for a hand-started server. */
    public static String config(Path dir, int http, int tcp, int interserver) {
        return """
                <yandex>
                  <logger>
                    <level>warning</level>
                    <log>%1$s/server.log</log>
                    <errorlog>%1$s/error.log</errorlog>
                    <size>10M</size>
                    <count>1</count>
                  </logger>
                  <listen_host>127.0.0.1</listen_host>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <interserver_http_port>%4$d</interserver_http_port>
                  <interserver_http_host>127.0.0.1</interserver_http_host>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/tmp/</tmp_path>
                  <user_files_path>%1$s/user_files/</user_files_path>
                  <format_schema_path>%1$s/format_schemas/</format_schema_path>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <mark_cache_size>268435456</mark_cache_size>
                  <max_concurrent_queries>50</max_concurrent_queries>
                </yandex>
                """
                .formatted(dir.toAbsolutePath(), http, tcp, interserver);
    }

    private static final String USERS =
            """
            <yandex>
              <profiles><default><enable_http_compression>0</enable_http_compression></default></profiles>
              <users>
                <default>
                  <password></password>
                  <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                  <profile>default</profile>
                  <quota>default</quota>
                </default>
              </users>
              <quotas><default></default></quotas>
            </yandex>
            """;

    private void awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = tail("stderr.log") + tail("error.log");
                close();
                String message = "ClickHouse exited with " + process.exitValue() + ": " + log;
                throw log.contains("Address already in use")
                        ? new PortTakenException(message)
                        : new IllegalStateException(message);
            }
            if (ping()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String log = tail("error.log");
        close();
        throw new IllegalStateException(
                "ClickHouse did not answer /ping within " + START_TIMEOUT_SECONDS + " s: " + log);
    }

    private boolean ping() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + httpPort + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try (InputStream in = c.getInputStream()) {
                return c.getResponseCode() == 200
                        && new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("Ok");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String tail(String file) {
        try {
            String text = Files.readString(dir.resolve(file));
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Why this server is gone, or null while it runs: its exit code and the tail of its logs, for a test that finds
     * it unreachable.
     */
    public String deathNotice() {
        if (process.isAlive()) {
            return null;
        }
        return "ClickHouse on port " + httpPort + " exited with " + process.exitValue() + ": " + tail("stderr.log")
                + tail("error.log");
    }

    public int httpPort() {
        return httpPort;
    }

    /** Creates a database no other test uses and returns its store URL. */
    public String newDatabaseUrl() {
        String database = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE IF NOT EXISTS " + database);
        return "clickhouse://127.0.0.1:" + httpPort + "/" + database;
    }

    /** Runs a statement over plain HTTP, for tests that check the server itself; returns the response body. */
    public String execute(String sql) {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + httpPort + "/").toURL().openConnection();
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.getOutputStream().write(sql.getBytes(StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IllegalStateException("ClickHouse answered " + status + ": " + body);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long {@link #awaitMutations} waits for the server's background deletes. */
    public static final int MUTATION_TIMEOUT_SECONDS = 60;

    /** Waits until every mutation (ALTER TABLE ... DELETE) of {@code database} on this server is done. */
    public void awaitMutations(String database) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MUTATION_TIMEOUT_SECONDS);
        String pending = "SELECT count() FROM system.mutations WHERE database = '" + database
                + "' AND is_done = 0 FORMAT TabSeparated";
        while (!execute(pending).trim().equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mutations of " + database + " not done within "
                        + MUTATION_TIMEOUT_SECONDS + " s: "
                        + execute("SELECT table, command, parts_to_do"
                                + " FROM system.mutations WHERE is_done = 0 FORMAT TabSeparated"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for mutations of " + database, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String notice = deathNotice();
        if (notice != null) {
            System.err.println(notice);
        }
        // Killed, not asked: its data is thrown away next, and a graceful stop of 18.16 took up to the 20 s this
        // waited, so the shutdown hook held the JVM past Surefire's 30 s ("going to kill self fork JVM").
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the temporary folder is left behind
        }
    }

    /** A free loopback port. */
    public static int freePort() throws IOException {
        return FreePorts.pick(1)[0];
    }
}
