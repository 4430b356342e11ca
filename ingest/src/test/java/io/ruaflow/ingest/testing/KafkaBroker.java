package io.ruaflow.ingest.testing;

import io.ruaflow.enricher.testing.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) on free loopback ports with a temporary
 * log directory, tuned small and fast for tests: one partition per topic, replication 1. {@link #stop()} and
 * {@link #start()} restart it on the same ports and data, for fault tests. {@link #close()} stops it and deletes
 * the data; it may be called twice.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final Path configFile;
    private KafkaRaftServer server;
    private boolean closed;

    private KafkaBroker() throws IOException {
        this.dir = Files.createTempDirectory("ruaflow-kafka");
        int[] ports = FreePorts.pick(2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
        this.configFile = dir.resolve("server.properties");
        Properties props = properties();
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "ruaflow test broker");
        }
        String clusterId = Uuid.randomUuid().toString();
        int rc = StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"},
                new PrintStream(OutputStream.nullOutputStream()));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed with exit code " + rc);
        }
    }

    /** Formats a fresh log directory and starts the broker, on fresh ports again when one was taken. */
    public static KafkaBroker start() {
        return FreePorts.startRetrying("Kafka test broker", KafkaBroker::startOnce, KafkaBroker::portTaken);
    }

    private static KafkaBroker startOnce() {
        KafkaBroker broker;
        try {
            broker = new KafkaBroker();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            broker.startServer();
            return broker;
        } catch (RuntimeException e) {
            broker.server = null;
            broker.close();
            throw e;
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.min.session.timeout.ms", "1000");
        props.put("auto.create.topics.enable", "true");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("log.flush.interval.messages", "9223372036854775807");
        props.put("message.max.bytes", String.valueOf(16 * 1024 * 1024));
        props.put("controlled.shutdown.enable", "true");
        props.put("log.cleaner.enable", "false");
        return props;
    }

    private void startServer() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties()), Time.SYSTEM);
        server.startup();
    }

    /** {@code 127.0.0.1:port}, for bootstrap.servers. */
    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Shuts the broker down, keeping its ports and data for {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on the same ports and data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
