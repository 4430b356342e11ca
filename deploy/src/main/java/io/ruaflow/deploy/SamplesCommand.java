package io.ruaflow.deploy;

import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.SampleGenerator;
import io.ruaflow.samples.SampleOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ruaflow samples}: writes a deterministic set of sample aggregate reports and the DNS zone behind them. */
@Command(
        name = "samples",
        mixinStandardHelpOptions = true,
        description = {
            "Write realistic DMARC aggregate reports (Google-, Microsoft-, Yahoo-, Mimecast-like and RFC 9990;"
                    + " xml, xml.gz, zip and eml) into DIR/reports, and the DNS zone that makes their SPF and DKIM"
                    + " results true into DIR/zone.txt (BIND master-file format).",
            "The same options always give byte-identical files."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the files were written", "1:a file could not be written", "2:invalid command line"})
public final class SamplesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into (created).")
    Path out;

    @Option(
            names = "--reports",
            paramLabel = "N",
            defaultValue = "20",
            description = "Number of report files (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(
            names = "--records",
            paramLabel = "M",
            defaultValue = "10",
            description = "Records in every report (default: ${DEFAULT-VALUE}); millions stream fine.")
    int records;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seed of the sample world and reports (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--domains",
            paramLabel = "K",
            defaultValue = "3",
            description = "Number of policy domains, 1 to 24 (default: ${DEFAULT-VALUE}).")
    int domains;

    @Option(
            names = "--from",
            paramLabel = "DATE",
            defaultValue = "2026-11-09",
            description = "First day reported on, UTC, yyyy-mm-dd (default: ${DEFAULT-VALUE}).")
    LocalDate from;

    @Option(
            names = "--to",
            paramLabel = "DATE",
            defaultValue = "2026-11-15",
            description = "Last day reported on, UTC, inclusive (default: ${DEFAULT-VALUE}).")
    LocalDate to;

    @Option(
            names = "--failure-reports",
            paramLabel = "F",
            defaultValue = "0",
            description = "Also write F DMARC failure reports (ruf) about the same world's spoofers and misconfigured"
                    + " services into DIR/failure: ARF with headers, ARF with the whole message and Exim text in"
                    + " turn (default: ${DEFAULT-VALUE}).")
    int failureReports;

    @Override
    public Integer call() {
        SampleOptions options;
        try {
            options = new SampleOptions(reports, records, domains, from, to);
            if (failureReports < 0 || failureReports > FailureSamples.MAX_FAILURE_REPORTS) {
                throw new IllegalArgumentException(
                        "--failure-reports must be 0 to " + FailureSamples.MAX_FAILURE_REPORTS + ": " + failureReports);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            SampleGenerator generator = SampleGenerator.fromSeed(seed, options);
            SampleGenerator.Summary s = generator.writeSampleSet(out);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %d reports (%d records, %d messages, %d bytes) to %s and the zone to %s%n",
                            s.reports(),
                            s.records(),
                            s.messages(),
                            s.bytes(),
                            out.resolve(SampleGenerator.REPORTS_DIR),
                            out.resolve(SampleGenerator.ZONE_FILE));
            if (failureReports > 0) {
                Path dir = out.resolve(FailureSamples.FAILURE_DIR);
                int n = FailureSamples.writeTo(
                        FailureSamples.generate(generator.world(), failureReports, from, to), dir);
                spec.commandLine().getOut().printf("wrote %d failure reports to %s%n", n, dir);
            }
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("writing samples to " + out + " failed: " + e);
            return 1;
        }
    }
}
