package io.ruaflow.deploy;

import io.ruaflow.api.PostureService;
import io.ruaflow.api.mail.Smtp;
import io.ruaflow.api.weekly.WeeklyMailer;
import io.ruaflow.api.weekly.WeeklySchedule;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.store.ReportStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The scheduled weekly mail from the report.weekly.*, smtp.* and mail.from keys. */
final class WeeklyMailWiring {
    static final String SMTP_PASSWORD_ENV = "RUAFLOW_SMTP_PASSWORD";

    private WeeklyMailWiring() {}

    /**
     * The mailer, not yet started; null when report.weekly.schedule is unset.
     *
     * @throws IllegalArgumentException naming the key when the schedule is set and a setting is missing or bad
     */
    static WeeklyMailer mailer(PipelineConfig config, ReportStore store, PostureService posture) {
        String schedule = config.get(PipelineConfig.REPORT_WEEKLY_SCHEDULE);
        if (schedule == null || schedule.isBlank()) {
            return null;
        }
        WeeklySchedule when = WeeklySchedule.parse(schedule, config.get(PipelineConfig.REPORT_WEEKLY_TIMEZONE));
        String recipients = config.get(PipelineConfig.REPORT_WEEKLY_RECIPIENTS);
        String url = config.get(PipelineConfig.SMTP_URL);
        String from = config.get(PipelineConfig.MAIL_FROM);
        for (String[] needed : new String[][] {
            {PipelineConfig.REPORT_WEEKLY_RECIPIENTS.name(), recipients},
            {PipelineConfig.SMTP_URL.name(), url},
            {PipelineConfig.MAIL_FROM.name(), from}
        }) {
            if (needed[1] == null || needed[1].isBlank()) {
                throw new IllegalArgumentException(
                        PipelineConfig.REPORT_WEEKLY_SCHEDULE.name() + " is set, so " + needed[0] + " is needed");
            }
        }
        String password = password(config, System.getenv());
        Smtp smtp = Smtp.parse(url, config.get(PipelineConfig.SMTP_USER), password, from);
        return new WeeklyMailer(
                store, posture, smtp, WeeklyMailer.parseRecipients(recipients), when, Clock.systemUTC());
    }

    /** The SMTP password: smtp.password.file's content, else env {@value #SMTP_PASSWORD_ENV}; null when neither. */
    static String password(PipelineConfig config, java.util.Map<String, String> env) {
        String passwordFile = config.get(PipelineConfig.SMTP_PASSWORD_FILE);
        if (passwordFile != null && !passwordFile.isBlank()) {
            try {
                return Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        PipelineConfig.SMTP_PASSWORD_FILE.name() + ": cannot read " + passwordFile, e);
            }
        }
        return env.get(SMTP_PASSWORD_ENV);
    }
}
