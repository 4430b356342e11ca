package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.enricher.DomainPosture;
import io.ruaflow.enricher.Finding;
import io.ruaflow.enricher.MtaStsState;
import io.ruaflow.parser.ReportJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivePostureTest {
    @Test
    void theApiViewOfAPostureWritesTheSameJsonAsTheEnrichersPosture() throws Exception {
        DomainPosture posture = new DomainPosture(
                "example.com",
                Instant.parse("2026-11-20T10:00:00Z"),
                "v=DMARC1; p=none",
                "example.com",
                "v=spf1 include:a.example -all",
                3,
                List.of(
                        Finding.error("dkim", "dkim.weak", "RSA key of 512 bits", "s1._domainkey.example.com"),
                        Finding.warning("spf", "spf.all.neutral", "?all", null),
                        Finding.info("dmarc", "dmarc.pct", "pct is gone", "v=DMARC1; p=none")),
                new MtaStsState(
                        "v=STSv1; id=1",
                        "1",
                        "https://mta-sts.example.com/.well-known/mta-sts.txt",
                        200,
                        "enforce",
                        List.of("*.mx.example.com"),
                        86400L,
                        List.of("a.mx.example.com", "mail.example.com"),
                        "v=TLSRPTv1; rua=mailto:t@example.com",
                        List.of(Finding.error(
                                "mta-sts", "mta-sts.mx.uncovered", "MX host mail.example.com", "mail.example.com"))));
        JsonNode enricher = ReportJson.mapper().valueToTree(posture);
        JsonNode api = ReportJson.mapper().valueToTree(LivePosture.view(posture));
        assertThat(api).isEqualTo(enricher);
        assertThat(api.get("findings").get(1).get("severity").asText()).isEqualTo("warning");
        assertThat(api.get("spf_lookups").asInt()).isEqualTo(3);
        assertThat(api.get("mta_sts").get("max_age").asLong()).isEqualTo(86400);
        assertThat(api.get("mta_sts").get("findings").get(0).get("severity").asText())
                .isEqualTo("error");
    }
}
