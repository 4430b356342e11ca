package io.ruaflow.parser;

import static io.ruaflow.parser.TestReports.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A report without {@code <domain>} in {@code <policy_published>} is read as the domain its records name. */
class PolicyDomainTest {
    private static final String RECORD = TestReports.CLEAN.substring(
            TestReports.CLEAN.indexOf("<record>"), TestReports.CLEAN.indexOf("</record>") + "</record>".length());

    private final ReportParser parser = new ReportParser();

    private static String withoutDomain(String... headerFroms) {
        StringBuilder records = new StringBuilder();
        for (String from : headerFroms) {
            records.append(RECORD.replace(
                    "<header_from>example.com</header_from>", "<header_from>" + from + "</header_from>"));
        }
        // the first <domain> is the policy's; those of the auth results stay
        return TestReports.CLEAN.replace(RECORD, records.toString()).replaceFirst("<domain>example.com</domain>", "");
    }

    @Test
    void recordsThatAgreeGiveTheDomainWithAWarning() throws Exception {
        Report report = parser.parseAll(ReportInput.ofBytes(
                        "old-yahoo.xml", utf8(withoutDomain("Example.COM", "example.com", "example.com"))))
                .get(0);
        assertThat(report.header().policyPublished().domain()).isEqualTo("example.com");
        assertThat(report.header().policyPublished().p()).isEqualTo("none");
        assertThat(report.header().reportUid()).isEqualTo(ReportUid.of("example.net", "r-1", "example.com"));
        assertThat(report.records()).hasSize(3);
        assertThat(report.warnings()).anyMatch(w -> w.contains("has no <domain>: example.com"));
    }

    @Test
    void recordsThatDisagreeAreRefusedAndTheReportNeverEnds() {
        List<String> events = new ArrayList<>();
        ReportHandler handler = new ReportHandler() {
            @Override
            public void header(ReportHeader header) {
                events.add("header");
            }

            @Override
            public void record(ReportRecord record) {
                events.add("record");
            }

            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
                events.add("end");
            }
        };
        assertThatThrownBy(() -> parser.parse(
                        ReportInput.ofBytes("mixed.xml", utf8(withoutDomain("example.com", "example.org"))), handler))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("mixed.xml: not a usable report: <policy_published> has no <domain>")
                .hasMessageContaining("(example.com, example.org)");
        assertThat(events).doesNotContain("end");
    }

    @Test
    void noDomainAndNoHeaderFromIsRefused() {
        String report = withoutDomain("example.com").replace("<header_from>example.com</header_from>", "");
        assertThatThrownBy(() -> parser.parseAll(ReportInput.ofBytes("none.xml", utf8(report))))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("no record names a <header_from>");
    }

    @Test
    void policyAfterRecordsIsCheckedToo() throws Exception {
        String disagreeing = withoutDomain("example.com", "example.org");
        int policyStart = disagreeing.indexOf("<policy_published>");
        int policyEnd = disagreeing.indexOf("</policy_published>") + "</policy_published>".length();
        String policy = disagreeing.substring(policyStart, policyEnd);
        String moved = disagreeing.replace(policy, "").replace("</feedback>", policy + "</feedback>");
        assertThatThrownBy(() -> parser.parseAll(ReportInput.ofBytes("late.xml", utf8(moved))))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("(example.com, example.org)");
    }
}
