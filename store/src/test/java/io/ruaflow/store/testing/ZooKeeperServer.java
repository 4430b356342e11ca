package io.ruaflow.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real standalone ZooKeeper for the ClickHouse cluster tests: Debian's {@code zookeeper} package
 * ({@code /usr/share/java/zookeeper.jar}) run in its own JVM with a temporary config on a free loopback port and a
 * temporary data folder. When the package is absent the calling test is skipped with a message, except under
 * {@code CI=true}, where it fails.
 */
public final class ZooKeeperServer implements AutoCloseable {
    /** Debian's jar; its manifest names the libraries it needs. */
    public static final Path JAR = Path.of("/usr/share/java/zookeeper.jar");
    /** How long the server may take to answer {@code ruok} after start. */
    public static final int START_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Process process;
    private final int port;
    private boolean closed;

    private ZooKeeperServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts a server (the caller closes it), or skips the test (fails it under CI=true) when none is installed. */
    public static ZooKeeperServer start() {
        if (!Files.isRegularFile(JAR)) {
            ClickHouseServer.skipOrFail(
                    "ClickHouse cluster tests need ZooKeeper at " + JAR + " (Debian: apt-get install zookeeper)");
        }
        try {
            Path dir = Files.createTempDirectory("ruaflow-zookeeper-");
            int port = ClickHouseServer.freePort();
            Files.writeString(
                    dir.resolve("zoo.cfg"),
                    """
                    tickTime=500
                    dataDir=%s
                    clientPort=%d
                    clientPortAddress=127.0.0.1
                    maxClientCnxns=0
                    admin.enableServer=false
                    4lw.commands.whitelist=ruok
                    """
                            .formatted(dir.resolve("data").toAbsolutePath(), port));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(
                            java,
                            "-Xmx256m",
                            "-cp",
                            JAR.toString(),
                            "org.apache.zookeeper.server.ZooKeeperServerMain",
                            dir.resolve("zoo.cfg").toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("zookeeper.log").toFile())
                    .start();
            ZooKeeperServer server = new ZooKeeperServer(dir, process, port);
            server.awaitOk();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ZooKeeper from " + JAR, e);
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IllegalStateException("ZooKeeper exited with " + process.exitValue() + ": " + log);
            }
            if ("imok".equals(ask("ruok"))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String log = log();
        close();
        throw new IllegalStateException("ZooKeeper did not answer ruok within " + START_TIMEOUT_SECONDS + " s: " + log);
    }

    private String ask(String word) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private String log() {
        try {
            String text = Files.readString(dir.resolve("zookeeper.log"));
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the temporary folder is left behind
        }
    }
}
