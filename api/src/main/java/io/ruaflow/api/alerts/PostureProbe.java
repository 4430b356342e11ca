package io.ruaflow.api.alerts;

import java.util.Map;

/**
 * A domain's posture as live DNS shows it now, reduced to the aspects a change of which alerts: {@code spf} (the
 * SPF record, empty when none), {@code dmarc.p} (the DMARC policy, empty when no record), and one
 * {@code dkim:SELECTOR._domainkey.DOMAIN} per selector seen in reports ({@link #KEY_PRESENT} or {@link #KEY_GONE}).
 * Deploy backs it with the enricher's posture checker (the API does not import the enricher). An aspect DNS could
 * not answer is left out, so that a timeout is not taken for a change.
 */
@FunctionalInterface
public interface PostureProbe {
    String SPF = "spf";
    String DMARC_POLICY = "dmarc.p";
    String DKIM_PREFIX = "dkim:";
    String KEY_PRESENT = "present";
    String KEY_GONE = "gone";

    Map<String, String> aspects(String domain);
}
