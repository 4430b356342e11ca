package io.ruaflow.deploy;

import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.samples.BenchReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruaflow bench parse}: records parsed per second on one thread. */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a realistic aggregate report in memory and parse it on one thread, after a warm-up.",
            "Prints records per second for each timed iteration, the median and the best."
        })
final class BenchParseCommand implements Callable<Integer> {
    @Option(
            names = "--records",
            defaultValue = "100000",
            description = "Records in the report (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--iterations", defaultValue = "5", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--gzip", description = "Parse the report gzipped, as most reporters send it.")
    boolean gzip;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, ReportRejectedException {
        PrintWriter out = spec.commandLine().getOut();
        byte[] xml = BenchReport.xml(records, 42);
        byte[] bytes = gzip ? BenchReport.gzip(xml) : xml;
        out.printf(
                Locale.ROOT,
                "report: %d records, %.1f MiB of XML%s%n",
                records,
                xml.length / 1048576.0,
                gzip ? String.format(Locale.ROOT, ", %.1f MiB gzipped", bytes.length / 1048576.0) : "");
        ReportParser parser = new ReportParser();
        ReportInput input = ReportInput.ofBytes("bench.xml" + (gzip ? ".gz" : ""), bytes);
        for (int i = 0; i < warmup; i++) {
            run(parser, input);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rates = new double[iterations];
        double[] cpuRates = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long parsed = run(parser, input);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            rates[i] = parsed / seconds;
            cpuRates[i] = parsed / cpuSeconds;
            out.printf(
                    Locale.ROOT,
                    "run %d: %d records in %.3f s (%.3f s of CPU): %,.0f records/s, %,.0f records per CPU second%n",
                    i + 1,
                    parsed,
                    seconds,
                    cpuSeconds,
                    rates[i],
                    cpuRates[i]);
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        out.printf(
                Locale.ROOT,
                "parse: median %,.0f records/s wall clock, %,.0f records per CPU second (one thread)%n",
                rates[rates.length / 2],
                cpuRates[cpuRates.length / 2]);
        out.flush();
        return 0;
    }

    private static long run(ReportParser parser, ReportInput input) throws IOException, ReportRejectedException {
        long[] count = new long[1];
        parser.parse(input, new ReportHandler() {
            @Override
            public void header(ReportHeader header) {}

            @Override
            public void record(ReportRecord record) {
                count[0]++;
            }

            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {}
        });
        return count[0];
    }
}
