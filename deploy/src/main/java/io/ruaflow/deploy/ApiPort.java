package io.ruaflow.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** The HTTP API's port, probed before a command does slow or lasting work (an import, creating a store). */
final class ApiPort {
    private ApiPort() {}

    /**
     * Fails when {@code port} on {@code bind} is taken; port 0 (pick a free one) always passes. The server still
     * reports a port taken between this probe and its start.
     *
     * @throws IllegalStateException naming the port and the option that changes it
     */
    static void ensureFree(String bind, int port) {
        if (port == 0) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot listen on " + bind + ": not an address of this host");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + bind
                    + " is already in use: stop what listens there or choose another --api-port");
        }
    }
}
