package io.ruaflow.samples;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import io.ruaflow.samples.SampleWorld.PolicyDomain;
import io.ruaflow.samples.SampleWorld.Sender;
import io.ruaflow.samples.SampleWorld.SenderKind;
import io.ruaflow.samples.SampleWorld.Signature;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The records of one report, produced one at a time: first the world's senders for the domain (newcomers only in
 * the last week), then as many synthetic spoofers from 100.64.0.0/10 (and 2001:db8:ffff::/48 beyond that) as the
 * report needs to reach its record count. Nothing is held per record, so any count streams in constant memory.
 */
final class ReportRows implements Iterator<ReportRecord> {
    private static final long SHARED_SPACE_SIZE = 1L << 22; // 100.64.0.0/10
    private static final long SECONDS_PER_DAY = 86_400;

    private final SampleReport report;
    private final PolicyDomain domain;
    private final List<Sender> chosen;
    private final Random random;
    private final double dayFraction;
    private final boolean weekend;
    private int next;

    ReportRows(SampleReport report, SampleWorld world, Instant lastWeekStart) {
        this.report = report;
        this.domain = world.domain(report.policy().domain());
        this.random = new Random(report.recordSeed());
        this.dayFraction = Math.min(
                4.0, (report.end().getEpochSecond() - report.begin().getEpochSecond() + 1) / (double) SECONDS_PER_DAY);
        DayOfWeek day = report.begin().atOffset(ZoneOffset.UTC).getDayOfWeek();
        this.weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        this.chosen = choose(world.sendersFor(domain.name()), report, lastWeekStart, random);
    }

