package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How an Organizational Domain is found: the RFC 9989 DNS tree walk over {@code _dmarc} records, or the RFC 7489
 * Public Suffix List. The tree walk needs DNS; without it, or when DNS fails during a walk, the PSL decides.
 */
public enum OrgDomainMethod {
    TREEWALK,
    PSL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses {@code treewalk} or {@code psl} (any case). */
    public static OrgDomainMethod parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "treewalk" -> TREEWALK;
            case "psl" -> PSL;
            default -> throw new IllegalArgumentException("must be treewalk or psl: '" + value + "'");
        };
    }
}
