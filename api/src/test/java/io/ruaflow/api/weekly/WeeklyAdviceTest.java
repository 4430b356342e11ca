package io.ruaflow.api.weekly;

import static io.ruaflow.api.weekly.WeeklyFixtures.data;
import static io.ruaflow.api.weekly.WeeklyFixtures.policy;
import static io.ruaflow.api.weekly.WeeklyFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.api.weekly.WeeklyReport.Verdict;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.parser.posture.MtaStsState;
import io.ruaflow.store.SourceRow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weekly report's advice, posture section and the record to publish for the next step. */
class WeeklyAdviceTest {
    private static final String LIVE = "v=DMARC1; p=none; pct=100; rua=mailto:dmarc@example.com; adkim=s";
    private static final List<SourceRow> SOURCES = List.of(
            source("192.0.2.1", 990, 0, "aligned", "pass"), source("203.0.113.9", 0, 10, "unauthorized", "fail"));

    private static String render(WeeklyReportFormat format, WeeklyReport report) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static DomainPosture posture(String dmarc) {
        return new DomainPosture(
                "example.com",
                Instant.parse("2026-11-20T10:00:00Z"),
                dmarc,
                "example.com",
                "v=spf1 -all",
                0,
                List.of(new Finding(
                        Finding.Severity.ERROR,
                        "spf",
                        "spf.lookups.over-limit",
                        "needs 11 DNS lookups",
                        "v=spf1 include:a <b>")));
    }

    @Test
    void aReadyVerdictEndsWithTheExactRecordToPublish() {
        WeeklyReport report =
                WeeklyReport.fromData(data(SOURCES, 1000, 990, policy("none", null)), posture(LIVE), null);
        assertThat(report.readiness().verdict()).isEqualTo(Verdict.READY);
        String record = "_dmarc.example.com. IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; adkim=s\"";
        assertThat(report.readiness().nextRecord()).isEqualTo(record);
        assertThat(report.readiness().summary()).endsWith("Publish: " + record);
    }

    @Test
    void withoutTheLiveRecordOrWhenNotReadyThereIsNoRecord() {
        assertThat(WeeklyReport.fromData(data(SOURCES, 1000, 990, policy("none", null)))
                        .readiness()
                        .nextRecord())
                .isNull();
        List<SourceRow> forwarded = List.of(
                source("192.0.2.1", 990, 0, "aligned", "pass"), source("192.0.2.2", 0, 10, "forwarded", "fail"));
        WeeklyReport notReady =
                WeeklyReport.fromData(data(forwarded, 1000, 990, policy("quarantine", null)), posture(LIVE), null);
        assertThat(notReady.readiness().verdict()).isEqualTo(Verdict.NOT_READY);
        assertThat(notReady.readiness().nextRecord()).isNull();
    }

    @Test
    void eachFailingSourceGetsOneActionAndTheHtmlShowsAdvicePostureAndRecord() throws Exception {
        WeeklyReport report =
                WeeklyReport.fromData(data(SOURCES, 1000, 990, policy("none", null)), posture(LIVE), null);
        assertThat(report.advice()).hasSize(1);
        SourceAdvisor.Advice advice = report.advice().get(0);
        assertThat(advice.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(advice.kind()).isEqualTo(SourceAdvisor.Kind.SPOOFING);
        assertThat(advice.action()).startsWith("likely spoofing: p=reject would stop it (10 messages");

        assertThat(render(WeeklyReportFormat.HTML, report))
                .contains("What to do")
                .contains("likely spoofing: p=reject would stop it")
                .contains("DNS posture")
                .contains("v=spf1 include:a &lt;b&gt;")
                .contains("_dmarc.example.com. IN TXT &quot;v=DMARC1; p=quarantine;")
                .doesNotContain("<script");

        assertThat(render(WeeklyReportFormat.CSV, report))
                .contains("section,advice")
                .contains("spoofing")
                .contains("section,posture")
                .contains("next_record")
                .contains("section,published_now")
                .contains("SPF,v=spf1 -all (0 of 10 DNS lookups)");
    }

    @Test
    void thePostureSectionShowsWhatIsPublishedNowMtaStsAndTlsRptIncluded() throws Exception {
        DomainPosture live = new DomainPosture(
                "mail.example.com",
                Instant.parse("2026-11-20T10:00:00Z"),
                LIVE,
                "example.com",
                null,
                0,
                List.of(),
                new MtaStsState(
                        "v=STSv1; id=20261101",
                        "20261101",
                        "https://mta-sts.mail.example.com/.well-known/mta-sts.txt",
                        200,
                        "enforce",
                        List.of("*.mx.example.net"),
                        604_800L,
                        List.of("a.mx.example.net", "b.mx.example.net"),
                        "v=TLSRPTv1; rua=mailto:tls@example.com",
                        List.of()));
        WeeklyReport report = WeeklyReport.fromData(data(SOURCES, 1000, 990, policy("none", null)), live, null);

        assertThat(render(WeeklyReportFormat.HTML, report))
                .contains("Published now")
                .contains(LIVE.replace("\"", "&quot;") + " (at _dmarc.example.com)")
                .contains(">none published<")
                .contains("v=STSv1; id=20261101")
                .contains("mode enforce, max_age 604800 s (7 days), mx *.mx.example.net")
                .contains("a.mx.example.net b.mx.example.net")
                .contains("v=TLSRPTv1; rua=mailto:tls@example.com")
                .contains("No errors or warnings in the published records.");

        assertThat(render(WeeklyReportFormat.CSV, report))
                .contains("SPF,none published")
                .contains("MTA-STS policy,\"mode enforce, max_age 604800 s (7 days), mx *.mx.example.net\"")
                .contains("TLS-RPT,v=TLSRPTv1; rua=mailto:tls@example.com");

        DomainPosture unreadPolicy = new DomainPosture(
                "example.com",
                live.checkedAt(),
                LIVE,
                "example.com",
                "v=spf1 -all",
                0,
                List.of(),
                new MtaStsState(
                        "v=STSv1; id=1",
                        "1",
                        "https://mta-sts.example.com/.well-known/mta-sts.txt",
                        null,
                        null,
                        List.of(),
                        null,
                        List.of(),
                        null,
                        List.of()));
        assertThat(PublishedNow.of(unreadPolicy))
                .extracting(PublishedNow.Line::value)
                .containsExactly(
                        LIVE,
                        "v=spf1 -all (0 of 10 DNS lookups)",
                        "v=STSv1; id=1",
                        "not read from https://mta-sts.example.com/.well-known/mta-sts.txt (no answer)",
                        "none",
                        "none published");
    }
}
