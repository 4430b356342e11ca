package io.ruaflow.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * ruaflow's logging, set up in code (a logback {@link Configurator} found as a service) rather than from an XML file:
 * reading {@code logback.xml} loaded an XML parser and some 500 classes, a quarter of a second on every command.
 * The command line keeps stdout for data (JSON Lines, tables): logs go to stderr, {@code WARN} and up unless
 * {@code -Druaflow.log.level} says otherwise (long-running roles raise it to INFO, see {@link RoleLogging}).
 *
 * <p>A file named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on the class path, is used
 * instead, as logback would.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class CliLogging extends ContextAwareBase implements Configurator {
    static final String LEVEL_PROPERTY = "ruaflow.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || CliLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureDefaults(context, System.getProperty(LEVEL_PROPERTY));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** stderr, {@code level} (WARN when null or not a level) at the root, ClickHouse's client silenced. */
    static void configureDefaults(LoggerContext context, String level) {
        CliLogLayout layout = new CliLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.WARN));
        root.addAppender(stderr);
        // client-v2 logs an ERROR with a stack trace on every connect to ClickHouse 18.16 (no currentUser());
        // harmless, and every real failure reaches ruaflow as an exception.
        context.getLogger("com.clickhouse.client.api.Client").setLevel(Level.OFF);
    }
}
