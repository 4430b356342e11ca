package io.ruaflow.enricher.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines one class logs from when this is made until it is closed. */
public final class CapturedLog implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger;
    private final Level levelBefore;

    private CapturedLog(Class<?> source, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** The lines the class logs at the levels the test's logback configuration lets through. */
    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source, null);
    }

    /** The lines the class logs at {@code level} or above, whatever the test's logback configuration says. */
    public static CapturedLog of(Class<?> source, Level level) {
        return new CapturedLog(source, level);
    }

    /** Every line so far, formatted. */
    public List<String> lines() {
        return lines(Level.ALL);
    }

    /** The lines so far at {@code level} or above, formatted. */
    public List<String> lines(Level level) {
        return appender.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(levelBefore);
    }
}
