package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ruaflow parse FILE...}: every report in the files as JSON Lines. */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        description = {
            "Print every DMARC aggregate report found in FILEs as JSON Lines (one object per report).",
            "A FILE may be XML, gzip, zip or a whole mail (.eml), nested in any order; its first bytes decide.",
            "A file that cannot be used is named on stderr with the reason; the others are still printed."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file held at least one report", "1:some file could not be used (named on stderr)"})
final class ParseCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Report files: .xml, .xml.gz, .zip, .eml.")
    List<Path> files;

    @Option(
            names = "--enrich",
            description = "Re-check every record against live DNS (fresh SPF, DKIM keys, PTR, sending service) and"
                    + " add an \"enrichment\" object to it, with alignment and classification.")
    boolean enrich;

    @Option(
            names = "--dns",
            paramLabel = "HOST:PORT",
            description = "With --enrich: ask this DNS server instead of the system's resolvers.")
    String dns;

    private Enricher enricher;
    private int chunkRecords;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (dns != null && !enrich) {
            throw new ParameterException(spec.commandLine(), "--dns needs --enrich");
        }
        if (!enrich) {
            return parseAll();
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(PipelineConfig.DNS_SERVER.name(), dns);
        PipelineConfig resolved = config.load(flags);
        chunkRecords = resolved.get(PipelineConfig.ENRICH_CHUNK);
        Enricher withDns;
        try {
            withDns = Wiring.enricherWithDns(resolved);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dns: " + e.getMessage());
        }
        try (Enricher opened = withDns) {
            enricher = opened;
            return parseAll();
        } finally {
            enricher = null;
        }
    }

    private int parseAll() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReportParser parser = new ReportParser();
        int status = 0;
        for (Path file : files) {
            ReportLineWriter writer = enricher == null ? new ReportLineWriter(out) : new EnrichingLineWriter(out);
            ReportHandler handler = enricher == null
                    ? writer
                    : new EnrichingHandler(enricher, chunkRecords, (EnrichingLineWriter) writer);
            try {
                parser.parse(ReportInput.ofFile(file), handler);
            } catch (ReportRejectedException e) {
                writer.abandon(e.reason());
                err.println(e.getMessage());
                status = 1;
            } catch (NoSuchFileException e) {
                err.println(file + ": no such file");
                status = 1;
            } catch (IOException e) {
                writer.abandon("cannot read: " + e.getMessage());
                err.println(file + ": cannot read: " + e.getMessage());
                status = 1;
            }
            out.flush();
            err.flush();
        }
        return status;
    }
}
