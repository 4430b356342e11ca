package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.TlsFailureDetail;
import io.ruaflow.parser.TlsPolicy;
import io.ruaflow.parser.TlsReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReportStore} answers about SMTP TLS reports; run against each store by a subclass. */
abstract class TlsStoreContract {
    static final LocalDate DAY = LocalDate.parse("2026-11-10");
    static final DateRange TWO_DAYS = new DateRange(DAY, DAY.plusDays(1));

    ReportStore store;

    abstract ReportStore newStore();

    /** Waits until deletes issued so far are applied (ClickHouse deletes in the background); nothing by default. */
    void awaitDeletes() {}

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static TlsReport report(String org, String id, LocalDate day, TlsPolicy... policies) {
        Instant begin = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return new TlsReport(
                TlsReport.uidOf(org, id),
                org,
                "tls@" + org.toLowerCase(java.util.Locale.ROOT),
                id,
                begin,
                begin.plusSeconds(86_399),
                List.of(policies),
                List.of(),
                new ReportSource("test/" + id + ".json", "00".repeat(32)));
    }

    static TlsPolicy sts(String domain, long ok, long failed, TlsFailureDetail... details) {
        return new TlsPolicy(
                TlsPolicy.STS,
                List.of("version: STSv1", "mode: enforce"),
                domain,
                List.of("mx." + domain),
                ok,
                failed,
                List.of(details));
    }

    static TlsFailureDetail failure(String type, String sendingIp, String mx, long sessions) {
        return new TlsFailureDetail(type, sendingIp, mx, null, "192.0.2.25", sessions, null, null);
    }

    private static List<RecordsMessage> messages(TlsReport report) {
        return List.of(WholeReportMessage.of(report));
    }

    @Test
    void aDomainWithOnlyTlsReportsIsKnown() {
        assertThat(store.hasReports("tls-only.example")).isFalse();
        store.write(messages(report("Google Inc.", "g-known", DAY, sts("tls-only.example", 10, 0))));
        assertThat(store.hasReports("TLS-Only.example")).isTrue();
        assertThat(store.hasReports("other.example")).isFalse();
        assertThat(store.reports("tls-only.example", 1))
                .as("no aggregate report")
                .isEmpty();
        assertThat(store.reportDays("tls-only.example")).contains(new StoredDomain("tls-only.example", DAY, DAY));
        assertThat(store.reportDays("other.example")).isEmpty();
        assertThat(store.storedDomains()).as("aggregate volume only").isEmpty();
        assertThat(store.domains(TWO_DAYS))
                .as("listed with no messages, so the dashboard can open it")
                .containsExactly(new DomainOverview("tls-only.example", 0, 0, 0));
        assertThat(store.domains(new DateRange(DAY.plusDays(2), DAY.plusDays(3))))
                .isEmpty();
    }

    @Test
    void aTlsReportIsContainedOnceWrittenAndCountedOnceHoweverOftenWritten() {
        TlsReport google = report(
                "Google Inc.",
                "g-1",
                DAY,
                sts("example.com", 40, 3, failure("certificate-expired", "209.85.220.41", "mx.example.com", 3)));
        assertThat(store.containsReport(google.reportUid())).isFalse();
        store.write(messages(google));
        store.write(messages(google));
        store.write(messages(google));
        assertThat(store.containsReport(google.reportUid())).isTrue();
        TlsSummary tls = store.tls("Example.COM", TWO_DAYS);
        assertThat(tls.successfulSessions()).isEqualTo(40);
        assertThat(tls.failedSessions()).isEqualTo(3);
        assertThat(tls.byResultType()).containsExactly(new TlsSummary.ResultType("certificate-expired", 3));
        assertThat(tls.reporters()).containsExactly(new TlsSummary.Reporter("Google Inc.", 1, 40, 3));
    }

