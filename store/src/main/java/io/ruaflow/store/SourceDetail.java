package io.ruaflow.store;

import io.ruaflow.enricher.DkimKeyCheck;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything known about one source IP of a domain over a range: its {@link SourceRow} totals, the latest
 * enrichment (PTR and whether it is forward-confirmed, service, fresh SPF result and deciding mechanism, DKIM key
 * status, when it was checked), the daily series, and its records broken down by header_from, envelope_from, DKIM
 * (domain, selector, result), SPF (domain, result) and reporter. Counts in the breakdowns are the messages of the
 * range (a record whose report period crosses the range edge counts its share of the days inside).
 *
 * <p>The breakdowns cover at most {@link #MAX_RECORDS} records, newest report first; {@code recordsTotal} and
 * {@code recordsOmitted} say how many there are and how many were left out. {@code records} lists the newest
 * {@link #LISTED_RECORDS} of them in full.
 */
public record SourceDetail(
        String domain,
        String sourceIp,
        DateRange range,
        SourceRow source,
        String serviceType,
        Instant checkedAt,
        List<DkimKeyCheck> dkimKeys,
        List<DailyVolume> daily,
        List<Breakdown> headerFrom,
        List<Breakdown> envelopeFrom,
        List<Breakdown> dkim,
        List<Breakdown> spf,
        List<Breakdown> reporters,
        long recordsTotal,
        long recordsOmitted,
        List<StoredRecord> records) {

    public SourceDetail {
        dkimKeys = List.copyOf(dkimKeys);
        daily = List.copyOf(daily);
        headerFrom = List.copyOf(headerFrom);
        envelopeFrom = List.copyOf(envelopeFrom);
        dkim = List.copyOf(dkim);
        spf = List.copyOf(spf);
        reporters = List.copyOf(reporters);
        records = List.copyOf(records);
    }

    /** The most records the breakdowns read. */
    public static final int MAX_RECORDS = 10_000;
    /** How many records are listed in full. */
    public static final int LISTED_RECORDS = 50;

    /**
     * One value of a breakdown (a header_from domain, a DKIM "domain selector result", a reporter) with its messages
     * in the range, how many of them failed DMARC, and the first and last day it was seen in the range.
     */
    public record Breakdown(String value, long messages, long dmarcFail, LocalDate firstDay, LocalDate lastDay) {}
}
