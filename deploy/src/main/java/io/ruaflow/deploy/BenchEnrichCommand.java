package io.ruaflow.deploy;

import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.samples.SyntheticZone;
import io.ruaflow.samples.ZoneDnsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruaflow bench enrich}: records enriched per second against a loopback DNS server, cold and warm. */
@Command(
        name = "enrich",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a synthetic zone (IPS sources, DOMAINS domains with SPF, MX, DKIM and PTR records) from a loopback"
                    + " DNS server and enrich generated records against it.",
            "Cold: a fresh enricher, every answer fetched over UDP. Warm: the same records again, answers cached."
        })
final class BenchEnrichCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "100000", description = "Records per pass (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--ips", defaultValue = "1000", description = "Distinct source IPs (default: ${DEFAULT-VALUE}).")
    int ips;

    @Option(names = "--domains", defaultValue = "100", description = "Distinct domains (default: ${DEFAULT-VALUE}).")
    int domains;

    @Option(
            names = "--batch",
            defaultValue = "5000",
            description = "Records per enrich call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--warm-runs",
            defaultValue = "3",
            description = "Warm passes; the best is reported (default: ${DEFAULT-VALUE}).")
    int warmRuns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SyntheticZone world = SyntheticZone.of(ips, domains);
        List<ReportRecord> input = world.records(0, records);
        ReportHeader header = world.header();
        try (ZoneDnsServer server = ZoneDnsServer.start(0)) {
            world.loadInto(server);
            try (Enricher warmup = Enricher.withDns(settings(server))) {
                // JIT warm-up on a separate enricher and cache, so the cold pass measures DNS, not class loading
                run(warmup, header, world.records(0, Math.min(records, 2 * batch)));
            }
            server.resetCounts();
            try (Enricher enricher = Enricher.withDns(settings(server))) {
                double cold = run(enricher, header, input);
                long queries = server.queryCount();
                out.printf(
                        Locale.ROOT,
                        "cold cache: %,d records (%d IPs, %d domains) in %.3f s: %,.0f records/s, %,d DNS queries%n",
                        records,
                        ips,
                        domains,
                        cold,
                        records / cold,
                        queries);
                double best = Double.MAX_VALUE;
                for (int i = 0; i < warmRuns; i++) {
                    best = Math.min(best, run(enricher, header, input));
                }
                out.printf(
                        Locale.ROOT,
                        "warm cache: %,d records in %.3f s: %,.0f records/s, %,d more DNS queries%n",
                        records,
                        best,
                        records / best,
                        server.queryCount() - queries);
            }
        }
        out.flush();
        return 0;
    }

    private static DnsSettings settings(ZoneDnsServer server) {
        return DnsSettings.systemDefault().withServer(server.hostAndPort());
    }

    /** Seconds taken to enrich {@code input} in batches. */
    private double run(Enricher enricher, ReportHeader header, List<ReportRecord> input) {
        long start = System.nanoTime();
        long enriched = 0;
        for (int from = 0; from < input.size(); from += batch) {
            List<EnrichedRecord> out =
                    enricher.enrich(header, input.subList(from, Math.min(input.size(), from + batch)), from);
            enriched += out.size();
        }
        if (enriched != input.size()) {
            throw new IllegalStateException("enriched " + enriched + " of " + input.size() + " records");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
