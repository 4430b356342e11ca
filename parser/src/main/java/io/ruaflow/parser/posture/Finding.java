package io.ruaflow.parser.posture;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One observation about a domain's published DNS records. {@code check} names the record family ({@code dmarc},
 * {@code spf}, {@code dkim}, {@code mta-sts}, {@code tls-rpt}, {@code bimi}); {@code code} is a stable identifier
 * of the finding ({@code spf.lookups.over-limit}); {@code message} says what is wrong and what to do, in words;
 * {@code record} is the exact record (or DNS name) it is about, null when there is none.
 */
public record Finding(Severity severity, String check, String code, String message, String record) {
    public enum Severity {
        /** Breaks authentication or reporting now; fix it. */
        ERROR,
        /** Works today but is risky, deprecated, or weaker than it should be. */
        WARNING,
        /** Worth knowing; nothing to fix. */
        INFO;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Finding error(String check, String code, String message, String record) {
        return new Finding(Severity.ERROR, check, code, message, record);
    }

    public static Finding warning(String check, String code, String message, String record) {
        return new Finding(Severity.WARNING, check, code, message, record);
    }

    public static Finding info(String check, String code, String message, String record) {
        return new Finding(Severity.INFO, check, code, message, record);
    }
}
