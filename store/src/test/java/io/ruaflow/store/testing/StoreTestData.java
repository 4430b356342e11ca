package io.ruaflow.store.testing;

import static io.ruaflow.samples.ReportBuilder.header;

import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.DkimKeyCheck;
import io.ruaflow.enricher.DkimKeyStatus;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.enricher.OrgDomainMethod;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds enriched records messages for store tests without running the parser or enricher: a report is a header
 * (from {@code samples} {@code ReportBuilder}) plus sources, each source a record with chosen verdicts. Shipped in the store test-jar for the api and deploy tests.
 */
public final class StoreTestData {
    private StoreTestData() {}

    /** One record to put in a report. */
    public record Source(
            String ip,
            long count,
            boolean spfAligned,
            boolean dkimAligned,
            String disposition,
            Classification classification,
            String ptr,
            String service,
            String freshSpf,
            Instant checkedAt) {

        public static Source passing(String ip, long count) {
            return new Source(
                    ip,
                    count,
                    true,
                    true,
                    "none",
                    Classification.ALIGNED,
                    "mail." + ip + ".example.net",
                    "Example Mailer",
                    "pass",
                    Instant.parse("2026-11-20T00:00:00Z"));
        }

        public static Source failing(String ip, long count) {
            return new Source(
                    ip,
                    count,
                    false,
                    false,
                    "reject",
                    Classification.UNAUTHORIZED,
                    null,
                    null,
                    "fail",
                    Instant.parse("2026-11-20T00:00:00Z"));
        }

        public Source withSpfAligned(boolean aligned) {
            return new Source(
                    ip, count, aligned, dkimAligned, disposition, classification, ptr, service, freshSpf, checkedAt);
        }

        public Source withDkimAligned(boolean aligned) {
            return new Source(
                    ip, count, spfAligned, aligned, disposition, classification, ptr, service, freshSpf, checkedAt);
        }

        public Source withClassification(Classification value) {
            return new Source(
                    ip, count, spfAligned, dkimAligned, disposition, value, ptr, service, freshSpf, checkedAt);
        }

        public Source withEnrichment(String ptrName, String serviceName, String spf, Instant checked) {
            return new Source(
                    ip,
                    count,
                    spfAligned,
                    dkimAligned,
                    disposition,
                    classification,
                    ptrName,
                    serviceName,
                    spf,
                    checked);
        }

        public Source withDisposition(String value) {
            return new Source(
                    ip, count, spfAligned, dkimAligned, value, classification, ptr, service, freshSpf, checkedAt);
        }
    }

    /** Kept for tests written before the move: the header is {@code samples} {@code ReportBuilder}'s. */
    public static ReportHeader dayHeader(String org, String reportId, String domain, java.time.LocalDate day) {
        return io.ruaflow.samples.ReportBuilder.dayHeader(org, reportId, domain, day);
    }

