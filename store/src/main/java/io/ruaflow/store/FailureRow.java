package io.ruaflow.store;

import java.time.Instant;
import java.util.List;

/**
 * One stored DMARC failure report as the failures list shows it: its facts, the original's From, To and Subject
 * (local parts redacted when the report was stored with {@code failure.redact} on) and the live re-check of its
 * source (null fields when DNS checks were off). The original's headers are fetched one report at a time
 * ({@link Analytics#failureHeaders}).
 */
public record FailureRow(
        String reportUid,
        String reportedDomain,
        Instant arrival,
        String sourceIp,
        String reporter,
        String format,
        List<String> authFailures,
        String deliveryResult,
        String originalMailFrom,
        String from,
        String to,
        String subject,
        String messageId,
        String dkimDomain,
        String dkimSelector,
        String dkimResult,
        String spfDomain,
        String spfResult,
        String ptrName,
        Boolean ptrConfirmed,
        String service,
        String freshSpfResult,
        String freshSpfMechanism,
        String classification) {

    public FailureRow {
        authFailures = List.copyOf(authFailures);
    }
}
