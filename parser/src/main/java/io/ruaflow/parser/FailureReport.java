package io.ruaflow.parser;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One DMARC failure report (RFC 6591 ARF, RFC 9991, or a reporter's plain-text variant): the facts about one message
 * that failed authentication, as the receiver saw it. Only the original's headers are kept, never its body; with
 * {@code redacted} the local parts of the original's addresses are replaced by {@value
 * FailureReportParser#REDACTED_LOCAL_PART} in every field and header.
 *
 * @param reportUid stable across re-deliveries: a hash of the reporter's address and the report mail's Message-ID, or of
 *     the report's content (line endings normalized) when it has no Message-ID
 * @param reporter the domain of the report mail's From address (e.g. {@code linkedin.com}); null if it has none
 * @param reporterEmail the report mail's From address; null if it has none
 * @param format how the report was written
 * @param feedbackType the ARF Feedback-Type, lower-cased ({@code auth-failure})
 * @param userAgent the ARF User-Agent; null if absent
 * @param arrivalDate when the original arrived (Arrival-Date, else the original's Date, else the report's Date)
 * @param sourceIp the IP the original came from, normalized; null when the report names none usable
 * @param reportedDomain the domain whose policy failed, lower-cased, never null
 * @param authFailures what failed ({@code dmarc}, {@code dkim}, {@code spf}, {@code bodyhash}…), lower-cased
 * @param deliveryResult what the receiver did ({@code delivered}, {@code spam}, {@code policy}, {@code reject},
 *     {@code other}, or the reporter's own word), lower-cased; null if absent
 * @param authenticationResults the receiver's Authentication-Results for the original; null if absent
 * @param originalMailFrom the SMTP MAIL FROM of the original, without angle brackets; null when empty
 * @param originalRcptTo the SMTP RCPT TO addresses of the original, comma-separated; null if absent
 * @param from the original's From header, decoded
 * @param to the original's To header, decoded
 * @param subject the original's Subject, decoded
 * @param messageId the original's Message-ID (from its headers, else the report's field), without whitespace
 * @param dkimDomain the signing domain (DKIM-Domain, else the original's DKIM-Signature d=, else header.d=)
 * @param dkimSelector the selector (DKIM-Selector, else the original's DKIM-Signature s=, else header.s=)
 * @param dkimResult the receiver's DKIM result (dkim= in its Authentication-Results), lower-cased; null if absent
 * @param spfDomain the domain SPF was checked for (the MAIL FROM's domain, else smtp.mailfrom in the results)
 * @param spfResult the receiver's SPF result (spf= in its Authentication-Results), lower-cased; null if absent
 * @param headers the original's header block as received (CRLF normalized to LF), at most {@value
 *     FailureReportParser#MAX_ORIGINAL_HEADER_BYTES} bytes; empty when the report carries no copy
 * @param redacted whether local parts were redacted
 * @param warnings the lenient recoveries made while reading it
 * @param recheck what ruaflow found re-checking the source against DNS now; null until the enricher ran
 */
public record FailureReport(
        String reportUid,
        ReportSource source,
        String reporter,
        String reporterEmail,
        Format format,
        String feedbackType,
        String userAgent,
        Instant arrivalDate,
        String sourceIp,
        String reportedDomain,
        List<String> authFailures,
        String deliveryResult,
        String authenticationResults,
        String originalMailFrom,
        String originalRcptTo,
        String from,
        String to,
        String subject,
        String messageId,
        String dkimDomain,
        String dkimSelector,
        String dkimResult,
        String spfDomain,
        String spfResult,
        String headers,
        boolean redacted,
        List<String> warnings,
        Recheck recheck)
        implements WholeReport {

    /** How a failure report was written. */
    public enum Format {
        /** A {@code message/feedback-report} part (RFC 5965 / RFC 6591), with the original or its headers. */
        ARF,
        /** Plain text naming the sender domain and IP, with the original's headers after it (Exim). */
        TEXT
    }

    /**
     * The live re-check of a failure report's source, the same one aggregate records get (see the enricher): fields
     * are null when DNS checks are off.
     *
     * @param ptrName the source IP's reverse DNS name
     * @param ptrConfirmed whether that name resolves back to the IP
     * @param service the sending service the PTR or an SPF include names
     * @param freshSpfResult RFC 7208 check_host for {@code spfDomain} against DNS now
     * @param freshSpfMechanism the mechanism that decided it
     * @param classification {@code aligned}, {@code forwarded}, {@code misconfigured} or {@code unauthorized}
     */
    public record Recheck(
            String ptrName,
            Boolean ptrConfirmed,
            String service,
            String freshSpfResult,
            String freshSpfMechanism,
            String classification,
            Instant checkedAt) {}

    public FailureReport {
        authFailures = List.copyOf(authFailures);
        warnings = List.copyOf(warnings);
    }

    @Override
    @JsonIgnore
    public ReportKind kind() {
        return ReportKind.FAILURE;
    }

    @Override
    public FailureReport withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return copy(all, recheck);
    }

    @Override
    public String describe() {
        return kind().description() + " from " + (reporter == null ? "an unknown reporter" : reporter) + " for "
                + reportedDomain + " (source " + (sourceIp == null ? "unknown" : sourceIp) + ", arrived "
                + arrivalDate + ")";
    }

    /** A copy with the enricher's findings. */
    public FailureReport withRecheck(Recheck value) {
        return copy(warnings, value);
    }

    private FailureReport copy(List<String> warningList, Recheck value) {
        return new FailureReport(
                reportUid,
                source,
                reporter,
                reporterEmail,
                format,
                feedbackType,
                userAgent,
                arrivalDate,
                sourceIp,
                reportedDomain,
                authFailures,
                deliveryResult,
                authenticationResults,
                originalMailFrom,
                originalRcptTo,
                from,
                to,
                subject,
                messageId,
                dkimDomain,
                dkimSelector,
                dkimResult,
                spfDomain,
                spfResult,
                headers,
                redacted,
                warningList,
                value);
    }
}