    /** Every record of a report, then its completion. */
    public static List<RecordsMessage> report(ReportHeader header, Source... sources) {
        List<RecordsMessage> messages = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < sources.length; i++) {
            messages.add(record(header, i, sources[i]));
            total += sources[i].count();
        }
        messages.add(ReportCompleted.of(header, sources.length, total, List.of()));
        return messages;
    }

    public static EnrichedRecord record(ReportHeader header, long position, Source s) {
        String domain = header.policyPublished().domain();
        boolean pass = s.spfAligned() || s.dkimAligned();
        ReportRecord record = new ReportRecord(
                s.ip(),
                s.count(),
                s.disposition(),
                s.dkimAligned() ? "pass" : "fail",
                s.spfAligned() ? "pass" : "fail",
                s.disposition().equals("none") && !pass
                        ? List.of(new OverrideReason("local_policy", "it's \"ok\""))
                        : List.of(),
                domain,
                "bounce." + domain,
                domain,
                List.of(new DkimAuthResult(domain, "s1", s.dkimAligned() ? "pass" : "fail", null)),
                List.of(new SpfAuthResult("bounce." + domain, "mfrom", s.spfAligned() ? "pass" : "fail", null)));
        Enrichment enrichment = new Enrichment(
                domain,
                "bounce." + domain,
                s.spfAligned(),
                s.dkimAligned(),
                pass,
                false,
                s.freshSpf(),
                s.freshSpf() == null ? null : "ip4:" + s.ip(),
                List.of(new DkimKeyCheck(domain, "s1", DkimKeyStatus.FOUND, "rsa", 2048, false)),
                s.ptr(),
                s.ptr() == null ? null : Boolean.TRUE,
                s.ptr() == null ? null : "example.net",
                s.service(),
                s.service() == null ? null : "esp",
                s.classification(),
                s.checkedAt(),
                OrgDomainMethod.TREEWALK);
        return EnrichedRecord.of(header, position, record, enrichment);
    }

    /**
     * Deterministic, varied data: {@code reports} reports over {@code domains} domains (mixed case), several
     * reporters, periods of one day and some of several days, failing and passing sources, repeated IPs.
     */
    public static List<RecordsMessage> generated(long seed, int reports, int domains) {
        Random random = new Random(seed);
        List<RecordsMessage> messages = new ArrayList<>();
        String[] orgs = {"google.com", "Yahoo", "Mail.Ru", "Outlook.com", "Fastmail Pty"};
        Classification[] classes = Classification.values();
        String[] spf = {"pass", "fail", "softfail", "neutral", null};
        Instant base = Instant.parse("2026-10-26T00:00:00Z");
        for (int r = 0; r < reports; r++) {
            String domain = "Domain" + random.nextInt(domains) + (random.nextBoolean() ? ".EXAMPLE" : ".example");
            Instant begin = base.plusSeconds(random.nextInt(40 * 24) * 3600L);
            long hours = random.nextInt(5) == 0 ? 24 + random.nextInt(72) : 24;
            ReportHeader header = header(
                    orgs[random.nextInt(orgs.length)],
                    "r-" + seed + "-" + r,
                    domain,
                    begin,
                    begin.plusSeconds(hours * 3600));
            int records = 1 + random.nextInt(8);
            Source[] sources = new Source[records];
            for (int i = 0; i < records; i++) {
                String ip = "192.0.2." + random.nextInt(40);
                boolean spfAligned = random.nextInt(3) > 0;
                boolean dkimAligned = random.nextInt(3) > 0;
                String ptr = random.nextInt(4) == 0 ? null : "host" + random.nextInt(5) + ".example.net";
                sources[i] = new Source(
                        ip,
                        1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 20),
                        spfAligned,
                        dkimAligned,
                        new String[] {"none", "quarantine", "reject"}[random.nextInt(3)],
                        classes[random.nextInt(classes.length)],
                        ptr,
                        random.nextBoolean() ? "Service " + random.nextInt(3) : null,
                        spf[random.nextInt(spf.length)],
                        random.nextInt(6) == 0
                                ? null
                                : Instant.parse("2026-11-01T00:00:00Z").plusSeconds(random.nextInt(20) * 86_400L));
            }
            messages.addAll(report(header, sources));
        }
        return messages;
    }

    /** The first day {@link #failures} reports on. */
    public static final java.time.LocalDate FAILURES_FROM = java.time.LocalDate.parse("2026-11-09");

    /**
     * {@code n} failure reports about the sample world of {@code seed} (three domains), arriving over the week from
     * {@link #FAILURES_FROM}, read by the parser; every other one carries a re-check, as the enricher would add.
     */
    public static List<io.ruaflow.parser.FailureReport> failures(long seed, int n) {
        io.ruaflow.samples.SampleWorld world = io.ruaflow.samples.SampleWorld.fromSeed(seed, 3);
        io.ruaflow.parser.FailureReportParser parser = new io.ruaflow.parser.FailureReportParser();
        List<io.ruaflow.parser.FailureReport> reports = new java.util.ArrayList<>();
        int i = 0;
        for (io.ruaflow.samples.FailureSamples.Sample sample :
                io.ruaflow.samples.FailureSamples.generate(world, n, FAILURES_FROM, FAILURES_FROM.plusDays(6))) {
            try {
                io.ruaflow.parser.FailureReport r = parser.parse(io.ruaflow.parser.ReportInput.ofBytes(
                        sample.fileName(), sample.mail().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                if (i++ % 2 == 0) {
                    r = r.withRecheck(new io.ruaflow.parser.FailureReport.Recheck(
                            "host" + i + ".example.net",
                            i % 4 == 1,
                            i % 3 == 0 ? "SendGrid" : null,
                            "fail",
                            "-all",
                            "unauthorized",
                            java.time.Instant.parse("2026-11-20T00:00:00Z")));
                }
                reports.add(r);
            } catch (Exception e) {
                throw new IllegalStateException(sample.fileName() + " does not parse", e);
            }
        }
        return reports;
    }
}
