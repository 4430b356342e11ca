package io.ruaflow.samples;

import java.time.LocalDate;

/**
 * What to generate: {@code reports} report files, each with exactly {@code recordsPerReport} records, about the
 * first {@code domains} domains of the world, for days {@code from} to {@code to} inclusive (UTC).
 */
public record SampleOptions(int reports, int recordsPerReport, int domains, LocalDate from, LocalDate to) {
    /** Bounds {@code reports}: one file each, all planned up front. */
    public static final int MAX_REPORTS = 1_000_000;

    public SampleOptions {
        if (reports < 1 || reports > MAX_REPORTS) {
            throw new IllegalArgumentException(
                    "reports must be between 1 and MAX_REPORTS=" + MAX_REPORTS + ": " + reports);
        }
        if (recordsPerReport < 1) {
            throw new IllegalArgumentException("records per report must be at least 1: " + recordsPerReport);
        }
        if (domains < 1 || domains > SampleWorld.MAX_DOMAINS) {
            throw new IllegalArgumentException(
                    "domains must be between 1 and MAX_DOMAINS=" + SampleWorld.MAX_DOMAINS + ": " + domains);
        }
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("the date range must run forward: " + from + " to " + to);
        }
    }

    /** 20 reports of 10 records about 3 domains over the ISO week 2026-W46 (2026-11-09 to 2026-11-15). */
    public static SampleOptions defaults() {
        return new SampleOptions(20, 10, 3, LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 15));
    }

    public SampleOptions withReports(int n) {
        return new SampleOptions(n, recordsPerReport, domains, from, to);
    }

    public SampleOptions withRecordsPerReport(int n) {
        return new SampleOptions(reports, n, domains, from, to);
    }

    public SampleOptions withDomains(int n) {
        return new SampleOptions(reports, recordsPerReport, n, from, to);
    }

    public SampleOptions withDates(LocalDate first, LocalDate last) {
        return new SampleOptions(reports, recordsPerReport, domains, first, last);
    }
}
