package io.ruaflow.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * SMTP TLS reports (RFC 8460) about the sample world's domains, one per domain and day in turn, in the two shapes
 * the big reporters send: Google's mail with a {@code .json.gz} attachment ({@code application/tlsrpt+gzip}), with
 * sending MTA IPs and {@code mx-host} as a list, and Microsoft's, a plain {@code .json} attachment
 * ({@code application/tlsrpt+json}) without {@code sending-mta-ip} and with {@code mx-host} as a string. The same
 * world, count and dates give byte-identical mails.
 */
public final class TlsSamples {
    /** The most TLS reports one call writes. */
    public static final int MAX_TLS_REPORTS = 100_000;

    /** The folder of a sample set that holds the TLS reports. */
    public static final String TLS_DIR = "smtp_tls";

    /** The result types failures are drawn from (RFC 8460 4.3). */
    private static final String[] RESULT_TYPES = {
        "certificate-expired", "starttls-not-supported", "validation-failure", "certificate-host-mismatch"
    };

    /** One generated report and the facts it states, for tests to check a parser against. */
    public record Sample(
            String fileName,
            String organization,
            String reportId,
            String domain,
            LocalDate day,
            long successfulSessions,
            long failedSessions,
            byte[] mail) {}

    private TlsSamples() {}

    /** {@code count} TLS reports over the world's domains and the days {@code from} to {@code to}. */
    public static List<Sample> generate(SampleWorld world, int count, LocalDate from, LocalDate to) {
        if (count < 0 || count > MAX_TLS_REPORTS) {
            throw new IllegalArgumentException(
                    "TLS reports must be 0 to " + MAX_TLS_REPORTS + " (MAX_TLS_REPORTS): " + count);
        }
        List<SampleWorld.PolicyDomain> domains = world.domains();
        List<Sample> samples = new ArrayList<>(count);
        Random random = new Random(world.seed() * 31 + 8460);
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        for (int i = 0; i < count; i++) {
            String domain = domains.get(i % domains.size()).name();
            LocalDate day = from.plusDays((i / domains.size()) % days);
            boolean google = (i + i / domains.size()) % 2 == 0; // each domain gets both, day by day
            String org = google ? "Google Inc." : "Microsoft Corporation";
            String reportId = google
                    ? day + "T00:00:00Z_" + domain
                    : String.format(Locale.ROOT, "%018d+%s", 133_000_000_000_000_000L + i, domain);
            long ok = 50 + random.nextInt(5_000);
            List<TlsReportBuilder.Failure> failures = new ArrayList<>();
            int kinds = random.nextInt(3);
            for (int f = 0; f < kinds; f++) {
                failures.add(new TlsReportBuilder.Failure(
                        RESULT_TYPES[random.nextInt(RESULT_TYPES.length)],
                        google ? "209.85.220." + (1 + random.nextInt(250)) : null,
                        "mx" + (1 + f) + "." + domain,
                        google ? "192.0.2." + (10 + f) : null,
                        1 + random.nextInt(20)));
            }
            String json = TlsReportBuilder.json(org, reportId, domain, day, ok, failures, !google);
            byte[] mail = TlsReportBuilder.mail(org, reportId, domain, day, json, "tls-reports@" + domain, google);
            long failed = failures.stream()
                    .mapToLong(TlsReportBuilder.Failure::sessions)
                    .sum();
            String name = String.format(Locale.ROOT, "tls-%05d.eml", i + 1);
            samples.add(new Sample(name, org, reportId, domain, day, ok, failed, mail));
        }
        return samples;
    }

    /** Writes {@code samples} into {@code dir} (created), one {@code .eml} each; returns how many. */
    public static int writeTo(List<Sample> samples, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Sample sample : samples) {
            Files.write(dir.resolve(sample.fileName()), sample.mail());
        }
        return samples.size();
    }
}
