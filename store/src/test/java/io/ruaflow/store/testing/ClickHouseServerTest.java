package io.ruaflow.store.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ruaflow.enricher.testing.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseServerTest {
    @Test
    void aServerWhosePortIsTakenFailsAsRetryable() throws Exception {
        List<String> command = ClickHouseServer.installedCommand("ClickHouseServerTest");
        int[] ports = FreePorts.pick(3);
        try (ServerSocket taken = new ServerSocket(ports[0], 1, InetAddress.getLoopbackAddress())) {
            ClickHouseServer.PortTakenException e = assertThrows(
                    ClickHouseServer.PortTakenException.class,
                    () -> ClickHouseServer.start(command, ports[0], ports[1], ports[2], ""));
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }

    @Test
    void picksDistinctPorts() throws Exception {
        int[] ports = FreePorts.pick(30);
        assertTrue(Arrays.stream(ports).distinct().count() == ports.length, Arrays.toString(ports));
    }
}
