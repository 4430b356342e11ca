package io.ruaflow.parser;

import io.ruaflow.parser.internal.InputDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Reads reports of every {@link ReportKind} from raw bytes: a whole mail (report attached or inline, any declared type), a zip,
 * a gzip, or XML, nested in any order. What the bytes are is told by their first bytes, never by names or declared
 * types. Lenient where reporters are sloppy (each recovery becomes a warning of its report), strict where the input
 * is hostile (DOCTYPE refused, every {@link ParserLimits limit} enforced).
 *
 * <p>Thread-safe: one instance can serve a pool of threads.
 */
public final class ReportParser {
    private final ParserLimits limits;
    private final InputDecoder decoder;

    /** A parser with {@link ParserLimits#defaults() the default limits}. */
    public ReportParser() {
        this(ParserLimits.defaults());
    }

    public ReportParser(ParserLimits limits) {
        this(limits, true);
    }

    /**
     * @param redactFailures whether failure reports have the local parts of the original's addresses replaced
     *     ({@code failure.redact}, on by default)
     */
    public ReportParser(ParserLimits limits, boolean redactFailures) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.decoder = new InputDecoder(limits, redactFailures);
    }

    public ParserLimits limits() {
        return limits;
    }

    /**
     * Streams every report in {@code input} to {@code handler}, records one at a time, and returns how many reports
     * there were. The input is read twice: once for its sha256 ({@link ReportSource#sha256()} of every header; not when
     * {@link ReportInput#withSha256} gives it), once
     * to parse.
     *
     * <p>When this throws, a report whose {@link ReportHandler#end end} was not called is incomplete and must be
     * discarded; reports already ended are complete. Exceptions thrown by the handler propagate unchanged.
     *
     * @throws ReportRejectedException the input holds no usable report, is malformed beyond recovery, hostile, or
     *     over a limit ({@link ReportLimitExceededException})
     * @throws IOException reading the raw input failed
     */
    public int parse(ReportInput input, ReportHandler handler) throws ReportRejectedException, IOException {
        Objects.requireNonNull(handler, "handler");
        ReportSource source =
                new ReportSource(input.name(), input.knownSha256() != null ? input.knownSha256() : sha256(input));
        return decoder.decode(input, source, handler);
    }

    /**
     * Reads every aggregate report of a small input into memory; prefer {@link #parse} for inputs of unknown size.
     * Reports of other kinds are skipped: see {@link #parseWhole}.
     */
    public List<Report> parseAll(ReportInput input) throws ReportRejectedException, IOException {
        List<Report> reports = new ArrayList<>(1);
        parse(input, new ReportHandler() {
            private List<ReportRecord> records;

            @Override
            public void header(ReportHeader header) {
                records = new ArrayList<>();
            }

            @Override
            public void record(ReportRecord record) {
                records.add(record);
            }

            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
                reports.add(new Report(header, records, warnings));
            }

            @Override
            public void whole(WholeReport report) {
                // parseWhole reads these
            }
        });
        return reports;
    }

    /** Reads every report of a kind other than aggregate in {@code input}; aggregates are skipped. */
    public List<WholeReport> parseWhole(ReportInput input) throws ReportRejectedException, IOException {
        List<WholeReport> reports = new ArrayList<>(1);
        parse(input, new ReportHandler() {
            @Override
            public void header(ReportHeader header) {}

            @Override
            public void record(ReportRecord record) {}

            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {}

            @Override
            public void whole(WholeReport report) {
                reports.add(report);
            }
        });
        return reports;
    }

    /** Bytes hashed per digest update. */
    private static final int SHA256_CHUNK = 64 * 1024;

    private static String sha256(ReportInput input) throws IOException {
        MessageDigest digest = ReportUid.sha256();
        byte[] inMemory = input.bytesInMemory();
        if (inMemory != null) {
            // In pieces, not in one call: the JIT makes the many-block intrinsic of a hot loop's update only, and
            // a single update of a large array ran the per-block Java loop (a tenth slower).
            for (int from = 0; from < inMemory.length; from += SHA256_CHUNK) {
                digest.update(inMemory, from, Math.min(SHA256_CHUNK, inMemory.length - from));
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        try (InputStream in = input.open()) {
            byte[] buffer = new byte[SHA256_CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
