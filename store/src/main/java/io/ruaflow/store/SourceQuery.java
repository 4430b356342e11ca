package io.ruaflow.store;

/**
 * Which sources to list, sorted by message volume, largest first, at most {@code limit} rows. The filters combine
 * (all must hold) and use the words every answer uses:
 *
 * <ul>
 *   <li>{@code failingOnly}: sources where DMARC fails for some of their messages ({@link SourceRow#dmarcFail()} &gt;
 *       0);
 *   <li>{@code partialOnly}: sources with messages that pass DMARC although one mechanism (SPF or DKIM) does not
 *       align ({@link SourceRow#partial()} &gt; 0);
 *   <li>{@code newOnly}: sources first seen for the domain within the asked range ({@link SourceRow#firstSeen()});
 *   <li>{@code reporter}, when not null: counts only the volume that reporter (org name, exact) reported.
 * </ul>
 */
public record SourceQuery(boolean failingOnly, boolean partialOnly, boolean newOnly, int limit, String reporter) {
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
    public SourceQuery(boolean failingOnly, boolean partialOnly, boolean newOnly, int limit) {
        this(failingOnly, partialOnly, newOnly, limit, null);
    }

    /** Every source, or only the failing ones, of every reporter. */
    public SourceQuery(boolean failingOnly, int limit) {
        this(failingOnly, false, false, limit, null);
    }

    /** Every source, or only the failing ones, of one reporter (null: every reporter). */
    public SourceQuery(boolean failingOnly, int limit, String reporter) {
        this(failingOnly, false, false, limit, reporter);
    }

    public SourceQuery withLimit(int value) {
        return new SourceQuery(failingOnly, partialOnly, newOnly, value, reporter);
    }
}
