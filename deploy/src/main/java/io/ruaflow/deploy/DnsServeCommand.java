package io.ruaflow.deploy;

import io.ruaflow.samples.ZoneDnsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruaflow dns serve}: answer DNS on loopback from a zone file, for offline demos and tests. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Answer DNS queries (UDP and TCP) on 127.0.0.1 from a BIND master file until interrupted.",
            "Point --dns of 'ruaflow spf' or 'ruaflow parse --enrich' at it to enrich without the internet."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:the zone file could not be loaded or the port is taken"})
final class DnsServeCommand implements Callable<Integer> {
    @Option(names = "--zone", required = true, paramLabel = "FILE", description = "A BIND master file.")
    Path zone;

    @Option(
            names = "--port",
            defaultValue = "5353",
            description = "UDP and TCP port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ZoneDnsServer server;
        try {
            server = ZoneDnsServer.fromMasterFile(zone, port);
        } catch (IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("serving " + zone + " on " + server.hostAndPort() + " (UDP and TCP); Ctrl-C stops");
        out.flush();
        stopped.await();
        return 0;
    }
}
