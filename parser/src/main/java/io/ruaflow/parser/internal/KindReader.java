package io.ruaflow.parser.internal;

import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.WholeReport;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads one report of a kind other than aggregate from the bytes the walk found it in: the decompressed JSON of a
 * TLS report, the whole MIME entity (headers and body) of a failure report. Throws {@link InputRejected} for input
 * it refuses ({@link InputRejected#notAReport} when it is simply something else, so a mail may go on).
 */
public interface KindReader {
    /** @param context warnings the layers around it raised (a mismatched declared type), to start its list with */
    WholeReport read(InputStream in, ReportSource source, List<String> context) throws IOException;
}
