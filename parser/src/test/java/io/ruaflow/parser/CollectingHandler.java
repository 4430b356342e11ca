package io.ruaflow.parser;

import java.util.List;

/** Collects the headers it sees; tests override what they need. */
class CollectingHandler implements ReportHandler {
    final List<ReportHeader> headers;

    CollectingHandler(List<ReportHeader> headers) {
        this.headers = headers;
    }

    @Override
    public void header(ReportHeader header) {
        headers.add(header);
    }

    @Override
    public void record(ReportRecord record) {}

    @Override
    public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {}
}
