package io.ruaflow.api;

import io.ruaflow.enricher.DkimKeyCheck;
import io.ruaflow.enricher.DkimKeyStatus;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.SourceDetail;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoredDomain;
import io.ruaflow.store.StoredRecord;
import io.ruaflow.store.WeeklyData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store with one domain (example.com) and one report, answering with fixed rows: enough for tests of the HTTP
 * layer itself (validation, auth, formats). Numbers from real stores are checked in the end-to-end tests.
 */
class CannedStore implements ReportStore {
    static final String UID = "0123456789abcdef0123456789abcdef";
    static final ReportInfo REPORT = new ReportInfo(
            UID,
            "Evil <b>Corp</b>",
            "dmarc@evil.example",
            "r-1",
            "example.com",
            Instant.parse("2026-11-10T00:00:00Z"),
            Instant.parse("2026-11-11T00:00:00Z"),
            "rfc7489",
            2,
            30,
            List.of("=cmd|' /C calc'!A0", "second warning"),
            "upload:r.xml",
            "ab".repeat(32),
            ReportInfo.COMPLETE,
            null);
    static final SourceRow FAILING = new SourceRow(
            "203.0.113.9",
            "-evil.example",
            false,
            null,
            null,
            10,
            0,
            10,
            0,
            0,
            0,
            0,
            "fail",
            "-all",
            List.of(new DkimKeyCheck("example.com", "s1", DkimKeyStatus.MISSING, null, null, false)),
            "unauthorized",
            LocalDate.parse("2026-11-10"));
    static final SourceRow GOOD = new SourceRow(
            "192.0.2.1",
            "mx.example.com",
            true,
            "example.com",
            "Example, Inc.",
            20,
            20,
            0,
            20,
            20,
            0,
            0,
            "pass",
            "ip4:192.0.2.1",
            List.of(),
            "aligned",
            LocalDate.parse("2026-11-10"));

    final List<String> calls = new ArrayList<>();

    @Override
    public List<DomainOverview> domains(DateRange range) {
        calls.add("domains " + range.from() + ".." + range.to());
        return List.of(new DomainOverview("example.com", 30, 20, 20 / 30.0));
    }

    @Override
    public DomainSummary summary(String domain, DateRange range) {
        calls.add("summary " + domain + " " + range.from() + ".." + range.to());
        return new DomainSummary(
                domain,
                range,
                1,
                30,
                20,
                10,
                20,
                20,
                Map.of("none", 30L),
                List.of(new io.ruaflow.store.ReporterVolume("Evil <b>Corp</b>", 1, 30)));
    }

    @Override
    public List<SourceRow> sources(String domain, DateRange range, SourceQuery query) {
        calls.add("sources " + domain + " " + range.from() + ".." + range.to() + " " + query);
        return query.failingOnly() ? List.of(FAILING) : List.of(GOOD, FAILING);
    }

    @Override
    public long sourceCount(String domain, DateRange range, SourceQuery query) {
        return query.failingOnly() ? 1 : 2;
    }

    @Override
    public Optional<SourceDetail> sourceDetail(String domain, String sourceIp, DateRange range) {
        calls.add("source " + domain + " " + sourceIp + " " + range.from() + ".." + range.to());
        if (!sourceIp.equals(FAILING.sourceIp())) {
            return Optional.empty();
        }
        return Optional.of(new SourceDetail(
                domain,
                sourceIp,
                range,
                FAILING,
                null,
                Instant.parse("2026-11-20T00:00:00Z"),
                FAILING.dkimKeys(),
                timeseries(domain, range),
                List.of(new SourceDetail.Breakdown("example.com", 10, 10, range.from(), range.from())),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                1,
                0,
                List.of()));
    }

    @Override
    public List<StoredRecord> reportRecords(String reportUid, long offset, int limit) {
        calls.add("records " + reportUid + " " + offset + " " + limit);
        return List.of();
    }

    @Override
    public List<DailyVolume> timeseries(String domain, DateRange range) {
        List<DailyVolume> days = new ArrayList<>();
        for (var day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            days.add(new DailyVolume(day, 3, 2, 1, 2, 2));
        }
        return days;
    }

    @Override
    public WeeklyData weekly(String domain, String isoWeek) {
        var week = io.ruaflow.api.weekly.IsoWeek.parse(isoWeek);
        DomainSummary now = summary(domain, new DateRange(week.monday(), week.sunday()));
        DomainSummary before = summary(
                domain, new DateRange(week.monday().minusDays(7), week.sunday().minusDays(7)));
        return new WeeklyData(
                domain,
                isoWeek,
                now,
                before,
                List.of(GOOD, FAILING),
                List.of(FAILING),
                List.of(FAILING),
                2,
                1,
                1,
                timeseries(domain, now.range()),
                new PolicyPublished(domain, "none", null, null, "r", "r", 100, null, null, null));
    }

    @Override
    public List<ReportInfo> reports(String domain, int limit) {
        return domain == null || domain.equalsIgnoreCase("example.com") ? List.of(REPORT) : List.of();
    }

    @Override
    public List<PostureChecker.Selector> dkimSelectors(String domain, DateRange range) {
        return domain.equalsIgnoreCase("example.com")
                ? List.of(new PostureChecker.Selector("example.com", "s1"))
                : List.of();
    }

    @Override
    public Optional<ReportInfo> report(String reportUid) {
        return reportUid.equals(UID) ? Optional.of(REPORT) : Optional.empty();
    }

    @Override
    public void write(List<RecordsMessage> batch) {
        throw new UnsupportedOperationException("canned store is read-only");
    }

    @Override
    public boolean containsReport(String reportUid) {
        return reportUid.equals(UID);
    }

    @Override
    public String describe() {
        return "canned";
    }

    @Override
    public void close() {}

    @Override
    public List<StoredDomain> storedDomains() {
        calls.add("storedDomains");
        return List.of(new StoredDomain("example.com", LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-10")));
    }
}
