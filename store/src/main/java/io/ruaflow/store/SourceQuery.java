package io.ruaflow.store;

/**
 * Which sources to list: {@code failingOnly} keeps IPs with DMARC-failing or unaligned volume; {@code reporter}, when
 * not null, counts only the volume that reporter (org name, exact) reported; results are sorted by message volume,
 * largest first, at most {@code limit} rows.
 */
public record SourceQuery(boolean failingOnly, int limit, String reporter) {
    public static final int MAX_LIMIT = 10_000;

    public SourceQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_LIMIT + " (a fixed bound): " + limit);
        }
        if (reporter != null && reporter.isEmpty()) {
            reporter = null;
        }
    }

    /** Every reporter's volume. */
    public SourceQuery(boolean failingOnly, int limit) {
        this(failingOnly, limit, null);
    }
}
