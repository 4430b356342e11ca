package io.ruaflow.parser.internal;

import io.ruaflow.parser.ReportLimitExceededException;
import io.ruaflow.parser.ReportRejectedException;
import java.io.IOException;

/**
 * Thrown deep inside the decoding layers (which only speak {@link IOException}) to reject an input; the parser turns
 * it into a {@link ReportRejectedException} naming the file.
 */
public final class InputRejected extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String limit;
    private final long limitValue;
    private final boolean notAReport;

    private InputRejected(String reason, String limit, long limitValue, boolean notAReport) {
        super(reason);
        this.reason = reason;
        this.limit = limit;
        this.limitValue = limitValue;
        this.notAReport = notAReport;
    }

    public static InputRejected because(String reason) {
        return new InputRejected(reason, null, 0, false);
    }

    /**
     * The bytes are well-formed but are something else than a report (XML whose root is not {@code <feedback>}),
     * found before anything of them reached the handler: a mail may skip such a part and read the next one.
     */
    static InputRejected notAReport(String what) {
        return new InputRejected(what, null, 0, true);
    }

    /** Whether this part is simply not a report (see {@link #notAReport}), rather than a broken or hostile one. */
    boolean isNotAReport() {
        return notAReport;
    }

    /** {@code what} says what went over the limit, e.g. "zip archive has more than 1000 entries". */
    public static InputRejected overLimit(String limit, long value, String what) {
        return new InputRejected(what, limit, value, false);
    }

    public ReportRejectedException toRejection(String file) {
        if (limit != null) {
            return new ReportLimitExceededException(file, limit, limitValue, reason);
        }
        return new ReportRejectedException(file, reason);
    }
}
