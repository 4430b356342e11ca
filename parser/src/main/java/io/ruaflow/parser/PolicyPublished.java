package io.ruaflow.parser;

/**
 * The policy the domain owner published, as the reporter saw it. Word values are lower-cased; any field but
 * {@code domain} may be null when the reporter left it out. {@code pct} exists only in RFC 7489 reports;
 * {@code np}, {@code testing} and {@code discoveryMethod} only in RFC 9990 reports.
 */
public record PolicyPublished(
        String domain,
        String p,
        String sp,
        String np,
        String adkim,
        String aspf,
        Integer pct,
        String fo,
        String testing,
        String discoveryMethod) {}
