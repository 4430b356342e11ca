package io.ruaflow.api.weekly;

import static io.ruaflow.api.weekly.WeeklyFixtures.data;
import static io.ruaflow.api.weekly.WeeklyFixtures.policy;
import static io.ruaflow.api.weekly.WeeklyFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ruaflow.api.weekly.WeeklyReport.Verdict;
import io.ruaflow.store.SourceGroup;
import io.ruaflow.store.SourceRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeeklyReportTest {

    @Test
    void ratesAndWeekOverWeekChangeComeFromTheSummaries() {
        WeeklyReport report = WeeklyReport.fromData(data(
                List.of(
                        source("192.0.2.1", 900, 0, "aligned", "pass"),
                        source("198.51.100.7", 0, 100, "unauthorized", "fail")),
                800,
                780,
                policy("none", null)));

        assertThat(report.week()).isEqualTo("2026-W46");
        assertThat(report.from()).isEqualTo(LocalDate.of(2026, 11, 9));
        assertThat(report.to()).isEqualTo(LocalDate.of(2026, 11, 15));
        assertThat(report.volume().messages()).isEqualTo(1000);
        assertThat(report.volume().previousMessages()).isEqualTo(800);
        assertThat(report.volume().changePercent()).isEqualTo(25.0);
        assertThat(report.volume().change()).isEqualTo(200);
        assertThat(report.volume().changeText()).isEqualTo("+25.0% (from 800 messages)");
        assertThat(report.rates().dmarcPass()).isCloseTo(0.9, within(1e-9));
        assertThat(report.rates().spfAligned()).isCloseTo(0.9, within(1e-9));
        assertThat(report.rates().dkimAligned()).isCloseTo(0.45, within(1e-9));
        assertThat(report.previousRates().dmarcPass()).isCloseTo(0.975, within(1e-9));
        assertThat(report.topSources())
                .extracting(WeeklyReport.Source::sourceIp)
                .containsExactly("192.0.2.1", "198.51.100.7");
        assertThat(report.newSources())
                .extracting(WeeklyReport.Source::sourceIp)
                .containsExactly("198.51.100.7");
        assertThat(report.reporters()).hasSize(2);
    }

    @Test
    void changeIsNullWhenLastWeekHadNoMail() {
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 10, 0, "aligned", "pass")), 0, 0, policy("none", null)));
        assertThat(report.volume().changePercent()).isNull();
        assertThat(report.volume().changeText()).isEqualTo("no mail last week");
        assertThat(report.previousRates().dmarcPass()).isNull();
    }

    @Test
    void aTinyBaseGivesAnAbsoluteChangeNotAPercentage() throws Exception {
        // The corpus week: from 1 message to 2,286 was "+228500.0%".
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 2286, 0, "aligned", "pass")), 1, 1, policy("none", null)));
        assertThat(report.volume().changePercent()).isNull();
        assertThat(report.volume().change()).isEqualTo(2285);
        assertThat(report.volume().changeText()).isEqualTo("+2,285 messages (from 1 message)");
        String html = WeeklyReportFormatTest.render(report, WeeklyReportFormat.HTML);
        assertThat(html).contains("+2,285 messages (from 1 message)").doesNotContain("%)</td>");
        assertThat(Words.change(99, 100)).isEqualTo("-1.0% (from 100 messages)");
        assertThat(Words.change(1, 2)).isEqualTo("-1 message (from 2 messages)");
        assertThat(Words.change(5, 5)).isEqualTo("±0 messages (from 5 messages)");
    }

    @Test
    void countsAreWrittenWithTheRightPlural() {
        assertThat(Words.count(1, "message")).isEqualTo("1 message");
        assertThat(Words.count(0, "message")).isEqualTo("0 messages");
        assertThat(Words.count(2286, "failing message")).isEqualTo("2,286 failing messages");
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 1, 0, "aligned", "pass")), 1, 1, policy("none", null)));
        assertThat(report.readiness().reasons())
                .contains("only 1 message this week; at least 100 are needed to judge")
                .noneMatch(reason -> reason.contains("1 messages"));
    }

    @Test
    void fallingVolumeGivesANegativeChange() {
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 300, 0, "aligned", "pass")), 400, 400, policy("none", null)));
        assertThat(report.volume().changePercent()).isEqualTo(-25.0);
    }

    @Test
    void failingSourcesAreSortedByFailingVolumeAndCarryAReason() {
        WeeklyReport report = WeeklyReport.fromData(data(
                List.of(
                        source("192.0.2.1", 5000, 0, "aligned", "pass"),
                        source("192.0.2.2", 0, 40, "misconfigured", "pass"),
                        source("192.0.2.3", 0, 300, "unauthorized", "fail"),
                        source("192.0.2.4", 10, 90, "forwarded", "softfail"),
                        source("192.0.2.5", 0, 5, "unauthorized", "permerror")),
                5000,
                5000,
                policy("none", null)));

        assertThat(report.failingSources())
                .extracting(WeeklyReport.FailingSource::sourceIp)
                .containsExactly("192.0.2.3", "192.0.2.4", "192.0.2.2", "192.0.2.5");
        assertThat(report.failingSources().get(0).reason()).startsWith("not in SPF (fresh check: fail)");
        assertThat(report.failingSources().get(1).reason()).startsWith("forwarded");
        assertThat(report.failingSources().get(2).reason()).startsWith("SPF passes but does not align");
        assertThat(report.failingSources().get(3).reason()).contains("cannot be evaluated today (permerror)");
    }

    @Test
    void reasonsCoverEveryClassification() {
        assertThat(FailureReasons.explain(source("192.0.2.9", 0, 1, "misconfigured", "fail"), "example.com"))
                .startsWith("authenticates as another domain");
        assertThat(FailureReasons.explain(source("192.0.2.9", 0, 1, "unauthorized", null), "example.com"))
                .startsWith("not authorized: no SPF pass and no valid DKIM signature");
        assertThat(FailureReasons.explain(source("192.0.2.9", 0, 1, "unauthorized", "pass"), "example.com"))
                .startsWith("SPF authorizes this IP today");
        assertThat(FailureReasons.explain(source("192.0.2.9", 9, 1, "aligned", "pass"), "example.com"))
                .startsWith("mostly aligned");
        assertThat(FailureReasons.explain(source("192.0.2.9", 0, 1, null, null), "example.com"))
                .isEqualTo("not yet re-checked against DNS");
    }

    @Test
    void alignedDomainWithOnlySpoofedFailuresIsReadyForQuarantine() {
        WeeklyReport report = WeeklyReport.fromData(data(
                List.of(
                        source("192.0.2.1", 9870, 0, "aligned", "pass"),
                        source("198.51.100.7", 0, 130, "unauthorized", "fail")),
                9000,
                8900,
                policy("none", null)));

        assertThat(report.readiness().verdict()).isEqualTo(Verdict.READY);
        assertThat(report.readiness().currentPolicy()).isEqualTo("p=none");
        assertThat(report.readiness().nextPolicy()).isEqualTo("p=quarantine");
        assertThat(report.readiness().summary())
                .isEqualTo("100.0% of legitimate volume aligned, 2 weeks of data, all failing volume unauthorized:"
                        + " ready for p=quarantine");
    }

    @Test
    void legitimateFailingVolumeAboveTheThresholdIsNotReadyAndNamesTheSource() {
        // 97.0% of legitimate volume aligned: below MIN_ALIGNED_FOR_QUARANTINE (98%)
        WeeklyReport report = WeeklyReport.fromData(data(
                List.of(
                        source("192.0.2.1", 970, 0, "aligned", "pass"),
                        source("192.0.2.2", 0, 30, "misconfigured", "pass")),
                1000,
                970,
                policy("none", null)));

        assertThat(report.readiness().verdict()).isEqualTo(Verdict.NOT_READY);
        assertThat(report.readiness().reasons().get(0))
                .isEqualTo("97.0% of legitimate volume aligned this week; p=quarantine needs at least 98.0%");
        assertThat(report.readiness().reasons().get(1)).startsWith("192.0.2.2 sent 30 failing messages: SPF passes");
    }

    @Test
    void exactlyAtTheQuarantineThresholdIsReady() {
        WeeklyReport report = WeeklyReport.fromData(data(
                List.of(
                        source("192.0.2.1", 980, 0, "aligned", "pass"),
                        source("192.0.2.2", 0, 20, "misconfigured", "pass")),
                1000,
                980,
                policy("none", null)));
        assertThat(report.readiness().verdict()).isEqualTo(Verdict.READY);
        assertThat(report.readiness().summary()).contains("remaining failing volume within the 2.0% allowance");
    }

    @Test
    void quarantineNeedsTheStricterRejectThreshold() {
        List<SourceRow> sources = List.of(
                source("192.0.2.1", 990, 0, "aligned", "pass"), source("192.0.2.2", 0, 10, "forwarded", "fail"));
        assertThat(WeeklyReport.fromData(data(sources, 1000, 990, policy("quarantine", null)))
                        .readiness())
                .satisfies(r -> {
                    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
                    assertThat(r.nextPolicy()).isEqualTo("p=reject");
                    assertThat(r.reasons().get(0)).contains("p=reject needs at least 99.5%");
                });
        assertThat(WeeklyReport.fromData(data(sources, 1000, 990, policy("none", null)))
                        .readiness()
                        .verdict())
                .isEqualTo(Verdict.READY);
    }

    @Test
    void partialPctStepsUpToHundredFirst() {
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 1000, 0, "aligned", "pass")), 1000, 1000, policy("quarantine", 25)));
        assertThat(report.readiness().currentPolicy()).isEqualTo("p=quarantine pct=25");
        assertThat(report.readiness().nextPolicy()).isEqualTo("p=quarantine pct=100");
        assertThat(report.readiness().verdict()).isEqualTo(Verdict.READY);
    }

    @Test
    void rejectAtFullPctIsTheStrictest() {
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 1000, 0, "aligned", "pass")), 1000, 1000, policy("reject", 100)));
        assertThat(report.readiness().verdict()).isEqualTo(Verdict.AT_STRICTEST);
        assertThat(report.readiness().nextPolicy()).isNull();
    }

    @Test
    void tooLittleVolumeInEitherWeekIsInsufficientData() {
        WeeklyReport thin = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 99, 0, "aligned", "pass")), 1000, 1000, policy("none", null)));
        assertThat(thin.readiness().verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(thin.readiness().reasons())
                .containsExactly("only 99 messages this week; at least 100 are needed to judge");

        WeeklyReport noHistory = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 1000, 0, "aligned", "pass")), 0, 0, policy("none", null)));
        assertThat(noHistory.readiness().verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(noHistory.readiness().reasons().get(0)).startsWith("only 0 messages last week");
    }

    @Test
    void aFreshImprovementWaitsAWeek() {
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 1000, 0, "aligned", "pass")), 1000, 800, policy("none", null)));
        assertThat(report.readiness().verdict()).isEqualTo(Verdict.NOT_READY);
        assertThat(report.readiness().reasons())
                .containsExactly(
                        "DMARC pass rate rose from 80.0% last week to 100.0% this week; wait a week to confirm the improvement holds");
    }

    @Test
    void noPublishedPolicyIsNotReady() {
        WeeklyReport report =
                WeeklyReport.fromData(data(List.of(source("192.0.2.1", 1000, 0, "aligned", "pass")), 1000, 1000, null));
        assertThat(report.readiness().verdict()).isEqualTo(Verdict.NOT_READY);
        assertThat(report.readiness().summary()).startsWith("no published DMARC policy");
    }

    @Test
    void listsAreCappedAtTheirNamedLimits() {
        List<SourceRow> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(source("10.0.0." + i, 100 - i, 1, "misconfigured", "pass"));
        }
        WeeklyReport report = WeeklyReport.fromData(data(many, 1000, 1000, policy("none", null)));
        assertThat(report.topSources()).hasSize(WeeklyReport.TOP_SOURCES);
        assertThat(report.failingSources()).hasSize(WeeklyReport.MAX_FAILING_SOURCES);
    }

    @Test
    void aCutListSaysHowManyItLeftOutAndLinksToTheFullList() throws Exception {
        List<SourceRow> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(source("10.0.0." + i, 100 - i, 1, "unauthorized", "fail"));
        }
        WeeklyReport report = WeeklyReport.fromData(data(many, 1000, 1000, policy("none", null)));
        assertThat(report.failingSourcesCut())
                .isEqualTo(new WeeklyReport.ListCut(
                        60,
                        25,
                        35,
                        "/api/domains/example.com/sources?from=2026-11-09&to=2026-11-15&failing=true&limit=60",
                        "/api/domains/example.com/sources?from=2026-11-09&to=2026-11-15&failing=true&limit=60"
                                + "&format=csv"));
        assertThat(report.topSourcesCut().omitted()).isEqualTo(50);
        assertThat(report.newSourcesCut().omitted()).isZero();

        String html = WeeklyReportFormatTest.render(report, WeeklyReportFormat.HTML);
        assertThat(html)
                .contains("Failing sources (25 of 60)")
                .contains("… and 35 more sources not shown. The full list of 60 failing sources")
                .contains("href=\"/api/domains/example.com/sources?from=2026-11-09&amp;to=2026-11-15&amp;failing=true"
                        + "&amp;limit=60&amp;format=csv\"")
                .contains("Top sources (10 of 60)");
        // The 60 failing sources share one /24: one line, like a botnet.
        assertThat(report.failingNetworks())
                .extracting(SourceGroup::key, SourceGroup::sources, SourceGroup::dmarcFail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.0/24", 60, 60L));
        assertThat(html)
                .contains("Failing sources by network")
                .contains("10.0.0.0/24")
                .contains("and 57 more");
        String json =
                WeeklyReportFormatTest.render(report, WeeklyReportFormat.JSON).replaceAll("\\s", "");
        assertThat(json).contains("\"failing_sources_cut\":{\"total\":60,\"shown\":25,\"omitted\":35");
        String csv = WeeklyReportFormatTest.render(report, WeeklyReportFormat.CSV);
        assertThat(csv).contains("omitted,35,of,60,full list,/api/domains/example.com/sources?from=2026-11-09");
    }

    @Test
    void failingSourcesCarryWhatTheRecheckFound() throws Exception {
        SourceRow row = new SourceRow(
                "203.0.113.5",
                "mail.spoof.example",
                false,
                "spoof.example",
                null,
                50,
                0,
                50,
                0,
                0,
                0,
                7,
                "fail",
                "-all",
                List.of(
                        new io.ruaflow.enricher.DkimKeyCheck(
                                "example.com", "s1", io.ruaflow.enricher.DkimKeyStatus.MISSING, null, null, false),
                        new io.ruaflow.enricher.DkimKeyCheck(
                                "example.com", "s2", io.ruaflow.enricher.DkimKeyStatus.FOUND, "rsa", 2048, false)),
                "unauthorized",
                LocalDate.of(2026, 11, 10));
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 900, 0, "aligned", "pass"), row), 800, 780, policy("none", null)));
        assertThat(report.failingSources().get(0).details())
                .containsExactly(
                        "fresh SPF check: fail, decided by -all",
                        "DKIM selector s1 for example.com: key missing",
                        "PTR mail.spoof.example does not resolve back to this IP (not forward-confirmed)",
                        "ruaflow's DMARC verdict differs from the reporter's for 7 messages");
        assertThat(WeeklyReportFormatTest.render(report, WeeklyReportFormat.HTML))
                .contains("<li>DKIM selector s1 for example.com: key missing</li>");
    }

    @Test
    void isoWeeksParseAndRejectWithTheValueInTheMessage() {
        assertThat(IsoWeek.parse("2026-W46").monday()).isEqualTo(LocalDate.of(2026, 11, 9));
        assertThat(IsoWeek.parse("2026-W01").monday()).isEqualTo(LocalDate.of(2025, 12, 29));
        assertThat(IsoWeek.parse("2026-W53").monday()).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(IsoWeek.parse("2026-W01").previous()).hasToString("2025-W52");
        assertThat(IsoWeek.containing(LocalDate.of(2027, 1, 1))).hasToString("2026-W53");
        assertThatThrownBy(() -> IsoWeek.parse("2026-46")).hasMessage("week must look like 2026-W46: 2026-46");
        assertThatThrownBy(() -> IsoWeek.parse("2025-W53"))
                .hasMessage("week 2025-W53 does not exist; 2025 has 52 ISO weeks");
        assertThatThrownBy(() -> IsoWeek.parse("2026-W00")).hasMessageContaining("2026-W0 does not exist");
        assertThatThrownBy(() -> IsoWeek.parse(null)).hasMessage("week must look like 2026-W46: null");
    }
}
