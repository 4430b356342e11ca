package io.ruaflow.deploy;

import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.ingest.sink.BatchSplit;
import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.parser.SpfAuthResult;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ruaflow bench store}: writes generated enriched records (no parser, no DNS) and times the inserts and the
 * {@code sources --failing} query for one domain.
 */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = {
            "Write generated enriched records into a store and print insert rows/s, then the median latency of"
                    + " `query sources --failing` for one domain.",
            "Use an empty store: the records are added to what is there."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the store failed (the reason is on stderr)", "2:invalid command line"})
final class BenchStoreCommand implements Callable<Integer> {
    static final int DAYS = 30;
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-01");
    /** The days the generated reports cover. */
    static final DateRange ALL_DAYS = new DateRange(FIRST_DAY, FIRST_DAY.plusDays(DAYS - 1));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--records",
            paramLabel = "N",
            defaultValue = "10000000",
            description = "Records to write; 0 only times the query on what the store holds. Default: ${DEFAULT-VALUE}")
    long records;

    @Option(
            names = "--domains",
            paramLabel = "N",
            defaultValue = "100",
            description = "Policy domains. Default: ${DEFAULT-VALUE}")
    int domains;

    @Option(
            names = "--records-per-report",
            paramLabel = "N",
            defaultValue = "200",
            description = "Records in each generated report. Default: ${DEFAULT-VALUE}")
    int recordsPerReport;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "50000",
            description = "Records per write. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Write each batch split by report into N parts side by side, as the sink does with"
                    + " sink.threads=N. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "7",
            description = "Query runs; the median is printed. Default: ${DEFAULT-VALUE}")
    int runs;

    @Override
    public Integer call() {
        if (records < 0 || domains < 1 || recordsPerReport < 1 || batch < 1 || runs < 1 || threads < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--records must be >= 0; --domains, --records-per-report, --batch, --threads and --runs >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ReportStore reportStore = store.open()) {
            out.printf(
                    Locale.ROOT,
                    "store %s: writing %,d records over %d domains, %d per report, %d per batch, %d thread%s%n",
                    reportStore.describe(),
                    records,
                    domains,
                    recordsPerReport,
                    batch,
                    threads,
                    threads == 1 ? "" : "s");
            out.flush();
            Generator generator = new Generator(domains, recordsPerReport);
            long writeNanos = 0;
            long writeCpuNanos = 0;
            long written = 0;
            long lastReport = System.nanoTime();
            while (written < records) {
                List<RecordsMessage> messages = generator.next((int) Math.min(batch, records - written));
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                write(reportStore, messages, pool);
                writeCpuNanos += processCpuNanos() - cpuStart;
                writeNanos += System.nanoTime() - start;
                written += messages.stream()
                        .filter(m -> m instanceof EnrichedRecord)
                        .count();
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    err.printf(
                            Locale.ROOT, "  %,d records, %,.0f rows/s so far%n", written, written / (writeNanos / 1e9));
                    err.flush();
                }
            }
            List<RecordsMessage> tail = generator.finish();
            if (!tail.isEmpty()) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                write(reportStore, tail, pool);
                writeCpuNanos += processCpuNanos() - cpuStart;
                writeNanos += System.nanoTime() - start;
            }
            out.printf(
                    Locale.ROOT,
                    "insert: %,d records in %.1f s = %,.0f rows/s; this process %.1f CPU-s = %,.0f rows per CPU-second"
                            + " (a server's own CPU not included)%n",
                    written,
                    writeNanos / 1e9,
                    written / (writeNanos / 1e9),
                    writeCpuNanos / 1e9,
                    written / Math.max(writeCpuNanos / 1e9, 1e-9));
            OptionalLong bytes = reportStore.bytesOnDisk();
            if (bytes.isPresent() && written > 0) {
                out.printf(
                        Locale.ROOT,
                        "on disk: %,d bytes = %.1f bytes per record written%n",
                        bytes.getAsLong(),
                        bytes.getAsLong() / (double) written);
            } else if (bytes.isEmpty()) {
                out.println("on disk: the store keeps no file (in memory)");
            }
            String domain = Generator.domain(0);
            DateRange range = ALL_DAYS;
            long[] millis = new long[runs];
            List<SourceRow> rows = List.of();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                rows = reportStore.sources(domain, range, new SourceQuery(true, 100));
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            out.printf(
                    Locale.ROOT,
                    "query sources --failing --domain %s (%s..%s, limit 100): %d rows, median %d ms over %d runs"
                            + " (min %d, max %d)%n",
                    domain,
                    range.from(),
                    range.to(),
                    rows.size(),
                    millis[runs / 2],
                    runs,
                    millis[0],
                    millis[runs - 1]);
            return 0;
        } catch (StoreLockedException | StoreUnavailableException | IllegalStateException e) {
            err.println("ruaflow bench store: " + e.getMessage());
            return 1;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writes {@code messages} split into {@link #threads} parts as the sink splits a batch ({@link BatchSplit}),
     * written at the same time, and waits for them all.
     */
    private void write(ReportStore reportStore, List<RecordsMessage> messages, ExecutorService pool) {
        if (threads == 1) {
            reportStore.write(messages);
            return;
        }
        List<Future<?>> writes = new ArrayList<>();
        for (List<Integer> indexes : BatchSplit.byReport(messages, threads)) {
            List<RecordsMessage> part = indexes.stream().map(messages::get).toList();
            writes.add(pool.submit(() -> reportStore.write(part)));
        }
        for (Future<?> write : writes) {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Every CPU-nanosecond this process has used, on all its threads (native DuckDB threads included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Reports of {@code recordsPerReport} records, round-robin over the domains and the days. */
    static final class Generator {
        private final int domains;
        private final int recordsPerReport;
        private final SplittableRandom random = new SplittableRandom(1);
        private final Instant checkedAt = Instant.parse("2026-11-01T00:00:00Z");
        private long reportNumber;
        private ReportHeader header;
        private long position;
        private long messages;

        Generator(int domains, int recordsPerReport) {
            this.domains = domains;
            this.recordsPerReport = recordsPerReport;
        }

        static String domain(int i) {
            return "bench" + i + ".example";
        }

        List<RecordsMessage> next(int recordCount) {
            List<RecordsMessage> out = new ArrayList<>(recordCount + recordCount / recordsPerReport + 2);
            for (int i = 0; i < recordCount; i++) {
                if (header == null) {
                    header = header(reportNumber++);
                    position = 0;
                    messages = 0;
                }
                out.add(record());
                if (position == recordsPerReport) {
                    out.add(ReportCompleted.of(header, position, messages, List.of()));
                    header = null;
                }
            }
            return out;
        }

        List<RecordsMessage> finish() {
            if (header == null) {
                return List.of();
            }
            ReportCompleted done = ReportCompleted.of(header, position, messages, List.of());
            header = null;
            return List.of(done);
        }

        private ReportHeader header(long n) {
            String domain = domain((int) (n % domains));
            LocalDate day = FIRST_DAY.plusDays((n / domains) % DAYS);
            String org = "reporter" + (n % 7) + ".example";
            String id = "bench-" + n;
            return new ReportHeader(
                    ReportUid.of(org, id, domain),
                    org,
                    "dmarc@" + org,
                    null,
                    id,
                    day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    List.of(),
                    null,
                    ReportSchema.RFC7489,
                    new PolicyPublished(domain, "quarantine", null, null, "r", "r", 100, "0", null, null),
                    new ReportSource("bench/" + id + ".xml", null));
        }

        private EnrichedRecord record() {
            String domain = header.policyPublished().domain();
            int host = random.nextInt(5000);
            String ip = "10." + (host >> 8) + "." + (host & 0xff) + "." + random.nextInt(1, 255);
            boolean spf = random.nextInt(10) > 0;
            boolean dkim = random.nextInt(10) > 1;
            long count = 1 + random.nextInt(50);
            messages += count;
            ReportRecord record = new ReportRecord(
                    ip,
                    count,
                    spf || dkim ? "none" : "quarantine",
                    dkim ? "pass" : "fail",
                    spf ? "pass" : "fail",
                    List.of(),
                    null,
                    "bounce." + domain,
                    domain,
                    List.of(new DkimAuthResult(domain, "s" + (host % 3), dkim ? "pass" : "fail", null)),
                    List.of(new SpfAuthResult("bounce." + domain, "mfrom", spf ? "pass" : "fail", null)));
            Classification classification = spf || dkim ? Classification.ALIGNED : Classification.UNAUTHORIZED;
            Enrichment enrichment = new Enrichment(
                    domain,
                    "bounce." + domain,
                    spf,
                    dkim,
                    spf || dkim,
                    false,
                    spf ? "pass" : "fail",
                    spf ? "ip4:10.0.0.0/8" : null,
                    List.of(),
                    "host" + host + ".example.net",
                    Boolean.TRUE,
                    "example.net",
                    host % 4 == 0 ? "Bench Mailer" : null,
                    null,
                    classification,
                    checkedAt,
                    null);
            return EnrichedRecord.of(header, position++, record, enrichment);
        }
    }
}
