package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.samples.ZoneDnsServer;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiPostureTest {
    @Test
    void postureOfAKnownDomainListsFindingsWithTheirRecords() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);
        String weak = Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        try (ZoneDnsServer dns = ZoneDnsServer.start(0);
                CannedStore store = new CannedStore();
                DnsPosture checker = new DnsPosture(dns.hostAndPort(), store);
                ApiServer server = ApiServer.start(
                        ApiSettings.loopback(0),
                        store,
                        UploadHandler.refusing("read-only"),
                        new SimpleMeterRegistry(),
                        checker)) {
            dns.addZoneText(String.join(
                    "\n",
                    "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; pct=100; rua=mailto:d@example.com\"",
                    "example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 ?all\"",
                    "s1._domainkey.example.com. 300 IN TXT \"v=DKIM1; p=" + weak + "\"",
                    ""));
            Http http = new Http(server.port(), null);

            HttpResponse<String> response = http.get("/api/domains/EXAMPLE.com/posture");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode posture = Http.json(response);
            assertThat(posture.get("dmarc_record").asText())
                    .isEqualTo("v=DMARC1; p=none; pct=100; rua=mailto:d@example.com");
            assertThat(posture.get("spf_lookups").asInt()).isZero();
            List<String> codes = new ArrayList<>();
            posture.get("findings")
                    .forEach(f -> codes.add(
                            f.get("severity").asText() + " " + f.get("code").asText()));
            assertThat(codes).contains("error dkim.weak", "warning spf.all.neutral", "info dmarc.pct");
            assertThat(posture.get("findings").get(0).get("record").asText()).contains("s1._domainkey.example.com");

            assertThat(http.get("/api/domains/unknown.example/posture").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void withoutDnsThePostureEndpointSaysSo() {
        try (ApiServer server = ApiServer.start(
                ApiSettings.loopback(0),
                new CannedStore(),
                UploadHandler.refusing("read-only"),
                new SimpleMeterRegistry())) {
            HttpResponse<String> response = new Http(server.port(), null).get("/api/domains/example.com/posture");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Http.json(response).get("error").asText()).contains("needs DNS");
        }
    }
}
