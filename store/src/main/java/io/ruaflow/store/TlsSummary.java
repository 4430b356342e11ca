package io.ruaflow.store;

import java.time.LocalDate;
import java.util.List;

/**
 * What SMTP TLS reports (RFC 8460) say about one domain over a range: sessions that negotiated TLS as the policy
 * requires and sessions that failed, per day (every day of the range, zeros included), the failed sessions by
 * result type and by receiving MX, and who reported. Each report counts once however often it was delivered; a
 * report counts on the UTC day its period starts.
 */
public record TlsSummary(
        String domain,
        DateRange range,
        long successfulSessions,
        long failedSessions,
        List<Day> days,
        List<ResultType> byResultType,
        List<ReceivingMx> byReceivingMx,
        List<Reporter> reporters) {

    /** The most entries each breakdown lists (largest first). */
    public static final int MAX_GROUPS = 100;

    public TlsSummary {
        days = List.copyOf(days);
        byResultType = List.copyOf(byResultType);
        byReceivingMx = List.copyOf(byReceivingMx);
        reporters = List.copyOf(reporters);
    }

    /** Failed sessions over all sessions; 0 when there were none. */
    public double failureRate() {
        long total = successfulSessions + failedSessions;
        return total == 0 ? 0 : (double) failedSessions / total;
    }

    public record Day(LocalDate day, long successfulSessions, long failedSessions) {}

    /** Failed sessions of one {@code result-type} ({@code certificate-expired}, {@code starttls-not-supported}...). */
    public record ResultType(String resultType, long failedSessions) {}

    /**
     * Failed sessions at one receiving MX for one result type; {@code receivingMx} is empty when reporters did not
     * name it.
     */
    public record ReceivingMx(String receivingMx, String resultType, long failedSessions) {}

    public record Reporter(String organization, long reports, long successfulSessions, long failedSessions) {}
}
