package io.ruaflow.parser;

/**
 * An input that cannot be used as a report: not a report at all, malformed beyond recovery, hostile (DOCTYPE), or
 * over one of the parser's limits. The message names the file and the reason and is fit to show an operator as is.
 */
public class ReportRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String reason;

    public ReportRejectedException(String file, String reason) {
        this(file, reason, null);
    }

    public ReportRejectedException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The display name of the rejected input. */
    public String file() {
        return file;
    }

    /** Why it was rejected, without the file name. */
    public String reason() {
        return reason;
    }
}
