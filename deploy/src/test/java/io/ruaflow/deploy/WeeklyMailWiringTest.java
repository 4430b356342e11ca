package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.api.weekly.WeeklyMailer;
import io.ruaflow.deploy.config.PipelineConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeeklyMailWiringTest {
    private static PipelineConfig config(Map<String, String> flags) {
        return PipelineConfig.load(flags, Map.of(), null);
    }

    @Test
    void noScheduleNoMailer() {
        assertThat(WeeklyMailWiring.mailer(config(Map.of()), null, null)).isNull();
    }

    @Test
    void aScheduleNeedsRecipientsServerAndSender() {
        assertThatThrownBy(() -> WeeklyMailWiring.mailer(
                        config(Map.of("report.weekly.schedule", "MON 07:00", "smtp.url", "smtp://127.0.0.1:2525")),
                        null,
                        null))
                .hasMessage("report.weekly.schedule is set, so report.weekly.recipients is needed");
        assertThatThrownBy(() -> WeeklyMailWiring.mailer(
                        config(Map.of(
                                "report.weekly.schedule", "MON 7",
                                "report.weekly.recipients", "example.com:a@example.com",
                                "smtp.url", "smtp://127.0.0.1:2525",
                                "mail.from", "d@example.com")),
                        null,
                        null))
                .hasMessageContaining("schedule must look like MON 07:00");
    }

    @Test
    void aCompleteSettingMakesAMailer() {
        try (WeeklyMailer mailer = WeeklyMailWiring.mailer(
                config(Map.of(
                        "report.weekly.schedule", "MON 07:00",
                        "report.weekly.timezone", "Europe/Berlin",
                        "report.weekly.recipients", "example.com:a@example.com",
                        "smtp.url", "smtp://127.0.0.1:2525",
                        "mail.from", "d@example.com")),
                null,
                null)) {
            assertThat(mailer).isNotNull();
        }
    }
}
