package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.samples.ZoneDnsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnrichCommandsTest {
    private static ZoneDnsServer dns;

    @BeforeAll
    static void start() throws Exception {
        dns = ZoneDnsServer.start(0);
        dns.addZoneText(String.join(
                "\n",
                "example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 include:_spf.google.com -all\"",
                "_spf.google.com. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 ~all\"",
                "s1._domainkey.example.com. 300 IN TXT \"v=DKIM1; p=\"",
                "10.2.0.192.in-addr.arpa. 300 IN PTR mail.example.com.",
                "mail.example.com. 300 IN A 192.0.2.10",
                ""));
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
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(expectedStatus);
        return out.toString() + err;
    }

    @Test
    void spfPrintsTheResultAndTheDecidingMechanism() {
        assertThat(run(0, "spf", "--ip", "198.51.100.4", "--mail-from", "a@example.com", "--dns", dns.hostAndPort()))
                .startsWith("pass include:_spf.google.com")
                .contains("via: _spf.google.com");
        assertThat(run(0, "spf", "--ip", "203.0.113.1", "--mail-from", "example.com", "--dns", dns.hostAndPort()))
                .startsWith("fail -all");
    }

    @Test
    void spfRejectsABadIpOrDnsServer() {
        assertThat(run(2, "spf", "--ip", "not-an-ip", "--mail-from", "a@example.com", "--dns", dns.hostAndPort()))
                .contains("not an IP address: not-an-ip");
        assertThat(run(2, "spf", "--ip", "fe80::1%eth0", "--mail-from", "a@example.com", "--dns", dns.hostAndPort()))
                .contains("not an IP address: fe80::1%eth0");
        assertThat(run(2, "spf", "--ip", "192.0.2.1", "--mail-from", "a@example.com", "--dns", "[fe80::1%lo]:53"))
                .contains("DNS server must look like");
        assertThat(run(2, "spf", "--ip", "192.0.2.1", "--mail-from", "a@example.com", "--dns", "dns.example:53"))
                .contains("DNS server must look like");
    }

    @Test
    void parseEnrichAddsAnEnrichmentToEveryRecord(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.xml");
        Files.writeString(
                report,
                "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>receiver.example</org_name>"
                        + "<email>d@receiver.example</email><report_id>1</report_id><date_range><begin>1700000000"
                        + "</begin><end>1700086399</end></date_range></report_metadata><policy_published>"
                        + "<domain>example.com</domain><p>reject</p></policy_published><record><row>"
                        + "<source_ip>192.0.2.10</source_ip><count>3</count><policy_evaluated><disposition>none"
                        + "</disposition><dkim>fail</dkim><spf>pass</spf></policy_evaluated></row><identifiers>"
                        + "<header_from>example.com</header_from></identifiers><auth_results><dkim><domain>"
                        + "example.com</domain><selector>s1</selector><result>fail</result></dkim><spf><domain>"
                        + "example.com</domain><result>pass</result></spf></auth_results></record></feedback>");
        String out = run(0, "parse", "--enrich", "--dns", dns.hostAndPort(), report.toString());
        JsonNode enrichment =
                ReportJson.mapper().readTree(out).get("records").get(0).get("enrichment");
        assertThat(enrichment.get("fresh_spf_result").asText()).isEqualTo("pass");
        assertThat(enrichment.get("fresh_spf_mechanism").asText()).isEqualTo("ip4:192.0.2.0/24");
        assertThat(enrichment.get("ptr_name").asText()).isEqualTo("mail.example.com");
        assertThat(enrichment.get("dkim_keys").get(0).get("status").asText()).isEqualTo("revoked");
        assertThat(enrichment.get("classification").asText()).isEqualTo("aligned");
    }

    @Test
    void benchEnrichPrintsColdAndWarmRates() {
        assertThat(run(
                        0,
                        "bench",
                        "enrich",
                        "--records",
                        "2000",
                        "--ips",
                        "50",
                        "--domains",
                        "5",
                        "--batch",
                        "500",
                        "--warm-runs",
                        "1"))
                .containsPattern("cold cache: 2,000 records \\(50 IPs, 5 domains\\) in [\\d.]+ s: [\\d,]+ records/s")
                .containsPattern("warm cache: 2,000 records in [\\d.]+ s: [\\d,]+ records/s, 0 more DNS queries");
    }
}
