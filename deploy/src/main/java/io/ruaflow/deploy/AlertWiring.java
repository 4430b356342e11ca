package io.ruaflow.deploy;

import io.ruaflow.api.alerts.AlertChannel;
import io.ruaflow.api.alerts.AlertEvaluator;
import io.ruaflow.api.alerts.AlertRunner;
import io.ruaflow.api.alerts.AlertSettings;
import io.ruaflow.api.alerts.MailChannel;
import io.ruaflow.api.alerts.PostureProbe;
import io.ruaflow.api.alerts.RetryPolicy;
import io.ruaflow.api.alerts.WebhookChannel;
import io.ruaflow.api.mail.Smtp;
import io.ruaflow.api.weekly.WeeklyMailer;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.ingest.ErrorPolicy;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The alerts from the alerts.*, smtp.* and mail.from keys: the evaluator, its channels, retries and posture. */
final class AlertWiring {
    static final String WEBHOOK_SECRET_ENV = "RUAFLOW_ALERTS_WEBHOOK_SECRET";
    /** The longest pause between delivery attempts. */
    static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(60);
    /** How far back DKIM selectors seen in reports are checked for a key that is gone. */
    static final int SELECTOR_DAYS = 30;

    private static final Pattern POLICY = Pattern.compile("(?:^|;)\\s*p\\s*=\\s*([^;\\s]*)", Pattern.CASE_INSENSITIVE);

    private AlertWiring() {}

    /**
     * The evaluator over {@code store}; null when alerts.enabled is false. {@code posture} null: posture changes
     * are not looked for.
     *
     * @throws IllegalArgumentException naming the key when a setting is missing or bad
     */
    static AlertEvaluator evaluator(
            PipelineConfig config, Map<String, String> env, ReportStore store, PostureChecker posture) {
        if (!config.get(PipelineConfig.ALERTS_ENABLED)) {
            return null;
        }
        AlertSettings settings = new AlertSettings(
                config.get(PipelineConfig.ALERTS_NEW_SOURCE_MESSAGES),
                config.get(PipelineConfig.ALERTS_PASS_RATE_DROP_POINTS),
                config.get(PipelineConfig.ALERTS_REPORTER_SILENT_DAYS),
                config.get(PipelineConfig.ALERTS_POSTURE_CHANGE),
                config.get(PipelineConfig.ALERTS_FAILING_RISE_PERCENT),
                config.get(PipelineConfig.ALERTS_MIN_MESSAGES));
        return new AlertEvaluator(
                store,
                settings,
                posture == null ? null : probe(posture, store, Clock.systemUTC()),
                channels(config, env),
                retries(config),
                Clock.systemUTC());
    }

    /** The runner for a sink: started, evaluating all domains every alerts.check.interval.minutes. */
    static AlertRunner start(AlertEvaluator evaluator, PipelineConfig config) {
        AlertRunner runner = new AlertRunner(evaluator);
        runner.start(Duration.ofMinutes(config.get(PipelineConfig.ALERTS_CHECK_INTERVAL_MINUTES)));
        return runner;
    }

