package io.ruaflow.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.AlertState;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoredDomain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each alert condition for a domain against the store, fires each condition once (the claim goes through the
 * store's {@link AlertState}, so restarts and other evaluators over the same store do not fire it again), and
 * delivers what it fired to every channel, retrying as the {@link RetryPolicy} says. Days are UTC; "the last week"
 * is the 7 days ending today, "the trailing 4 weeks" the 28 days before it. Thread-safe; one evaluation at a time.
 */
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    /** Days in the window compared (the last week) and in the baseline before it (4 weeks). */
    static final int WEEK_DAYS = 7;

    static final int BASELINE_DAYS = 28;
    /** A reporter counts as daily when it reported on at least this many of the 7 days up to its last report. */
    static final int DAILY_REPORTER_MIN_DAYS = 5;
    /** Reports read per domain to find daily reporters (a month of a few dozen daily reporters). */
    static final int MAX_REPORTS_READ = 2_000;
    /** New sources read per domain and evaluation, largest first. */
    static final int MAX_NEW_SOURCES = 1_000;

    private final ReportStore store;
    private final AlertSettings settings;
    private final PostureProbe posture;
    private final List<AlertChannel> channels;
    private final RetryPolicy retry;
    private final Clock clock;

    /**
     * @param posture null when posture checks are off (no DNS)
     */
    public AlertEvaluator(
            ReportStore store,
            AlertSettings settings,
            PostureProbe posture,
            List<AlertChannel> channels,
            RetryPolicy retry,
            Clock clock) {
        this.store = store;
        this.settings = settings;
        this.posture = posture;
        this.channels = List.copyOf(channels);
        this.retry = retry;
        this.clock = clock;
    }

    /** Evaluates every domain with stored volume: the scheduled run, which also sees reporters that went silent. */
    public List<Alert> evaluateAll() {
        List<String> domains = new ArrayList<>();
        for (StoredDomain domain : store.storedDomains()) {
            domains.add(domain.domain());
        }
        return evaluate(domains);
    }

    /** Evaluates the given domains; returns the alerts this call fired (and delivered or tried to). */
    public synchronized List<Alert> evaluate(Collection<String> domains) {
        List<Alert> fired = new ArrayList<>();
        for (String domain : new TreeSet<>(domains)) {
            String d = domain.toLowerCase(Locale.ROOT);
            for (Alert alert : conditions(d)) {
                if (claim(alert)) {
                    fired.add(alert);
                    deliver(alert);
                }
            }
        }
        return fired;
    }

    /** Every condition that holds for the domain now, as alerts not yet claimed. */
    List<Alert> conditions(String domain) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Alert> out = new ArrayList<>();
        settings.newSourceMessages().forDomain(domain).ifPresent(min -> out.addAll(newSources(domain, today, min)));
        List<DailyVolume> days = null;
        Optional<Long> drop = settings.passRateDropPoints().forDomain(domain);
        Optional<Long> rise = settings.failingRisePercent().forDomain(domain);
        if (drop.isPresent() || rise.isPresent()) {
            days = store.timeseries(domain, new DateRange(today.minusDays(WEEK_DAYS + BASELINE_DAYS - 1), today));
        }
        if (drop.isPresent()) {
            passRateDrop(domain, today, days, drop.get()).ifPresent(out::add);
        }
        if (rise.isPresent()) {
            failingRising(domain, today, days, rise.get()).ifPresent(out::add);
        }
        settings.reporterSilentDays().forDomain(domain).ifPresent(d -> out.addAll(stoppedReporters(domain, today, d)));
        if (posture != null && settings.postureChange().forDomain(domain).isPresent()) {
            out.addAll(postureChanges(domain, now));
        }
        return out;
    }

    private List<Alert> newSources(String domain, LocalDate today, long min) {
        DateRange week = new DateRange(today.minusDays(WEEK_DAYS - 1), today);
        List<Alert> out = new ArrayList<>();
        for (SourceRow row : store.sources(domain, week, new SourceQuery(false, false, true, MAX_NEW_SOURCES))) {
            if (row.messages() < min) {
                continue;
            }
            String who = row.ptrName() == null ? "" : " (" + row.ptrName() + ")";
            out.add(alert(
                    AlertKind.NEW_SOURCE,
                    domain,
                    row.sourceIp(),
                    String.format(
                            Locale.ROOT,
                            "new sending source %s%s sent %,d messages as %s since %s; %,d failed DMARC",
                            row.sourceIp(),
                            who,
                            row.messages(),
                            domain,
                            row.firstSeen(),
                            row.dmarcFail()),
                    details(
                            "source_ip", row.sourceIp(),
                            "messages", row.messages(),
                            "dmarc_fail", row.dmarcFail(),
                            "first_seen", String.valueOf(row.firstSeen()),
                            "threshold_messages", min)));
        }
        return out;
    }

    private Optional<Alert> passRateDrop(String domain, LocalDate today, List<DailyVolume> days, long points) {
        long[] week = sum(days, today.minusDays(WEEK_DAYS - 1), today);
        long[] before = sum(days, today.minusDays(WEEK_DAYS + BASELINE_DAYS - 1), today.minusDays(WEEK_DAYS));
        if (week[0] < settings.minMessages() || before[0] < settings.minMessages()) {
            return Optional.empty();
        }
        double now = 100.0 * week[1] / week[0];
        double then = 100.0 * before[1] / before[0];
        if (then - now <= points) {
            return Optional.empty();
        }
        String isoWeek = isoWeek(today);
        return Optional.of(alert(
                AlertKind.PASS_RATE_DROP,
                domain,
                isoWeek,
                String.format(
                        Locale.ROOT,
                        "DMARC pass rate of %s fell to %.1f%% in the last 7 days from %.1f%% in the 4 weeks before"
                                + " (%.1f points; alert above %d)",
                        domain,
                        now,
                        then,
                        then - now,
                        points),
                details(
                        "pass_rate",
                        round(now),
                        "baseline_pass_rate",
                        round(then),
                        "messages",
                        week[0],
                        "baseline_messages",
                        before[0],
                        "threshold_points",
                        points)));
    }

    private Optional<Alert> failingRising(String domain, LocalDate today, List<DailyVolume> days, long percent) {
        long[] week = sum(days, today.minusDays(WEEK_DAYS - 1), today);
        long[] before = sum(days, today.minusDays(WEEK_DAYS + BASELINE_DAYS - 1), today.minusDays(WEEK_DAYS));
        long failing = week[0] - week[1];
        double weeklyMean = (before[0] - before[1]) / (BASELINE_DAYS / (double) WEEK_DAYS);
        if (failing < settings.minMessages() || failing <= weeklyMean * (1 + percent / 100.0)) {
            return Optional.empty();
        }
        return Optional.of(alert(
                AlertKind.FAILING_RISING,
                domain,
                isoWeek(today),
                String.format(
                        Locale.ROOT,
                        "failing volume of %s is rising: %,d messages failed DMARC in the last 7 days, against %,.0f"
                                + " a week in the 4 weeks before (alert above +%d%%)",
                        domain,
                        failing,
                        weeklyMean,
                        percent),
                details(
                        "dmarc_fail", failing,
                        "baseline_weekly_dmarc_fail", round(weeklyMean),
                        "threshold_percent", percent)));
    }

    private List<Alert> stoppedReporters(String domain, LocalDate today, long silentDays) {
        Map<String, TreeSet<LocalDate>> daysByReporter = new TreeMap<>();
        Map<String, LocalDate> lastEnd = new TreeMap<>();
        for (ReportInfo report : store.reports(domain, MAX_REPORTS_READ)) {
            if (!ReportInfo.COMPLETE.equals(report.status())) {
                continue;
            }
            LocalDate begin = LocalDate.ofInstant(report.begin(), ZoneOffset.UTC);
            // A period ending at midnight ends the day before.
            LocalDate end = LocalDate.ofInstant(report.end().minusMillis(1), ZoneOffset.UTC);
            daysByReporter
                    .computeIfAbsent(report.orgName(), k -> new TreeSet<>())
                    .add(begin);
            lastEnd.merge(report.orgName(), end, (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<String, TreeSet<LocalDate>> entry : daysByReporter.entrySet()) {
            LocalDate last = entry.getValue().last();
            long daily = entry.getValue()
                    .subSet(last.minusDays(WEEK_DAYS - 1), true, last, true)
                    .size();
            LocalDate covered = lastEnd.get(entry.getKey());
            long silent = today.toEpochDay() - covered.toEpochDay();
            if (daily < DAILY_REPORTER_MIN_DAYS || silent < silentDays) {
                continue;
            }
            String reporter = entry.getKey();
            out.add(new Alert(
                    key(AlertKind.REPORTER_STOPPED, domain, reporter, covered.toString()),
                    AlertKind.REPORTER_STOPPED,
                    domain,
                    reporter,
                    String.format(
                            Locale.ROOT,
                            "%s sent daily reports for %s and has sent none for %d days (the last covered %s)",
                            reporter,
                            domain,
                            silent,
                            covered),
                    details(
                            "reporter", reporter,
                            "last_day_covered", covered.toString(),
                            "silent_days", silent,
                            "threshold_days", silentDays),
                    clock.instant()));
        }
        return out;
    }

    private List<Alert> postureChanges(String domain, Instant now) {
        Map<String, String> seen;
        try {
            seen = posture.aspects(domain);
        } catch (RuntimeException e) {
            LOG.warn("alerts: posture of {} not checked ({}); posture changes are looked for next time", domain, e);
            return List.of();
        }
        Map<String, String> baseline = store.postureBaseline(domain);
        Map<String, String> changed = new LinkedHashMap<>();
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<String, String> aspect : new TreeMap<>(seen).entrySet()) {
            String name = aspect.getKey();
            String value = aspect.getValue();
            String before = baseline.get(name);
            if (value.equals(before)) {
                continue;
            }
            changed.put(name, value);
            if (before == null) {
                continue; // first look: the baseline, nothing to compare
            }
            String summary;
            if (name.equals(PostureProbe.SPF)) {
                summary = "SPF record of " + domain + " changed from \"" + orNone(before) + "\" to \"" + orNone(value)
                        + "\"";
            } else if (name.equals(PostureProbe.DMARC_POLICY)) {
                summary = "DMARC policy of " + domain + " changed from p=" + orNone(before) + " to p=" + orNone(value);
            } else if (name.startsWith(PostureProbe.DKIM_PREFIX) && value.equals(PostureProbe.KEY_GONE)) {
                summary = "DKIM key " + name.substring(PostureProbe.DKIM_PREFIX.length())
                        + " is gone from DNS; mail signed with it fails DKIM";
            } else {
                continue; // a key that came back, or an aspect without words: recorded, not alerted
            }
            out.add(new Alert(
                    key(AlertKind.POSTURE_CHANGE, domain, name, hash(value)),
                    AlertKind.POSTURE_CHANGE,
                    domain,
                    name,
                    summary,
                    details("aspect", name, "before", before, "after", value),
                    now));
        }
        if (!changed.isEmpty()) {
            store.recordPostureBaseline(domain, changed, now);
        }
        return out;
    }

    private boolean claim(Alert alert) {
        String json;
        try {
            json = ReportJson.mapper().writeValueAsString(alert.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert details of " + alert.key() + " are not JSON", e);
        }
        return store.claim(new AlertState.AlertClaim(
                alert.key(),
                UUID.randomUUID().toString(),
                alert.kind().wireName(),
                alert.domain(),
                alert.subject(),
                alert.summary(),
                json,
                alert.firedAt()));
    }

    /** Sends to every channel covering the domain, retrying each as the policy says; records each outcome. */
    private void deliver(Alert alert) {
        if (channels.stream().noneMatch(c -> c.covers(alert.domain()))) {
            LOG.info(
                    "alert {}: {}; no channel configured for {}, listed at /api/alerts only",
                    alert.key(),
                    alert.summary(),
                    alert.domain());
        }
        for (AlertChannel channel : channels) {
            if (!channel.covers(alert.domain())) {
                continue;
            }
            int failures = 0;
            while (true) {
                try {
                    channel.send(alert);
                    LOG.info(
                            "alert {}: {}; sent by {} (attempt {})",
                            alert.key(),
                            alert.summary(),
                            channel,
                            failures + 1);
                    record(alert, channel, "delivered", failures + 1, "");
                    break;
                } catch (IOException | RuntimeException e) {
                    failures++;
                    Optional<Duration> wait = retry.retryAfter(failures);
                    if (wait.isEmpty()) {
                        LOG.warn(
                                "alert {}: {} failed ({}); giving up after {} attempts, listed at /api/alerts",
                                alert.key(),
                                channel,
                                e.getMessage(),
                                failures);
                        record(alert, channel, "failed", failures, String.valueOf(e.getMessage()));
                        break;
                    }
                    LOG.warn(
                            "alert {}: {} failed ({}); retrying in {} ms (attempt {})",
                            alert.key(),
                            channel,
                            e.getMessage(),
                            wait.get().toMillis(),
                            failures + 1);
                    if (!sleep(wait.get())) {
                        record(alert, channel, "failed", failures, "interrupted: " + e.getMessage());
                        return;
                    }
                }
            }
        }
    }

    private void record(Alert alert, AlertChannel channel, String outcome, int attempts, String detail) {
        store.recordDelivery(
                alert.key(), new AlertState.AlertDelivery(channel.name(), outcome, attempts, detail, clock.instant()));
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Alert alert(AlertKind kind, String domain, String subject, String summary, Map<String, Object> details) {
        return new Alert(key(kind, domain, subject), kind, domain, subject, summary, details, clock.instant());
    }

    /** {@code kind|domain|subject[|episode]}: what makes one condition one alert. */
    static String key(AlertKind kind, String domain, String... parts) {
        StringBuilder key = new StringBuilder(kind.wireName()).append('|').append(domain);
        for (String part : parts) {
            key.append('|').append(part);
        }
        return key.toString();
    }

    private static long[] sum(List<DailyVolume> days, LocalDate from, LocalDate to) {
        long messages = 0;
        long pass = 0;
        for (DailyVolume day : days) {
            if (!day.day().isBefore(from) && !day.day().isAfter(to)) {
                messages += day.messages();
                pass += day.dmarcPass();
            }
        }
        return new long[] {messages, pass};
    }

    private static String isoWeek(LocalDate day) {
        return String.format(
                Locale.ROOT,
                "%d-W%02d",
                day.get(IsoFields.WEEK_BASED_YEAR),
                day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "(none)" : value;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
