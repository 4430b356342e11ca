package io.ruaflow.store.testing;

import io.ruaflow.enricher.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real ClickHouse servers on loopback forming the cluster {@link #NAME}: two shards of one replica each, with
 * a ZooKeeper ({@link ZooKeeperServer}) for replication and {@code ON CLUSTER} DDL. One cluster is shared per test
 * JVM ({@link #shared()}) and stopped at JVM exit; each test takes a fresh database with {@link #newDatabase()} and
 * reaches it through either node with {@link #url}. Skipped (failed under {@code CI=true}) when ClickHouse or
 * ZooKeeper is not installed.
 */
public final class ClickHouseCluster implements AutoCloseable {
    /** The cluster's name in each server's remote_servers. */
    public static final String NAME = "ruaflow_test";
    /** How many servers (one shard each). */
    public static final int NODES = 2;

    private static ClickHouseCluster shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private ZooKeeperServer zooKeeper;
    private List<ClickHouseServer> nodes;
    private boolean closed;

    private ClickHouseCluster(ZooKeeperServer zooKeeper, List<ClickHouseServer> nodes) {
        this.zooKeeper = zooKeeper;
        this.nodes = nodes;
    }

    /** The cluster shared by every test of this JVM, started on first use. */
    public static synchronized ClickHouseCluster shared() {
        if (shared == null) {
            shared = start(ClickHouseServer.installedCommand("ClickHouse cluster tests"));
            ClickHouseCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "clickhouse-test-cluster-stop"));
        }
        return shared;
    }

    private static ClickHouseCluster start(List<String> command) {
        return FreePorts.startRetrying(
                "ClickHouse test cluster",
                () -> startOnFreshPorts(command),
                e -> e instanceof ClickHouseServer.PortTakenException || e instanceof NodeCrashedException);
    }

    private static ClickHouseCluster startOnFreshPorts(List<String> command) {
        ZooKeeperServer zooKeeper = ZooKeeperServer.start();
        List<ClickHouseServer> nodes = new ArrayList<>();
        try {
            int[] http = new int[NODES];
            int[] tcp = new int[NODES];
            int[] interserver = new int[NODES];
            StringBuilder shards = new StringBuilder();
            int[] ports = FreePorts.pick(3 * NODES);
            for (int i = 0; i < NODES; i++) {
                http[i] = ports[3 * i];
                tcp[i] = ports[3 * i + 1];
                interserver[i] = ports[3 * i + 2];
                shards.append("<shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host>"
                                + "<port>")
                        .append(tcp[i])
                        .append("</port></replica></shard>");
            }
            for (int i = 0; i < NODES; i++) {
                String extra = "<zookeeper><node><host>127.0.0.1</host><port>" + zooKeeper.port()
                        + "</port></node></zookeeper>"
                        + "<distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>"
                        + "<macros><shard>s" + (i + 1) + "</shard><replica>r" + (i + 1) + "</replica></macros>"
                        + "<remote_servers><" + NAME + ">" + shards + "</" + NAME + "></remote_servers>";
                nodes.add(ClickHouseServer.start(command, http[i], tcp[i], interserver[i], extra));
            }
            ClickHouseCluster cluster = new ClickHouseCluster(zooKeeper, nodes);
            cluster.awaitStartupGrace();
            return cluster;
        } catch (IOException e) {
            nodes.forEach(ClickHouseServer::close);
            zooKeeper.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            nodes.forEach(ClickHouseServer::close);
            zooKeeper.close();
            throw e;
        }
    }

    /** How long every node must stay up after it first answers before the cluster is handed to a test. */
    static final int STARTUP_GRACE_MS = 2_000;

    /**
     * Hands out the cluster only once every node has stayed up a little while after answering {@code /ping}: now
     * and then ClickHouse 18.16 segfaults in its DDL worker's first ZooKeeper connect, a moment after start-up, and
     * such a cluster is started again rather than failing a test. (Asking the nodes for {@code system.zookeeper}
     * to hurry the session along made that crash happen every time.)
     */
    private void awaitStartupGrace() {
        try {
            Thread.sleep(STARTUP_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting the ClickHouse test cluster", e);
        }
        for (ClickHouseServer node : nodes) {
            String notice = node.deathNotice();
            if (notice != null) {
                throw new NodeCrashedException("a node died just after start-up: " + notice);
            }
        }
    }

    /** A node exited while the cluster started; a fresh start usually works. */
    static final class NodeCrashedException extends IllegalStateException {
        NodeCrashedException(String message) {
            super(message);
        }
    }

    /**
     * A database name no other test uses (created by the first store that opens it). A node found dead is reported
     * with its logs on stderr and the cluster started afresh, so one crashed server fails no later test.
     */
    public synchronized String newDatabase() {
        if (anyNodeDead()) {
            restart();
        }
        return "cluster_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    }

    /** Whether a node has exited; each dead node's exit code and logs go to stderr. */
    public synchronized boolean anyNodeDead() {
        boolean dead = false;
        for (ClickHouseServer node : nodes) {
            String notice = node.deathNotice();
            if (notice != null) {
                System.err.println("ClickHouse test cluster node dead: " + notice);
                dead = true;
            }
        }
        return dead;
    }

    private synchronized void restart() {
        close();
        ClickHouseCluster fresh = start(ClickHouseServer.command());
        zooKeeper = fresh.zooKeeper;
        nodes = fresh.nodes;
        closed = false;
    }

    /** The store URL of {@code database} through node {@code node} (0 or 1). */
    public String url(int node, String database) {
        return "clickhouse://127.0.0.1:" + nodes.get(node).httpPort() + "/" + database;
    }

    public ClickHouseServer node(int node) {
        return nodes.get(node);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The nodes stop side by side (each may take seconds), then ZooKeeper, which they talk to until they stop.
        List<Thread> stopping = new ArrayList<>();
        for (ClickHouseServer node : nodes) {
            Thread thread = new Thread(node::close, "clickhouse-test-node-stop");
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        zooKeeper.close();
    }
}