    static List<AlertChannel> channels(PipelineConfig config, Map<String, String> env) {
        List<AlertChannel> channels = new ArrayList<>();
        String url = config.get(PipelineConfig.ALERTS_WEBHOOK_URL);
        if (url != null && !url.isBlank()) {
            String secret = env.get(WEBHOOK_SECRET_ENV);
            String file = config.get(PipelineConfig.ALERTS_WEBHOOK_SECRET_FILE);
            if (file != null && !file.isBlank()) {
                try {
                    secret = Files.readString(Path.of(file), StandardCharsets.UTF_8)
                            .strip();
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            PipelineConfig.ALERTS_WEBHOOK_SECRET_FILE.name() + ": cannot read " + file, e);
                }
            }
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException(PipelineConfig.ALERTS_WEBHOOK_URL.name() + " is set, so "
                        + PipelineConfig.ALERTS_WEBHOOK_SECRET_FILE.name() + " or " + WEBHOOK_SECRET_ENV
                        + " is needed");
            }
            try {
                channels.add(new WebhookChannel(URI.create(url.strip()), secret));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PipelineConfig.ALERTS_WEBHOOK_URL.name() + ": " + e.getMessage(), e);
            }
        }
        String recipients = config.get(PipelineConfig.ALERTS_MAIL_RECIPIENTS);
        if (recipients != null && !recipients.isBlank()) {
            String smtpUrl = config.get(PipelineConfig.SMTP_URL);
            String from = config.get(PipelineConfig.MAIL_FROM);
            if (smtpUrl == null || from == null) {
                throw new IllegalArgumentException(PipelineConfig.ALERTS_MAIL_RECIPIENTS.name() + " is set, so "
                        + PipelineConfig.SMTP_URL.name() + " and " + PipelineConfig.MAIL_FROM.name() + " are needed");
            }
            Smtp smtp = Smtp.parse(
                    smtpUrl, config.get(PipelineConfig.SMTP_USER), WeeklyMailWiring.password(config, env), from);
            channels.add(new MailChannel(smtp, parseRecipients(recipients)));
        }
        return channels;
    }

    /** {@code example.com:a@x; *:b@y}: the weekly mail's format, with {@code *} for every other domain. */
    static Map<String, List<InternetAddress>> parseRecipients(String text) {
        Map<String, List<InternetAddress>> out = new LinkedHashMap<>();
        StringBuilder domains = new StringBuilder();
        for (String entry : text.split(";")) {
            String e = entry.strip();
            if (e.startsWith(MailChannel.ANY_DOMAIN + ":")) {
                // the weekly mail's parser wants a domain: read the addresses under a stand-in one
                out.put(
                        MailChannel.ANY_DOMAIN,
                        WeeklyMailer.parseRecipients("any.example" + e.substring(1))
                                .get("any.example"));
            } else if (!e.isEmpty()) {
                domains.append(e).append(';');
            }
        }
        if (domains.length() > 0) {
            out.putAll(WeeklyMailer.parseRecipients(domains.toString()));
        }
        return out;
    }

    /** ingest's one error policy: capped exponential backoff with jitter, given up after the maximum attempts. */
    static RetryPolicy retries(PipelineConfig config) {
        Duration first = Duration.ofMillis(config.get(PipelineConfig.ALERTS_RETRY_MS));
        ErrorPolicy policy = ErrorPolicy.retryForever(
                        first, first.compareTo(MAX_RETRY_BACKOFF) > 0 ? first : MAX_RETRY_BACKOFF)
                .withMaxAttempts(Math.max(1, config.get(PipelineConfig.ALERTS_RETRY_ATTEMPTS)));
        int attempts = config.get(PipelineConfig.ALERTS_RETRY_ATTEMPTS);
        return failures -> {
            if (attempts == 0) {
                return Optional.empty();
            }
            ErrorPolicy.Decision next = policy.decide(ErrorPolicy.Failure.TRANSIENT, failures);
            return next.action() == ErrorPolicy.Action.RETRY ? Optional.of(next.delay()) : Optional.empty();
        };
    }

    /**
     * The posture checker seen as the aspects an alert compares: the SPF record, the DMARC {@code p=}, and each DKIM
     * key of a selector seen in the last {@value #SELECTOR_DAYS} days' reports. An aspect DNS did not answer for is
     * left out.
     */
    static PostureProbe probe(PostureChecker checker, ReportStore store, Clock clock) {
        return domain -> {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            DomainPosture posture = checker.check(
                    domain, store.dkimSelectors(domain, new DateRange(today.minusDays(SELECTOR_DAYS), today)));
            Map<String, String> aspects = new LinkedHashMap<>();
            if (posture.spfRecord() != null || !has(posture, "spf.dns")) {
                aspects.put(PostureProbe.SPF, posture.spfRecord() == null ? "" : posture.spfRecord());
            }
            if (posture.dmarcRecord() != null || !has(posture, "dmarc.dns")) {
                aspects.put(PostureProbe.DMARC_POLICY, policy(posture.dmarcRecord()));
            }
            for (Finding finding : posture.findings()) {
                if (!finding.check().equals("dkim") || finding.message().indexOf(':') < 0) {
                    continue;
                }
                String name = finding.message().substring(0, finding.message().indexOf(':'));
                String state =
                        switch (finding.code()) {
                            case "dkim.ok", "dkim.weak", "dkim.short", "dkim.invalid" -> PostureProbe.KEY_PRESENT;
                            case "dkim.vanished", "dkim.revoked" -> PostureProbe.KEY_GONE;
                            default -> null; // dkim.dns (no answer), dkim.testing (a second finding on a key)
                        };
                if (state != null) {
                    aspects.put(PostureProbe.DKIM_PREFIX + name.toLowerCase(Locale.ROOT), state);
                }
            }
            return aspects;
        };
    }

    private static boolean has(DomainPosture posture, String code) {
        return posture.findings().stream().anyMatch(f -> f.code().equals(code));
    }

    /** The {@code p=} of a DMARC record, lower-cased; empty when there is no record or no p=. */
    static String policy(String record) {
        if (record == null) {
            return "";
        }
        Matcher m = POLICY.matcher(record);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    }
}
