package io.ruaflow.ingest;

import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportRejectedException;
import java.io.IOException;

/**
 * What the process stage needs of the parser: {@code io.ruaflow.parser.ReportParser::parse} fits. Streams the
 * reports found in {@code input} to {@code handler} and returns how many there were.
 */
@FunctionalInterface
public interface RawParser {
    int parse(ReportInput input, ReportHandler handler) throws ReportRejectedException, IOException;
}
