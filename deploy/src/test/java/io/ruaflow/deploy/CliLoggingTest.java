package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
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
            assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
                    .isEqualTo(CliLogging.PATTERN);
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
}