    /** Newcomers always (when active), then a volume-weighted sample of the others, in world order. */
    private static List<Sender> choose(List<Sender> all, SampleReport report, Instant lastWeekStart, Random random) {
        List<Sender> active = new ArrayList<>();
        for (Sender s : all) {
            if (!s.newcomer() || !report.begin().isBefore(lastWeekStart)) active.add(s);
        }
        if (active.size() <= report.recordCount()) return active;
        record Keyed(int index, double key) {}
        List<Keyed> keyed = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            Sender s = active.get(i);
            double u = random.nextDouble();
            // Efraimidis–Spirakis weighted sampling without replacement; newcomers sort first.
            double key = s.newcomer() ? Double.MAX_VALUE : StrictMath.log(Math.max(u, 1e-12)) / s.dailyVolume();
            keyed.add(new Keyed(i, key));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::key).reversed().thenComparingInt(Keyed::index));
        List<Integer> keep = keyed.subList(0, report.recordCount()).stream()
                .map(Keyed::index)
                .sorted()
                .toList();
        return keep.stream().map(active::get).toList();
    }

    @Override
    public boolean hasNext() {
        return next < report.recordCount();
    }

    @Override
    public ReportRecord next() {
        if (!hasNext()) throw new NoSuchElementException("report " + report.reportId() + " has no more records");
        int i = next++;
        return i < chosen.size() ? fromSender(chosen.get(i)) : synthetic(i - chosen.size());
    }

    private ReportRecord fromSender(Sender s) {
        double volume = s.dailyVolume() * report.reporter().volumeShare() / 100.0 * dayFraction;
        if (weekend && s.kind() != SenderKind.SPOOFER) volume *= 0.55;
        volume *= 0.7 + 0.6 * random.nextDouble();
        long count = Math.max(1, Math.round(volume));

        boolean spfAligned = s.spfResult().equals("pass") && aligned(s.envelopeFrom(), domain.aspf());
        boolean dkimAligned = false;
        List<DkimAuthResult> dkim = new ArrayList<>();
        for (Signature sig : s.signatures()) {
            if (sig.result().equals("pass") && aligned(sig.domain(), domain.adkim())) dkimAligned = true;
            dkim.add(new DkimAuthResult(sig.domain(), sig.selector(), sig.result(), humanResult(sig.result())));
        }
        List<SpfAuthResult> spf = new ArrayList<>();
        spf.add(new SpfAuthResult(s.envelopeFrom(), "mfrom", s.spfResult(), null));
        boolean rfc9990 = report.reporter().rfc9990();
        if (report.reporter() == ReporterStyle.MICROSOFT
                && s.kind() == SenderKind.OWN_SERVER
                && s.ptr() != null
                && s.ptr().startsWith("mail.")) {
            spf.add(new SpfAuthResult(s.ptr(), "helo", "pass", null));
        }
        List<OverrideReason> reasons = new ArrayList<>();
        String disposition = disposition(spfAligned || dkimAligned, s, reasons);
        return record(
                s.ip(), count, disposition, dkimAligned, spfAligned, reasons, s.envelopeFrom(), dkim, spf, rfc9990);
    }

    private ReportRecord synthetic(long index) {
        long j = index + 1; // skip the network address
        String ip = j < SHARED_SPACE_SIZE
                ? "100." + (64 + (j >> 16)) + "." + ((j >> 8) & 0xff) + "." + (j & 0xff)
                : "2001:db8:ffff::"
                        + Long.toHexString(j - SHARED_SPACE_SIZE + 1).replaceAll("(?<=.)(?=(.{4})+$)", ":");
        long count = 1 + random.nextInt(12);
        boolean ownFrom = (j & 1) == 0;
        String envelopeFrom = ownFrom ? domain.name() : "bulk" + (j % 97) + ".bulk-offers.example";
        String spfResult = ownFrom ? (domain.spfAll().equals("-all") ? "fail" : "softfail") : "none";
        List<OverrideReason> reasons = new ArrayList<>();
        String disposition = disposition(false, null, reasons);
        return record(
                ip,
                count,
                disposition,
                false,
                false,
                reasons,
                envelopeFrom,
                List.of(),
                List.of(new SpfAuthResult(envelopeFrom, "mfrom", spfResult, null)),
                report.reporter().rfc9990());
    }

    private ReportRecord record(
            String ip,
            long count,
            String disposition,
            boolean dkimAligned,
            boolean spfAligned,
            List<OverrideReason> reasons,
            String envelopeFrom,
            List<DkimAuthResult> dkim,
            List<SpfAuthResult> spf,
            boolean rfc9990) {
        ReporterStyle reporter = report.reporter();
        String envelopeTo =
                switch (reporter) {
                    case MICROSOFT -> "outlook.com";
                    case RFC9990 -> "receiver.example";
                    case GMX -> "gmx.net";
                    case WEB_DE -> "web.de";
                    default -> null;
                };
        // Google writes only header_from; the parser falls back to the SPF mfrom domain.
        String from = reporter == ReporterStyle.GOOGLE ? null : envelopeFrom;
        if (rfc9990 && !spf.isEmpty()) {
            SpfAuthResult first = spf.get(0);
            spf = List.of(new SpfAuthResult(first.domain(), "mfrom", first.result(), spfHuman(first.result())));
        }
        return new ReportRecord(
                ip,
                count,
                disposition,
                dkimAligned ? "pass" : "fail",
                spfAligned ? "pass" : "fail",
                reasons,
                envelopeTo,
                from,
                domain.name(),
                dkim,
                spf);
    }

    /** The disposition the receiver applied, adding the override reasons it would give. */
    private String disposition(boolean dmarcPass, Sender s, List<OverrideReason> reasons) {
        boolean rfc9990 = report.reporter().rfc9990();
        if (dmarcPass) return rfc9990 ? "pass" : "none";
        String policy = domain.p();
        if (policy.equals("none")) return "none";
        if (rfc9990 && "y".equals(domain.testing())) {
            reasons.add(new OverrideReason("policy_test_mode", null));
            return "none";
        }
        if (s != null && s.kind() == SenderKind.FORWARDER && random.nextBoolean()) {
            reasons.add(
                    rfc9990
                            ? new OverrideReason("trusted_forwarder", "arc=pass")
                            : new OverrideReason(
                                    report.reporter() == ReporterStyle.GOOGLE ? "local_policy" : "forwarded",
                                    "arc=pass as.1.google.com"));
            return "none";
        }
        if (!rfc9990 && domain.pct() != null && domain.pct() < 100 && random.nextInt(100) >= domain.pct()) {
            reasons.add(new OverrideReason("sampled_out", null));
            return policy.equals("reject") ? "quarantine" : "none";
        }
        return policy;
    }

    private boolean aligned(String identifier, String mode) {
        String a = identifier.toLowerCase(Locale.ROOT);
        String b = domain.name().toLowerCase(Locale.ROOT);
        return "s".equals(mode) ? a.equals(b) : organizational(a).equals(organizational(b));
    }

    /** The organizational domain under the few public suffixes the sample world uses. */
    static String organizational(String name) {
        String[] labels = name.split("\\.");
        int keep = name.endsWith(".co.uk") ? 3 : 2;
        if (labels.length <= keep) return name;
        return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep, labels.length));
    }

    private static String humanResult(String result) {
        return switch (result) {
            case "permerror" -> "no key for signature";
            case "fail" -> "signature verification failed";
            default -> null;
        };
    }

    private static String spfHuman(String result) {
        return switch (result) {
            case "pass" -> "sender is authorized";
            case "none" -> "no SPF record";
            default -> "sender is not authorized";
        };
    }
}
