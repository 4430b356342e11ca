package io.ruaflow.parser;

/**
 * An input rejected because it went over one of the {@link ParserLimits}; carries the limit's name and value, and
 * its message says the limit is fixed (no configuration key or flag raises the parser's limits).
 */
public final class ReportLimitExceededException extends ReportRejectedException {
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long value;

    public ReportLimitExceededException(String file, String limit, long value, String what) {
        super(file, what + " (fixed limit " + limit + "=" + value + ", no setting raises it)");
        this.limit = limit;
        this.value = value;
    }

    /** The constant name of the limit, e.g. {@code MAX_DECOMPRESSED_BYTES}. */
    public String limit() {
        return limit;
    }

    /** The value of the limit that was exceeded. */
    public long value() {
        return value;
    }
}
