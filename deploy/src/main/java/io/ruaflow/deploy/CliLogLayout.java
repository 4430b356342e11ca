package io.ruaflow.deploy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One log line as {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n} (then the exception, if any) writes it,
 * made without logback's pattern machinery: compiling a pattern set up some sixty converters and was a sizeable part
 * of every command's start.
 */
final class CliLogLayout extends LayoutBase<ILoggingEvent> {
    /** The pattern this layout writes, as logback would spell it. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    private static final int LEVEL_WIDTH = 5;

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
        twoDigits(line, time.getHour()).append(':');
        twoDigits(line, time.getMinute()).append(':');
        twoDigits(line, time.getSecond()).append('.');
        int millis = time.getNano() / 1_000_000;
        line.append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
        line.append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < LEVEL_WIDTH; i++) {
            line.append(' ');
        }
        line.append(' ');
        String logger = event.getLoggerName();
        line.append(logger, logger.lastIndexOf('.') + 1, logger.length());
        line.append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    private static StringBuilder twoDigits(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
