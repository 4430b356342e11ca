package io.ruaflow.parser;

/**
 * One {@code failure-details} entry of a {@link TlsPolicy}: why sessions failed ({@code result-type}, such as
 * {@code certificate-expired} or {@code sts-policy-fetch-error}), between which sender and which receiving MX, and
 * how many. Every field but {@code resultType} and {@code failedSessionCount} may be null: Microsoft omits
 * {@code sending-mta-ip}, many omit {@code receiving-ip}.
 */
public record TlsFailureDetail(
        String resultType,
        String sendingMtaIp,
        String receivingMxHostname,
        String receivingMxHelo,
        String receivingIp,
        long failedSessionCount,
        String additionalInformation,
        String failureReasonCode) {}
