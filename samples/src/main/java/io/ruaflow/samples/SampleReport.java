package io.ruaflow.samples;

import io.ruaflow.parser.PolicyPublished;
import java.time.Instant;

/**
 * One planned report: who sends it, about which domain and period, how many records, and how it is packaged.
 * {@link SampleGenerator} turns it into bytes; the records follow from {@code recordSeed}.
 */
public record SampleReport(
        ReporterStyle reporter,
        Packaging packaging,
        PolicyPublished policy,
        String reportId,
        Instant begin,
        Instant end,
        int recordCount,
        long recordSeed) {

    /** This report in another packaging; the XML inside stays the same. */
    public SampleReport withPackaging(Packaging other) {
        return new SampleReport(reporter, other, policy, reportId, begin, end, recordCount, recordSeed);
    }

    /** This report with another number of records (for benchmarks: up to millions, streamed). */
    public SampleReport withRecordCount(int count) {
        return new SampleReport(reporter, packaging, policy, reportId, begin, end, count, recordSeed);
    }

    /** {@code submitter!domain!begin!end}, the stem every reporter uses for its file names. */
    public String stem() {
        return reporter.submitter() + "!" + policy.domain() + "!" + begin.getEpochSecond() + "!" + end.getEpochSecond()
                + (reporter.idInFileName() ? "!" + reportId : "");
    }

    /** The name of the XML, gzip or zip file as the reporter would attach it. */
    public String attachmentName() {
        if (packaging == Packaging.XML) return stem() + ".xml";
        return reporter.zips() ? stem() + ".zip" : stem() + ".xml.gz";
    }

    /** The file name to write this report under; {@code .eml} for mails. */
    public String fileName() {
        return switch (packaging) {
            case XML -> stem() + ".xml";
            case GZIP -> stem() + ".xml.gz";
            case ZIP -> stem() + ".zip";
            case EML -> stem() + ".eml";
        };
    }

    /** The mail subject the reporter would use. */
    public String subject() {
        return "Report domain: " + policy.domain() + " Submitter: " + reporter.submitter() + " Report-ID: "
                + (reporter == ReporterStyle.GOOGLE ? reportId : "<" + reportId + ">");
    }
}
