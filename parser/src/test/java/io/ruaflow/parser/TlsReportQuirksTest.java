package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What real reporters send, read as a user would expect: recovered with a warning, or refused with the reason. */
class TlsReportQuirksTest {
    private static final String HEAD = "{\"organization-name\":\"Org\",\"date-range\":{\"start-datetime\":"
            + "\"2026-11-30T00:00:00Z\",\"end-datetime\":\"2026-11-30T23:59:59Z\"},\"contact-info\":\"t@org.example\","
            + "\"report-id\":\"id-1\",";

    private final ReportParser parser = new ReportParser();

    static Stream<Arguments> recovered() {
        return Stream.of(
                Arguments.of(
                        "Microsoft: no sending-mta-ip, no receiving-mx-hostname, no policy-string, id ends with +",
                        "{\"organization-name\":\"Microsoft Corporation\",\"date-range\":{\"start-datetime\":"
                                + "\"2025-06-14T00:00:00Z\",\"end-datetime\":\"2025-06-14T23:59:59Z\"},"
                                + "\"contact-info\":\"tlsrpt-noreply@microsoft.com\",\"report-id\":\"133944884956529435+\","
                                + "\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"example.com\"},"
                                + "\"summary\":{\"total-successful-session-count\":0,\"total-failure-session-count\":3},"
                                + "\"failure-details\":[{\"result-type\":\"sts-policy-fetch-error\","
                                + "\"failed-session-count\":3}]}]}",
                        (Consumer<TlsReport>) r -> {
                            assertThat(r.reportId()).isEqualTo("133944884956529435+");
                            TlsFailureDetail d =
                                    r.policies().get(0).failureDetails().get(0);
                            assertThat(d.sendingMtaIp()).isNull();
                            assertThat(d.receivingMxHostname()).isNull();
                            assertThat(d.failedSessionCount()).isEqualTo(3);
                            assertThat(r.policies().get(0).policyStrings()).isEmpty();
                            assertThat(r.warnings()).isEmpty();
                        }),
                Arguments.of(
                        "contact-info null, empty failure-details, end at the next midnight",
                        "{\"organization-name\":\"refluxstop.de\",\"date-range\":{\"start-datetime\":"
                                + "\"2026-01-11T00:00:00Z\",\"end-datetime\":\"2026-01-12T00:00:00Z\"},"
                                + "\"contact-info\":null,\"report-id\":\"1768089600_5665667737528564296\","
                                + "\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"hin.ch\","
                                + "\"mx-host\":[\"mx1.hin.ch\",\"mx2.hin.ch\"]},\"summary\":{"
                                + "\"total-successful-session-count\":1,\"total-failure-session-count\":0},"
                                + "\"failure-details\":[]}]}",
                        (Consumer<TlsReport>) r -> {
                            assertThat(r.contactInfo()).isNull();
                            assertThat(r.policies().get(0).mxHosts()).containsExactly("mx1.hin.ch", "mx2.hin.ch");
                            assertThat(r.policies().get(0).failureDetails()).isEmpty();
                            assertThat(r.warnings()).isEmpty();
                        }),
                Arguments.of(
                        "mx-host as one string, no-policy-found",
                        HEAD + "\"policies\":[{\"policy\":{\"policy-type\":\"no-policy-found\",\"policy-domain\":"
                                + "\"Example.COM.\",\"mx-host\":\"MX.example.com\"},\"summary\":{"
                                + "\"total-successful-session-count\":9,\"total-failure-session-count\":0}}]}",
                        (Consumer<TlsReport>) r -> {
                            TlsPolicy p = r.policies().get(0);
                            assertThat(p.policyType()).isEqualTo(TlsPolicy.NO_POLICY_FOUND);
                            assertThat(p.policyDomain()).isEqualTo("example.com");
                            assertThat(p.mxHosts()).containsExactly("mx.example.com");
                            assertThat(r.warnings()).isEmpty();
                        }),
                Arguments.of("no policies at all", HEAD + "\"policies\":[]}", (Consumer<TlsReport>) r -> {
                    assertThat(r.policies()).isEmpty();
                    assertThat(r.warnings()).containsExactly("the report has no policies");
                }),
                Arguments.of(
                        "underscored keys and counts as text",
                        "{\"organization_name\":\"Org\",\"date_range\":{\"start_datetime\":\"2026-11-30T00:00:00Z\","
                                + "\"end_datetime\":\"2026-11-30T23:59:59Z\"},\"report_id\":\"id-2\",\"policies\":[{"
                                + "\"policy\":{\"policy_type\":\"STS\",\"policy_domain\":\"example.com\"},\"summary\":{"
                                + "\"total_successful_session_count\":\"12\",\"total_failure_session_count\":1},"
                                + "\"failure_details\":[{\"result_type\":\"certificate-expired\","
                                + "\"failed_session_count\":1}]}]}",
                        (Consumer<TlsReport>) r -> {
                            assertThat(r.organizationName()).isEqualTo("Org");
                            assertThat(r.policies().get(0).policyType()).isEqualTo("sts");
                            assertThat(r.policies().get(0).successfulSessions()).isEqualTo(12);
                            assertThat(r.policies().get(0).failureDetails()).hasSize(1);
                            assertThat(r.warnings())
                                    .anyMatch(w -> w.startsWith("key organization_name in the report read as"))
                                    .anyMatch(w -> w.contains("is text (\"12\")"));
                        }),
                Arguments.of(
                        "a negative count and a count beyond belief",
                        HEAD + "\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"example.com\"},"
                                + "\"summary\":{\"total-successful-session-count\":-4,"
                                + "\"total-failure-session-count\":99999999999999999}}]}",
                        (Consumer<TlsReport>) r -> {
                            assertThat(r.successfulSessions()).isZero();
                            assertThat(r.failedSessions()).isZero();
                            assertThat(r.warnings()).hasSize(2).allMatch(w -> w.contains("0 is used"));
                        }),
                Arguments.of(
                        "no organization-name: the contact's domain stands in; dates without a zone",
                        "{\"date-range\":{\"start-datetime\":\"2026-11-30T00:00:00\",\"end-datetime\":"
                                + "\"2026-11-30\"},\"contact-info\":\"tls@Reporter.example\",\"report-id\":\"x\","
                                + "\"policies\":[]}",
                        (Consumer<TlsReport>) r -> {
                            assertThat(r.organizationName()).isEqualTo("reporter.example");
                            assertThat(r.begin()).isEqualTo(r.end());
                            assertThat(r.warnings()).anyMatch(w -> w.contains("no organization-name"));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recovered")
    void readsWhatReportersSend(String name, String json, Consumer<TlsReport> check) throws Exception {
        List<WholeReport> reports =
                parser.parseWhole(ReportInput.ofBytes("r.json", json.getBytes(StandardCharsets.UTF_8)));
        assertThat(reports).hasSize(1);
        check.accept((TlsReport) reports.get(0));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("cut-off JSON", HEAD + "\"policies\":[{\"policy\":", "is not valid JSON"),
                Arguments.of("no report-id", "{\"organization-name\":\"Org\",\"policies\":[]}", "has no report-id"),
                Arguments.of(
                        "no date-range",
                        "{\"report-id\":\"r\",\"policies\":[]}",
                        "SMTP TLS report r has no date-range"),
                Arguments.of(
                        "a date that is not one",
                        "{\"report-id\":\"r\",\"date-range\":{\"start-datetime\":\"yesterday\",\"end-datetime\":"
                                + "\"2026-11-30T00:00:00Z\"}}",
                        "start-datetime that is not a date-time: yesterday"),
                Arguments.of(
                        "nesting beyond the limit",
                        HEAD + "\"policies\":" + "[".repeat(40) + "]".repeat(40) + "}",
                        "nests JSON more than 32 deep"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithTheReason(String name, String json, String reason) {
        assertThatThrownBy(
                        () -> parser.parseWhole(ReportInput.ofBytes("bad.json", json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageStartingWith("bad.json: ")
                .hasMessageContaining(reason);
    }
}
