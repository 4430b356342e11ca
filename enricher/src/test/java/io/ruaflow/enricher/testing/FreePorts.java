package io.ruaflow.enricher.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Free loopback ports for servers a test starts (ClickHouse, ZooKeeper, Kafka). A port is free when picked, not
 * promised: another process, or an outgoing connection's ephemeral port, can bind it before the server does, so a
 * harness that starts a server on these ports starts it again on fresh ones when the bind fails.
 */
public final class FreePorts {
    private FreePorts() {}

    /** How many times a server is started when its starts fail for a reason a fresh start can cure. */
    public static final int START_ATTEMPTS = 3;

    /**
     * Starts a server with {@code start} (which picks its own ports each time), again while a failure is one
     * {@code retryable} says fresh ports or a fresh start may cure, at most {@link #START_ATTEMPTS} times; each
     * retry is named on stderr. Any other failure, or the last, is thrown as it is.
     */
    public static <T> T startRetrying(String what, Supplier<T> start, Predicate<RuntimeException> retryable) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (RuntimeException e) {
                if (attempt == START_ATTEMPTS || !retryable.test(e)) {
                    throw e;
                }
                System.err.println(what + ": " + e.getMessage() + "; starting it again");
            }
        }
    }

    /** {@code count} distinct free loopback ports (held open together while picked, so none repeats). */
    public static int[] pick(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
