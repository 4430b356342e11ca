package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PostureCommandTest {
    private static ZoneDnsServer dns;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);
        String weak = Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        StringBuilder zone = new StringBuilder(String.join(
                "\n",
                "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net\"",
                "example.com. 300 IN TXT \"v=spf1 include:i1.example.com include:i2.example.com"
                        + " include:i3.example.com include:i4.example.com include:i5.example.com"
                        + " include:i6.example.com \" \"include:i7.example.com include:i8.example.com"
                        + " include:i9.example.com include:i10.example.com include:i11.example.com -all\"",
                "s1._domainkey.example.com. 300 IN TXT \"v=DKIM1; p=" + weak + "\"",
                "_mta-sts.example.com. 300 IN TXT \"v=STSv1; id=20261203\"",
                "example.com. 300 IN MX 10 mx1.example.com.",
                "_smtp._tls.example.com. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tls@example.com\"",
                ""));
        for (int i = 1; i <= 11; i++) {
            zone.append("i")
                    .append(i)
                    .append(".example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.")
                    .append(i)
                    .append(" -all\"\n");
        }
        dns = ZoneDnsServer.start(0);
        dns.addZoneText(zone.toString());
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static String run(int expectedStatus, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(out + "\n" + err).isEqualTo(expectedStatus);
        return out.toString() + err;
    }

    @Test
    void printsEachFindingWithItsRecordAndExitsOneOnErrors() {
        String out = run(1, "posture", "--domain", "example.com", "--dns", dns.hostAndPort(), "--selector", "s1");
        assertThat(out)
                .contains("SPF    v=spf1 include:i1.example.com")
                .contains("[11 of 10 lookups]")
                .contains("needs 11 DNS lookups")
                .contains("512-bit RSA key is weak")
                .contains("mailto:dmarc@reports.example.net is outside example.com")
                .contains("record: v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net")
                .contains("MTA-STS v=STSv1; id=20261203   [policy not read from"
                        + " https://mta-sts.example.com/.well-known/mta-sts.txt; MX hosts mx1.example.com]")
                .contains("TLS-RPT v=TLSRPTv1; rua=mailto:tls@example.com")
                .contains("mta-sts.example.com has no A or AAAA record");
    }

    @Test
    void jsonCarriesSeverityCodeAndRecord() throws Exception {
        String out =
                run(1, "posture", "--domain", "nothing.example.org", "--dns", dns.hostAndPort(), "--format", "json");
        JsonNode posture = ReportJson.mapper().readTree(out);
        assertThat(posture.get("domain").asText()).isEqualTo("nothing.example.org");
        JsonNode first = posture.get("findings").get(0);
        assertThat(first.get("severity").asText()).isEqualTo("error");
        assertThat(posture.toString()).contains("\"code\":\"spf.missing\"").contains("\"code\":\"dmarc.missing\"");
    }

    @Test
    void readsTheSelectorsSeenInReportsFromTheStore(@TempDir Path dir) {
        String url = "duckdb:" + dir.resolve("posture.duckdb");
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        ReportHeader header = StoreTestData.dayHeader("Google", "1", "example.com", yesterday);
        try (ReportStore store = ReportStores.open(url)) {
            store.write(StoreTestData.report(header, Source.passing("192.0.2.1", 5)));
        }
        assertThat(run(1, "posture", "--domain", "example.com", "--dns", dns.hostAndPort(), "--store", url))
                .contains("s1._domainkey.example.com: 512-bit RSA key is weak");
    }

    @Test
    void refusesABadDomainOrSelector() {
        assertThat(run(2, "posture", "--domain", "not a domain", "--dns", dns.hostAndPort()))
                .contains("--domain: not a domain name: 'not a domain'");
        assertThat(run(2, "posture", "--domain", "example.com", "--selector", "@example.com"))
                .contains("--selector must look like s1 or s1@example.com: @example.com");
    }
}