    @Test
    void aReportSentAgainWithFewerPoliciesAndDetailsCountsOnlyItsLatestCopy() {
        TlsReport first = report(
                "Google Inc.",
                "g-again",
                DAY,
                sts(
                        "example.com",
                        40,
                        5,
                        failure("certificate-expired", "209.85.220.41", "mx1.example.com", 3),
                        failure("starttls-not-supported", "209.85.220.42", "mx2.example.com", 2)),
                sts("example.com", 10, 1, failure("validation-failure", null, "mx3.example.com", 1)));
        TlsReport again = report(
                "Google Inc.",
                "g-again",
                DAY,
                sts("example.com", 44, 1, failure("certificate-expired", "209.85.220.41", "mx1.example.com", 1)));
        store.write(messages(first));
        store.write(messages(again));
        store.write(messages(again)); // a redelivery of the latest copy changes nothing
        awaitDeletes();

        TlsSummary tls = store.tls("example.com", TWO_DAYS);
        assertThat(tls.successfulSessions()).isEqualTo(44);
        assertThat(tls.failedSessions()).isEqualTo(1);
        assertThat(tls.byResultType()).containsExactly(new TlsSummary.ResultType("certificate-expired", 1));
        assertThat(tls.byReceivingMx())
                .containsExactly(new TlsSummary.ReceivingMx("mx1.example.com", "certificate-expired", 1));
        assertThat(tls.reporters()).containsExactly(new TlsSummary.Reporter("Google Inc.", 1, 44, 1));
    }

    @Test
    void summaryCountsSessionsPerDayFailuresByTypeAndMxAndReporters() {
        store.write(messages(report(
                "Google Inc.",
                "g-1",
                DAY,
                sts(
                        "example.com",
                        100,
                        7,
                        failure("certificate-expired", "209.85.220.41", "mx1.example.com", 5),
                        failure("starttls-not-supported", "209.85.220.42", "mx2.example.com", 2)),
                sts("other.example", 999, 99, failure("certificate-expired", "209.85.220.41", "mx.other", 99)))));
        // Microsoft omits sending-mta-ip; this one names no MX either
        store.write(messages(report(
                "Microsoft Corporation",
                "m-1",
                DAY.plusDays(1),
                sts(
                        "example.com",
                        20,
                        4,
                        failure("certificate-expired", null, "mx1.example.com", 3),
                        failure("validation-failure", null, null, 1)))));
        // outside the range
        store.write(messages(report(
                "Google Inc.",
                "g-0",
                DAY.minusDays(1),
                sts("example.com", 1000, 1000, failure("certificate-expired", null, null, 1000)))));
        // no policies at all: stored, counts nothing
        TlsReport empty = report("Yahoo", "y-1", DAY);
        store.write(messages(empty));

        TlsSummary tls = store.tls("example.com", TWO_DAYS);
        assertThat(tls.domain()).isEqualTo("example.com");
        assertThat(tls.successfulSessions()).isEqualTo(120);
        assertThat(tls.failedSessions()).isEqualTo(11);
        assertThat(tls.failureRate()).isEqualTo(11.0 / 131);
        assertThat(tls.days())
                .containsExactly(new TlsSummary.Day(DAY, 100, 7), new TlsSummary.Day(DAY.plusDays(1), 20, 4));
        assertThat(tls.byResultType())
                .containsExactly(
                        new TlsSummary.ResultType("certificate-expired", 8),
                        new TlsSummary.ResultType("starttls-not-supported", 2),
                        new TlsSummary.ResultType("validation-failure", 1));
        assertThat(tls.byReceivingMx())
                .containsExactly(
                        new TlsSummary.ReceivingMx("mx1.example.com", "certificate-expired", 8),
                        new TlsSummary.ReceivingMx("mx2.example.com", "starttls-not-supported", 2),
                        new TlsSummary.ReceivingMx("", "validation-failure", 1));
        assertThat(tls.reporters())
                .containsExactly(
                        new TlsSummary.Reporter("Google Inc.", 1, 100, 7),
                        new TlsSummary.Reporter("Microsoft Corporation", 1, 20, 4));
        assertThat(store.containsReport(empty.reportUid())).isTrue();
    }

    @Test
    void aDomainWithoutTlsReportsHasZerosForEveryDay() {
        TlsSummary tls = store.tls("nothing.example", TWO_DAYS);
        assertThat(tls.successfulSessions()).isZero();
        assertThat(tls.failedSessions()).isZero();
        assertThat(tls.failureRate()).isZero();
        assertThat(tls.days()).extracting(TlsSummary.Day::day).containsExactly(DAY, DAY.plusDays(1));
        assertThat(tls.byResultType()).isEmpty();
        assertThat(tls.reporters()).isEmpty();
    }

    @Test
    void tlsReportsAddNoMessagesToAggregateAnswers() {
        store.write(messages(report("Google Inc.", "g-1", DAY, sts("example.com", 5, 0))));
        assertThat(store.domains(TWO_DAYS)).containsExactly(new DomainOverview("example.com", 0, 0, 0));
        assertThat(store.summary("example.com", TWO_DAYS).messages()).isZero();
    }
}
