package io.ruaflow.enricher.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports for servers a test starts (ClickHouse, ZooKeeper, Kafka). A port is free when picked, not
 * promised: another process, or an outgoing connection's ephemeral port, can bind it before the server does, so a
 * harness that starts a server on these ports starts it again on fresh ones when the bind fails.
 */
public final class FreePorts {
    private FreePorts() {}

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
