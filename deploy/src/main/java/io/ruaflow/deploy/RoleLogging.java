package io.ruaflow.deploy;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/**
 * Long-running roles log one line per report at INFO; the command line's default is WARN (stdout is for data). An
 * explicit {@code -Druaflow.log.level} wins.
 */
final class RoleLogging {
    private RoleLogging() {}

    static void infoUnlessConfigured() {
        if (System.getProperty("ruaflow.log.level") == null
                && LoggerFactory.getLogger("io.ruaflow") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(Level.INFO);
        }
    }
}
