package io.ruaflow.parser.posture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire form the API, the weekly report and {@code ruaflow posture --json} all write for a posture. */
class DomainPostureJsonTest {
    @Test
    void aPostureIsWrittenInSnakeCaseWithLowerCaseSeverities() throws Exception {
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
        JsonNode json = ReportJson.mapper().valueToTree(posture);
        assertThat(json.get("domain").asText()).isEqualTo("example.com");
        assertThat(json.get("checked_at").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(json.get("dmarc_record_domain").asText()).isEqualTo("example.com");
        assertThat(json.get("spf_lookups").asInt()).isEqualTo(3);
        assertThat(json.get("findings").get(0).get("severity").asText()).isEqualTo("error");
        assertThat(json.get("findings").get(1).get("severity").asText()).isEqualTo("warning");
        assertThat(json.get("findings").get(1).get("record").isNull()).isTrue();
        assertThat(json.get("findings").get(2).get("code").asText()).isEqualTo("dmarc.pct");
        assertThat(json.get("mta_sts").get("max_age").asLong()).isEqualTo(86400);
        assertThat(json.get("mta_sts").get("http_status").asInt()).isEqualTo(200);
        assertThat(json.get("mta_sts").get("mx_hosts").get(1).asText()).isEqualTo("mail.example.com");
        assertThat(json.get("mta_sts").get("tls_rpt_record").asText()).startsWith("v=TLSRPTv1");
        assertThat(json.get("mta_sts").get("findings").get(0).get("severity").asText())
                .isEqualTo("error");
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly(
                        "domain",
                        "checked_at",
                        "dmarc_record",
                        "dmarc_record_domain",
                        "spf_record",
                        "spf_lookups",
                        "findings",
                        "mta_sts");
    }
}
