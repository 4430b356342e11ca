package io.ruaflow.store;

import io.ruaflow.enricher.PostureChecker;
import java.util.List;
import java.util.Optional;

/**
 * The questions domain owners ask, answered the same way by every store. Every count is of messages (the records'
 * {@code count}), each report counted once however often it was delivered. Domains are matched case-insensitively.
 */
public interface Analytics {
    /**
     * Every policy domain with volume in the range, largest first; then, by name and with no messages, the domains
     * that only SMTP TLS or failure reports of the range speak of (their TLS, failure and weekly answers are there).
     */
    List<DomainOverview> domains(DateRange range);

    /** Totals for one domain; all counts zero when the domain has no volume in the range. */
    DomainSummary summary(String domain, DateRange range);

    List<SourceRow> sources(String domain, DateRange range, SourceQuery query);

    /** How many sources {@link #sources} would list without its limit, so a cut list can say what it left out. */
    long sourceCount(String domain, DateRange range, SourceQuery query);

    /** {@link #sources} and {@link #sourceCount} at once: one read of the domain's days where the store can. */
    default SourcePage sourcePage(String domain, DateRange range, SourceQuery query) {
        return new SourcePage(sources(domain, range, query), sourceCount(domain, range, query));
    }

    /** One source IP in detail; empty when it sent no messages as the domain in the range. */
    Optional<SourceDetail> sourceDetail(String domain, String sourceIp, DateRange range);

    /** One entry per day of the range, days without volume included as zeros. */
    List<DailyVolume> timeseries(String domain, DateRange range);

    /** @param isoWeek like {@code 2026-W46}; malformed weeks throw IllegalArgumentException naming the value */
    WeeklyData weekly(String domain, String isoWeek);

    /** Ingested reports, newest period first; {@code domain} may be null for all domains. */
    List<ReportInfo> reports(String domain, int limit);

    Optional<ReportInfo> report(String reportUid);

    /**
     * Whether any complete report of any kind the store keeps (aggregate, SMTP TLS, failure) is about the domain: a
     * domain that only sends TLS or failure reports here is as known as one with aggregates.
     */
    default boolean hasReports(String domain) {
        return !reports(domain, 1).isEmpty();
    }

    /**
     * A page of a report's records in report order: from {@code offset} (0-based), at most {@code limit} (1 to
     * {@link SourceQuery#MAX_LIMIT}); empty past the end or for an unknown uid.
     */
    List<StoredRecord> reportRecords(String reportUid, long offset, int limit);

    /**
     * Every DKIM (domain, selector) that reporters saw signing the domain's mail in reports overlapping the range,
     * domains lower-cased, at most {@value #MAX_DKIM_SELECTORS}. Stores that keep no records throw
     * UnsupportedOperationException.
     */
    default List<PostureChecker.Selector> dkimSelectors(String domain, DateRange range) {
        throw new UnsupportedOperationException("this store keeps no DKIM selectors");
    }

    /**
     * What the domain's SMTP TLS reports say over the range (see {@link TlsSummary}); all zeros when there are none.
     * Stores that keep no TLS reports throw UnsupportedOperationException.
     */
    default TlsSummary tls(String domain, DateRange range) {
        throw new UnsupportedOperationException("this store keeps no SMTP TLS reports");
    }

    /** The most selectors {@link #dkimSelectors} returns. */
    int MAX_DKIM_SELECTORS = PostureChecker.MAX_SELECTORS;

    /** The most failure reports one {@link #failures} call returns. */
    int MAX_FAILURES = 10_000;

    /**
     * The domain's failure reports that arrived in the range, newest first, at most {@code limit} (1 to
     * {@value #MAX_FAILURES}). Stores that keep none throw UnsupportedOperationException.
     */
    default List<FailureRow> failures(String domain, DateRange range, int limit) {
        throw new UnsupportedOperationException("this store keeps no failure reports");
    }

    /** The domain's failure reports in the range by source IP, most reports first, then by IP. */
    default List<FailureSource> failureSources(String domain, DateRange range) {
        throw new UnsupportedOperationException("this store keeps no failure reports");
    }

    /** The original's header block of one failure report; empty for an unknown uid. */
    default Optional<String> failureHeaders(String reportUid) {
        throw new UnsupportedOperationException("this store keeps no failure reports");
    }

    /**
     * Every policy domain with stored volume, by name, with the days it spans: what an empty answer or an unknown
     * domain is explained with. Reads all stored days, so ask it for explanations, not on every query.
     */
    List<StoredDomain> storedDomains();

    /**
     * The first and last UTC day that any kind of report the store keeps covers for the domain: aggregate record
     * days, SMTP TLS report days, failure report arrival days. What "all time" means for an answer about TLS or
     * failure reports, whose domain may have no aggregate volume. Empty when the store holds nothing about it.
     */
    default Optional<StoredDomain> reportDays(String domain) {
        return storedDomains().stream()
                .filter(d -> d.domain().equalsIgnoreCase(domain))
                .findFirst();
    }
}
