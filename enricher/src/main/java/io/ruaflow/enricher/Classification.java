package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of sender a record's source is, judged from authentication and alignment. */
public enum Classification {
    /** SPF or DKIM passes and aligns with header_from: DMARC passes. */
    ALIGNED,
    /** DKIM passes while SPF fails, or the receiver reported a forwarding / mailing-list override. */
    FORWARDED,
    /** SPF or DKIM passes but does not align: usually a service not yet set up with the domain. */
    MISCONFIGURED,
    /** Nothing passes: spoofing, or a sender the domain owner does not know about. */
    UNAUTHORIZED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
