package io.ruaflow.parser;

import java.nio.file.Path;
import java.util.List;

/** Run in a child JVM with a small heap by {@link StreamingTest}: parses one file and prints its totals. */
public final class StreamingParseMain {
    private StreamingParseMain() {}

    public static void main(String[] args) throws Exception {
        long[] totals = new long[3];
        int reports = new ReportParser().parse(ReportInput.ofFile(Path.of(args[0])), new ReportHandler() {
            @Override
            public void header(ReportHeader header) {}

            @Override
            public void record(ReportRecord record) {
                totals[0]++;
                totals[1] += record.count();
            }

            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
                totals[2] = recordCount;
            }
        });
        System.out.println("reports=" + reports + " records=" + totals[0] + " messages=" + totals[1] + " ended="
                + totals[2] + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    }
}
