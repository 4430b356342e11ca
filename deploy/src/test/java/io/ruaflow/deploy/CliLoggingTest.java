package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliLoggingTest {
    @Test
    void logsGoToStderrAtWarnWithClickHousesClientSilenced() {
        LoggerContext context = new LoggerContext();
        CliLogging.configureDefaults(context, null);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getTarget()).isEqualTo("System.err");
            assertThat(appender.isStarted()).isTrue();
            assertThat(((LayoutWrappingEncoder<?>) appender.getEncoder()).getLayout())
                    .isInstanceOf(CliLogLayout.class);
        });
        assertThat(context.getLogger("com.clickhouse.client.api.Client").getLevel())
                .isEqualTo(Level.OFF);
        assertThat(context.getLogger("io.ruaflow.deploy").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void theLevelPropertySetsTheRootLevelAndANonsenseOneKeepsWarn() {
        LoggerContext debug = new LoggerContext();
        CliLogging.configureDefaults(debug, "debug");
        assertThat(debug.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        LoggerContext nonsense = new LoggerContext();
        CliLogging.configureDefaults(nonsense, "loud");
        assertThat(nonsense.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aLineIsWhatLogbacksPatternWritesForEveryLevelTimeLoggerAndException() {
        LoggerContext context = new LoggerContext();
        PatternLayout reference = new PatternLayout();
        reference.setContext(context);
        reference.setPattern(CliLogLayout.PATTERN);
        reference.start();
        CliLogLayout layout = new CliLogLayout();
        layout.setContext(context);
        layout.start();
        List<LoggingEvent> events = new ArrayList<>();
        IllegalStateException thrown =
                new IllegalStateException("store unavailable", new java.io.IOException("connection refused"));
        int n = 0;
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            for (String logger : List.of("io.ruaflow.ingest.sink.SinkStage", "Root", "a.b.C$Inner")) {
                for (LocalTime time : List.of(
                        LocalTime.MIDNIGHT,
                        LocalTime.of(9, 5, 7, 5_000_000),
                        LocalTime.of(23, 59, 59, 999_000_000),
                        LocalTime.of(12, 30, 0, 50_000_000))) {
                    LoggingEvent event = new LoggingEvent(
                            Logger.class.getName(),
                            context.getLogger(logger),
                            level,
                            "report {} of {}: {}",
                            n++ % 3 == 0 ? thrown : null,
                            new Object[] {"r-1", "example.com", "written"});
                    event.setTimeStamp(LocalDate.of(2026, 12, 4)
                            .atTime(time)
                            .atZone(ZoneId.systemDefault())
                            .toInstant()
                            .toEpochMilli());
                    events.add(event);
                }
            }
        }
        for (LoggingEvent event : events) {
            String line = layout.doLayout(event);
            if (event.getThrowableProxy() == null) {
                assertThat(line).isEqualTo(reference.doLayout(event));
            } else {
                // the message line as the pattern writes it, then the exception and its cause, each frame once
                // (logback 1.5's converter repeats the first frame)
                String expected = reference.doLayout(event);
                assertThat(line.lines().findFirst()).isEqualTo(expected.lines().findFirst());
                assertThat(line)
                        .contains(System.lineSeparator() + "java.lang.IllegalStateException: store unavailable"
                                + System.lineSeparator() + "\tat ")
                        .contains("Caused by: java.io.IOException: connection refused")
                        .endsWith(System.lineSeparator());
            }
        }
    }
}
