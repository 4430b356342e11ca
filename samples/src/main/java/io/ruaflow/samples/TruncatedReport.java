package io.ruaflow.samples;

import io.ruaflow.parser.ReportRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;

/**
 * One generated gzip report in two copies: intact, and cut off after its first {@link #WHOLE_RECORDS} records
 * (see {@link SampleGenerator#truncatedGzip}). The pair every path is tested with for "a report counts whole or not
 * at all": the truncated copy must count nothing, the intact one its {@link #messages} exactly once. A reader sees
 * a little fewer than {@link #WHOLE_RECORDS} records before the failure (the last decompressed bytes are still in
 * its buffers), but more than {@link #RECORDS_SEEN_AT_LEAST}: enough for a writer to have stored a chunk of them.
 *
 * @param day the one UTC day the report covers
 * @param messages the messages of the intact report
 */
public record TruncatedReport(
        String domain, LocalDate day, String orgName, byte[] intact, byte[] truncated, long messages) {
    /** Well-formed records before the cut. */
    public static final int WHOLE_RECORDS = 6_000;

    /** Records any reader gets before the failure: a full chunk of 5,000, so stores really hold some of them. */
    public static final int RECORDS_SEEN_AT_LEAST = 5_000;

    /** Records of the intact report. */
    public static final int RECORDS = WHOLE_RECORDS + 200;

    public static TruncatedReport create() {
        SampleGenerator generator = SampleGenerator.fromSeed(
                9, SampleOptions.defaults().withReports(1).withDomains(1).withRecordsPerReport(RECORDS));
        SampleReport report = generator.reports().get(0).withPackaging(Packaging.GZIP);
        long messages = 0;
        for (Iterator<ReportRecord> it = generator.records(report); it.hasNext(); ) {
            messages += it.next().count();
        }
        return new TruncatedReport(
                report.policy().domain(),
                report.begin().atOffset(ZoneOffset.UTC).toLocalDate(),
                report.reporter().orgName(),
                generator.bytes(report),
                generator.truncatedGzip(report, WHOLE_RECORDS),
                messages);
    }
}
