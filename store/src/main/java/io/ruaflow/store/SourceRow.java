package io.ruaflow.store;

import java.time.Instant;

/**
 * One sending source IP of a domain over a range. {@code ptrName}, {@code service}, {@code freshSpfResult} and
 * {@code classification} are the latest enrichment seen for the IP (null when never checked);
 * {@code classification} is the one covering most of its volume. {@code firstSeen} is the earliest report begin in
 * which this IP sent as the domain, across all time.
 */
public record SourceRow(
        String sourceIp,
        String ptrName,
        String service,
        long messages,
        long dmarcPass,
        long dmarcFail,
        long spfAligned,
        long dkimAligned,
        String freshSpfResult,
        String classification,
        Instant firstSeen) {}
