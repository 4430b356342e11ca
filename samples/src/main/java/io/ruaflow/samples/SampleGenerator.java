package io.ruaflow.samples;

import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.samples.SampleWorld.PolicyDomain;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Plans and writes aggregate reports about a {@link SampleWorld}: which receiver reports on which domain for which
 * period, in which packaging, and the records in each. Everything follows from the seed and the options, so the
 * same inputs give byte-identical files on every run, machine and time zone.
 *
 * <p>Reports are spread over the days of the range and the domains; large receivers (Google-like) report more
 * often than small ones. When more reports are asked for than there are (day, domain, receiver) slots, each day is
 * split into shorter periods. Records are produced on demand ({@link #records}), so {@link #writeXml} streams a
 * report of any size in constant memory.
 */
public final class SampleGenerator {
    private static final long SECONDS_PER_DAY = 86_400;

    /** Bounds how finely a day is split when many reports are asked for: periods last at least a minute. */
    public static final long MAX_PERIODS_PER_DAY = SECONDS_PER_DAY / 60;

    /** The folder of a sample set that holds the report files. */
    public static final String REPORTS_DIR = "reports";

    /** The file of a sample set that holds the zone, next to {@link #REPORTS_DIR}. */
    public static final String ZONE_FILE = "zone.txt";

    private final long seed;
    private final SampleOptions options;
    private final SampleWorld world;
    private final List<SampleReport> reports;
    private final Instant lastWeekStart;

    /** What {@link #writeTo} wrote. {@code messages} is the sum of the record counts. */
    public record Summary(int reports, long records, long messages, long bytes) {}

    private SampleGenerator(long seed, SampleOptions options) {
        this.seed = seed;
        this.options = options;
        this.world = SampleWorld.fromSeed(seed, options.domains());
        this.lastWeekStart = options.to().minusDays(6).atStartOfDay().toInstant(ZoneOffset.UTC);
        this.reports = plan();
    }

    public static SampleGenerator fromSeed(long seed, SampleOptions options) {
        return new SampleGenerator(seed, options);
    }

    public long seed() {
        return seed;
    }

    public SampleOptions options() {
        return options;
    }

    public SampleWorld world() {
        return world;
    }

    /** The planned reports in chronological order (then domain, then reporter). */
    public List<SampleReport> reports() {
        return reports;
    }

    /** The records of {@code report}, produced one at a time; each call starts afresh and gives the same records. */
    public Iterator<ReportRecord> records(SampleReport report) {
        return new ReportRows(report, world, lastWeekStart);
    }

    /** Writes the report's XML, whatever its packaging. Flushes {@code out}, does not close it. */
    public void writeXml(SampleReport report, OutputStream out) throws IOException {
        ReportXmlWriter.write(report, records(report), out);
    }

    /** Writes the report in its packaging (XML, gzip, zip or mail). Flushes {@code out}, does not close it. */
    public void write(SampleReport report, OutputStream out) throws IOException {
        Packager.write(report, o -> writeXml(report, o), out);
    }

    /** The packaged report in memory; for small reports (tests, uploads). */
    public byte[] bytes(SampleReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing report " + report.reportId() + " to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * The report's XML gzipped and cut off inside record number {@code wholeRecords + 1}: the gzip stream holds the
     * first {@code wholeRecords} complete records, then ends without its final block and trailer, as a truncated
     * download or a mail cut by a size limit does. For tests of "a report counts whole or not at all".
     *
     * @throws IllegalArgumentException when the report does not have more than {@code wholeRecords} records
     */
    public byte[] truncatedGzip(SampleReport report, int wholeRecords) {
        if (wholeRecords < 0 || report.recordCount() <= wholeRecords) {
            throw new IllegalArgumentException("report " + report.reportId() + " has " + report.recordCount()
                    + " records; cannot cut it after " + wholeRecords);
        }
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try {
            writeXml(report, xml);
            String text = xml.toString(java.nio.charset.StandardCharsets.UTF_8);
            int cut = text.indexOf("<record>");
            for (int i = 0; i < wholeRecords; i++) {
                cut = text.indexOf("</record>", cut) + "</record>".length();
            }
            cut = text.indexOf("<record>", cut) + "<record><row>".length();
            byte[] prefix = text.substring(0, cut).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzip, 1 << 16, true);
            out.write(prefix);
            out.flush(); // everything written is decodable; the stream is never finished
        } catch (IOException e) {
            throw new UncheckedIOException("writing report " + report.reportId() + " to memory failed", e);
        }
        return gzip.toByteArray();
    }

    /**
     * Writes every planned report into {@code dir} (created if needed) under {@link SampleReport#fileName()},
     * replacing files of the same name.
     */
    public Summary writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        long records = 0;
        long messages = 0;
        long bytes = 0;
        for (SampleReport report : reports) {
            Path file = dir.resolve(report.fileName());
            long[] sum = {0};
            Iterator<ReportRecord> rows = records(report);
            Iterator<ReportRecord> counted = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public ReportRecord next() {
                    ReportRecord r = rows.next();
                    sum[0] += r.count();
                    return r;
                }
            };
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                Packager.write(report, o -> ReportXmlWriter.write(report, counted, o), out);
            }
            bytes += Files.size(file);
            records += report.recordCount();
            messages += sum[0];
        }
        return new Summary(reports.size(), records, messages, bytes);
    }

    /**
     * Writes a complete sample set: the reports into {@code dir/}{@value #REPORTS_DIR} and the world's DNS into
     * {@code dir/}{@value #ZONE_FILE}. This is what {@code ruaflow samples} does.
     */
    public Summary writeSampleSet(Path dir) throws IOException {
        Summary summary = writeTo(dir.resolve(REPORTS_DIR));
        SampleZone.of(world).writeTo(dir.resolve(ZONE_FILE));
        return summary;
    }

    /**
     * Spreads the reports evenly: report i goes to domain {@code i % K} and to the i-th share of the time range
     * (days split into shorter periods when there are more reports than domain-days), and each domain cycles
     * through the reporters by smooth weighted round robin on their volume share. Every week thus gets about the
     * same reports per domain and reporter, so week-over-week volumes change only as the senders do.
     */
    private List<SampleReport> plan() {
        List<PolicyDomain> domains = world.domains();
        int k = domains.size();
        long days = options.to().toEpochDay() - options.from().toEpochDay() + 1;
        long periods = (options.reports() + k * days - 1) / (k * days);
        if (periods > MAX_PERIODS_PER_DAY) {
            throw new IllegalArgumentException(options.reports() + " reports over " + days + " days and " + k
                    + " domains would need reporting periods shorter than a minute (MAX_PERIODS_PER_DAY="
                    + MAX_PERIODS_PER_DAY + "): widen the dates or add domains");
        }
        long periodSeconds = SECONDS_PER_DAY / periods;
        long slotCount = days * periods;

        record Candidate(long slot, int domain, ReporterStyle style) {}
        ReporterStyle[] styles = ReporterStyle.values();
        int totalShare = 0;
        for (ReporterStyle style : styles) totalShare += style.volumeShare();
        int[][] current = new int[k][styles.length];
        List<Candidate> chosen = new ArrayList<>();
        for (int i = 0; i < options.reports(); i++) {
            int d = i % k;
            int best = 0;
            for (int s = 0; s < styles.length; s++) {
                current[d][s] += styles[s].volumeShare();
                if (current[d][s] > current[d][best]) best = s;
            }
            current[d][best] -= totalShare;
            chosen.add(new Candidate((long) i * slotCount / options.reports(), d, styles[best]));
        }
        chosen.sort(Comparator.comparingLong(Candidate::slot)
                .thenComparingInt(Candidate::domain)
                .thenComparing(Candidate::style));
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + 1);

        List<SampleReport> planned = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Candidate c : chosen) {
            LocalDate date = options.from().plusDays(c.slot() / periods);
            Instant begin =
                    date.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(c.slot() % periods * periodSeconds);
            Instant end = begin.plusSeconds(periodSeconds - 1);
            List<Packaging> packagings = c.style().packagings();
            Packaging packaging = packagings.get(random.nextInt(packagings.size()));
            String id;
            do {
                id = reportId(c.style(), begin, random);
            } while (!ids.add(id));
            PolicyPublished policy = policy(domains.get(c.domain()), c.style().rfc9990());
            planned.add(new SampleReport(
                    c.style(), packaging, policy, id, begin, end, options.recordsPerReport(), random.nextLong()));
        }
        return List.copyOf(planned);
    }

    private static PolicyPublished policy(PolicyDomain d, boolean rfc9990) {
        if (rfc9990) {
            return new PolicyPublished(
                    d.name(),
                    d.p(),
                    d.sp(),
                    d.np(),
                    d.adkim(),
                    d.aspf(),
                    null,
                    d.fo(),
                    d.testing() == null ? "n" : d.testing(),
                    "psl");
        }
        return new PolicyPublished(
                d.name(),
                d.p(),
                d.sp() == null ? d.p() : d.sp(),
                null,
                d.adkim() == null ? "r" : d.adkim(),
                d.aspf() == null ? "r" : d.aspf(),
                d.pct() == null ? 100 : d.pct(),
                d.fo() == null ? "0" : d.fo(),
                null,
                null);
    }

    private static String reportId(ReporterStyle style, Instant begin, Random random) {
        return switch (style) {
            case GOOGLE -> Long.toString(random.nextLong() >>> 1);
            case MICROSOFT -> hex(random, 32);
            case YAHOO, AOL -> begin.getEpochSecond() + "."
                    + String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
            case MIMECAST, AMAZON_SES -> hex(random, 8) + "-" + hex(random, 4) + "-" + hex(random, 4) + "-"
                    + hex(random, 4) + "-" + hex(random, 12);
            case MAIL_RU, YANDEX -> Long.toString(begin.getEpochSecond() * 1000 + random.nextInt(1000)) + "."
                    + (100_000 + random.nextInt(900_000));
            case GMX, WEB_DE -> hex(random, 24);
            case CISCO_ESA -> hex(random, 6) + "$" + hex(random, 7) + "=" + hex(random, 16) + "@"
                    + ReporterStyle.CISCO_ESA.submitter();
            case FASTMAIL -> Integer.toString(100_000_000 + random.nextInt(900_000_000));
            case RFC9990 -> "r" + begin.getEpochSecond() + "." + hex(random, 16);
        };
    }

    private static String hex(Random random, int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) b.append(Character.forDigit(random.nextInt(16), 16));
        return b.toString();
    }
}
