package io.ruaflow.store;

/** A policy domain seen in reports, with its message volume and DMARC pass rate (0..1) over a range. */
public record DomainOverview(String domain, long messages, long dmarcPass, double dmarcPassRate) {}
