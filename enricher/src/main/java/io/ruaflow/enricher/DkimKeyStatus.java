package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What DNS holds today at {@code <selector>._domainkey.<domain>}. */
public enum DkimKeyStatus {
    /** A usable key record. */
    FOUND,
    /** No record (NXDOMAIN or no TXT with v=DKIM1). */
    MISSING,
    /** A record with an empty {@code p=}: the key was withdrawn. */
    REVOKED,
    /** A record that does not parse as a DKIM key. */
    INVALID,
    /** The reporter gave no selector, so there is nothing to look up. */
    NO_SELECTOR,
    /** DNS did not answer (timeout, SERVFAIL). */
    TEMPERROR;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
