package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.samples.ZoneDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

class ZoneDnsServerTest {
    private ZoneDnsServer server;
    private DnsClient client;

    @BeforeEach
    void start() throws Exception {
        server = ZoneDnsServer.start(0);
        client = new DnsClient(DnsSettings.systemDefault()
                .withServer(server.hostAndPort())
                .withTimeout(Duration.ofMillis(300))
                .withRetries(0));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        server.close();
    }

    @Test
    void tellsNxdomainFromNodata() throws Exception {
        server.addZoneText("a.b.example. 300 IN A 192.0.2.1\n");
        assertThat(client.query("a.b.example", Type.A).join().status()).isEqualTo(DnsAnswer.Status.ANSWER);
        assertThat(client.query("a.b.example", Type.TXT).join().status()).isEqualTo(DnsAnswer.Status.NODATA);
        assertThat(client.query("b.example", Type.A).join().status()).isEqualTo(DnsAnswer.Status.NODATA);
        assertThat(client.query("c.example", Type.A).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
    }

    @Test
    void followsCnamesAndJoinsMultiStringTxtWithoutSpaces() throws Exception {
        server.addZoneText("alias.example. 300 IN CNAME target.example.\n"
                + "target.example. 300 IN TXT \"v=spf1 \" \"ip4:192.0.2.1\" \" -all\"\n");
        DnsAnswer answer = client.query("alias.example", Type.TXT).join();
        assertThat(answer.texts()).containsExactly("v=spf1 ip4:192.0.2.1 -all");
    }

    @Test
    void truncatesLargeUdpAnswersSoTheClientRetriesOverTcp() throws Exception {
        String big = IntStream.range(0, 150)
                .mapToObj(i -> "\"ip4:198.51.100." + i + " \"")
                .collect(Collectors.joining(" "));
        server.addZoneText("big.example. 300 IN TXT \"v=spf1 \" " + big + " \"-all\"\n");
        DnsAnswer answer = client.query("big.example", Type.TXT).join();
        assertThat(answer.texts())
                .singleElement()
                .asString()
                .startsWith("v=spf1 ip4:198.51.100.0 ")
                .endsWith("-all");
        assertThat(server.tcpQueryCount()).isEqualTo(1);
        assertThat(server.queryCount("big.example", "TXT")).isEqualTo(2);
    }

    @Test
    void silentNamesTimeOutAndFailingNamesServfailBothAsTemperror() throws Exception {
        server.neverAnswer("slow.example").serverFailure("broken.example");
        assertThat(client.query("slow.example", Type.TXT).join().status()).isEqualTo(DnsAnswer.Status.TEMPERROR);
        assertThat(client.query("broken.example", Type.TXT).join().status()).isEqualTo(DnsAnswer.Status.TEMPERROR);
        assertThat(server.queryCount("slow.example", "TXT")).isEqualTo(1);
    }

    @Test
    void aSilentNameIsAskedOncePerAttemptThenGivesUpAsTemperror() throws Exception {
        server.neverAnswer("slow.example");
        try (DnsClient patient = new DnsClient(DnsSettings.forServer(server.address())
                .withTimeout(Duration.ofMillis(200))
                .withRetries(2))) {
            assertThat(patient.query("slow.example", Type.A).join().isTempError())
                    .isTrue();
            // the temperror is remembered for a while: asking again sends nothing
            assertThat(patient.query("slow.example", Type.A).join().isTempError())
                    .isTrue();
        }
        assertThat(server.queryCount("slow.example", "A")).isEqualTo(3);
    }

    @Test
    void neverHasMoreQueriesInFlightThanAllowed() throws Exception {
        for (int i = 0; i < 8; i++) {
            server.neverAnswer("slow" + i + ".example");
        }
        try (DnsClient narrow = new DnsClient(DnsSettings.forServer(server.address())
                .withTimeout(Duration.ofSeconds(1))
                .withRetries(0)
                .withMaxConcurrentQueries(4))) {
            var pending = IntStream.range(0, 8)
                    .mapToObj(i -> narrow.query("slow" + i + ".example", Type.A))
                    .collect(Collectors.toList());
            Thread.sleep(200);
            // none has timed out yet, and only the first four have been sent
            assertThat(server.queryCount()).isEqualTo(4);
            pending.forEach(f -> assertThat(f.join().isTempError()).isTrue());
        }
        assertThat(server.queryCount()).isEqualTo(8);
    }

    @Test
    void cachesPositiveAndNegativeAnswersAndCountsEveryQuery() throws Exception {
        server.addZoneText("example. 300 IN SOA ns.example. host.example. 1 3600 600 86400 60\n"
                + "a.example. 300 IN A 192.0.2.1\n");
        for (int i = 0; i < 5; i++) {
            client.query("a.example", Type.A).join();
            client.query("missing.example", Type.A).join();
        }
        assertThat(server.queryCount("a.example", "A")).isEqualTo(1);
        assertThat(server.queryCount("missing.example", "A")).isEqualTo(1);
        assertThat(server.queryCount()).isEqualTo(2);
        assertThat(server.queryCounts()).containsEntry("a.example A", 1L);
    }

    @Test
    void loadsABindMasterFile(@TempDir Path dir) throws Exception {
        Path zone = dir.resolve("example.zone");
        Files.writeString(zone, "$ORIGIN example.\n$TTL 300\n@ IN TXT \"v=spf1 mx -all\"\nmail IN A 192.0.2.7\n");
        try (ZoneDnsServer fromFile = ZoneDnsServer.fromMasterFile(zone, 0);
                DnsClient other =
                        new DnsClient(DnsSettings.forServer(fromFile.address()).withRetries(0))) {
            assertThat(other.query("example", Type.TXT).join().texts()).containsExactly("v=spf1 mx -all");
            assertThat(other.query("mail.example", Type.A).join().records()).hasSize(1);
        }
    }
}
