package io.ruaflow.api.weekly;

import io.ruaflow.api.PostureService;
import io.ruaflow.api.mail.Smtp;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails each domain's weekly report for the last complete ISO week to its recipients, on a {@link WeeklySchedule}:
 * HTML inline and CSV attached ({@link WeeklyMail}), with the live posture when a {@link PostureService} is given.
 * A domain that fails (store, DNS, SMTP) is logged and does not stop the others; the next run is next week.
 * {@link #close()} may be called more than once.
 */
public final class WeeklyMailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeeklyMailer.class);

    private final ReportStore store;
    private final PostureService posture;
    private final Smtp smtp;
    private final Map<String, List<InternetAddress>> recipients;
    private final WeeklySchedule schedule;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    public WeeklyMailer(
            ReportStore store,
            PostureService posture,
            Smtp smtp,
            Map<String, List<InternetAddress>> recipients,
            WeeklySchedule schedule,
            Clock clock) {
        this.store = store;
        this.posture = posture;
        this.smtp = smtp;
        this.recipients = Map.copyOf(recipients);
        this.schedule = schedule;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ruaflow-weekly-mail");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Per-domain recipients: {@code example.com:a@example.com b@example.com; other.org:c@other.org}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<String, List<InternetAddress>> parseRecipients(String text) {
        Map<String, List<InternetAddress>> map = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String domain = colon < 0 ? "" : entry.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (domain.isEmpty() || !domain.contains(".")) {
                throw new IllegalArgumentException(
                        "recipients must look like example.com:a@example.com b@example.com; other.org:c@other.org: '"
                                + entry.trim() + "'");
            }
            List<InternetAddress> addresses = new ArrayList<>();
            for (String address : entry.substring(colon + 1).trim().split("[\\s,]+")) {
                if (address.isEmpty()) {
                    continue;
                }
                try {
                    addresses.add(new InternetAddress(address, true));
                } catch (AddressException e) {
                    throw new IllegalArgumentException("not a mail address for " + domain + ": '" + address + "'");
                }
            }
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("no recipients for " + domain);
            }
            map.put(domain, List.copyOf(addresses));
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("no recipients given");
        }
        return map;
    }

    /** Schedules the first run; returns when it is due. */
    public Instant start() {
        return scheduleAfter(clock.instant());
    }

    private Instant scheduleAfter(Instant after) {
        Instant next = schedule.next(after);
        long delayMs = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        timer.schedule(
                () -> {
                    sendAll(IsoWeek.containing(LocalDate.ofInstant(next, schedule.zone()))
                            .previous());
                    if (!closed.get()) {
                        scheduleAfter(next);
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
        LOG.info(
                "weekly report mail scheduled for {} ({} {} {})",
                next,
                schedule.day(),
                schedule.time(),
                schedule.zone());
        return next;
    }

    /** Mails {@code week}'s report of every configured domain now; returns how many domains were mailed. */
    public int sendAll(IsoWeek week) {
        int sent = 0;
        for (Map.Entry<String, List<InternetAddress>> entry : recipients.entrySet()) {
            String domain = entry.getKey();
            try {
                DomainPosture live =
                        posture == null ? null : posture.check(domain, new DateRange(week.monday(), week.sunday()));
                WeeklyReport report = WeeklyReport.fromData(store.weekly(domain, week.toString()), live, posture);
                smtp.send(WeeklyMail.compose(
                        smtp.session(),
                        report,
                        new InternetAddress(smtp.from(), true),
                        entry.getValue(),
                        clock.instant()));
                sent++;
                LOG.info("mailed the weekly report of {} for {} to {}", domain, week, entry.getValue());
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("weekly report of {} for {} not mailed, next try next week: {}", domain, week, e.getMessage());
            }
        }
        return sent;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            timer.shutdownNow();
        }
    }
}
