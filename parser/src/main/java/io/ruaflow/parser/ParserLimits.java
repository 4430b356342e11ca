package io.ruaflow.parser;

/**
 * Bounds that keep a hostile or broken input from exhausting memory, disk or time. Going over one rejects the
 * input with a {@link ReportLimitExceededException} that names the limit and its value.
 *
 * @param maxDecompressedBytes total bytes produced by decompressing gzip and zip data in one input
 * @param maxArchiveEntries entries read from one zip archive
 * @param maxArchiveDepth how deeply archives (gzip, zip, attached mails) may nest inside one another
 * @param maxXmlDepth element nesting depth inside one XML document
 * @param maxRecords records in one report
 * @param maxMimeParts MIME parts visited in one mail
 * @param maxMailBytes raw size of a mail, which is parsed in memory
 * @param maxBufferedRecords records held back when a report puts them before its metadata or policy
 */
public record ParserLimits(
        long maxDecompressedBytes,
        int maxArchiveEntries,
        int maxArchiveDepth,
        int maxXmlDepth,
        long maxRecords,
        int maxMimeParts,
        long maxMailBytes,
        int maxBufferedRecords) {

    /** 1 GiB: a report of a million records is about 500 MiB of XML. */
    public static final long MAX_DECOMPRESSED_BYTES = 1L << 30;

    public static final int MAX_ARCHIVE_ENTRIES = 1_000;
    /** A mail holding a zip holding a gzip is depth 3. */
    public static final int MAX_ARCHIVE_DEPTH = 4;

    public static final int MAX_XML_DEPTH = 32;
    public static final long MAX_RECORDS = 10_000_000;
    public static final int MAX_MIME_PARTS = 200;
    public static final long MAX_MAIL_BYTES = 256L << 20;
    public static final int MAX_BUFFERED_RECORDS = 100_000;

    /**
     * The largest {@code <count>} one record may claim: 10^12, far above any real report (the biggest reporters
     * send some millions per record). A larger count is not believed: the record is kept with count 0 and a
     * {@code count-over-limit} warning, exactly like a count that is not a number.
     */
    public static final long MAX_RECORD_COUNT = 1_000_000_000_000L;

    public ParserLimits {
        requirePositive("maxDecompressedBytes", maxDecompressedBytes);
        requirePositive("maxArchiveEntries", maxArchiveEntries);
        requirePositive("maxArchiveDepth", maxArchiveDepth);
        requirePositive("maxXmlDepth", maxXmlDepth);
        requirePositive("maxRecords", maxRecords);
        requirePositive("maxMimeParts", maxMimeParts);
        requirePositive("maxMailBytes", maxMailBytes);
        requirePositive("maxBufferedRecords", maxBufferedRecords);
    }

    /** The defaults named by the constants of this class. */
    public static ParserLimits defaults() {
        return new ParserLimits(
                MAX_DECOMPRESSED_BYTES,
                MAX_ARCHIVE_ENTRIES,
                MAX_ARCHIVE_DEPTH,
                MAX_XML_DEPTH,
                MAX_RECORDS,
                MAX_MIME_PARTS,
                MAX_MAIL_BYTES,
                MAX_BUFFERED_RECORDS);
    }

    public ParserLimits withMaxDecompressedBytes(long value) {
        return new ParserLimits(
                value,
                maxArchiveEntries,
                maxArchiveDepth,
                maxXmlDepth,
                maxRecords,
                maxMimeParts,
                maxMailBytes,
                maxBufferedRecords);
    }

    public ParserLimits withMaxArchiveEntries(int value) {
        return new ParserLimits(
                maxDecompressedBytes,
                value,
                maxArchiveDepth,
                maxXmlDepth,
                maxRecords,
                maxMimeParts,
                maxMailBytes,
                maxBufferedRecords);
    }

    public ParserLimits withMaxArchiveDepth(int value) {
        return new ParserLimits(
                maxDecompressedBytes,
                maxArchiveEntries,
                value,
                maxXmlDepth,
                maxRecords,
                maxMimeParts,
                maxMailBytes,
                maxBufferedRecords);
    }

    public ParserLimits withMaxXmlDepth(int value) {
        return new ParserLimits(
                maxDecompressedBytes,
                maxArchiveEntries,
                maxArchiveDepth,
                value,
                maxRecords,
                maxMimeParts,
                maxMailBytes,
                maxBufferedRecords);
    }

    public ParserLimits withMaxRecords(long value) {
        return new ParserLimits(
                maxDecompressedBytes,
                maxArchiveEntries,
                maxArchiveDepth,
                maxXmlDepth,
                value,
                maxMimeParts,
                maxMailBytes,
                maxBufferedRecords);
    }

    public ParserLimits withMaxMimeParts(int value) {
        return new ParserLimits(
                maxDecompressedBytes,
                maxArchiveEntries,
                maxArchiveDepth,
                maxXmlDepth,
                maxRecords,
                value,
                maxMailBytes,
                maxBufferedRecords);
    }

    public ParserLimits withMaxMailBytes(long value) {
        return new ParserLimits(
                maxDecompressedBytes,
                maxArchiveEntries,
                maxArchiveDepth,
                maxXmlDepth,
                maxRecords,
                maxMimeParts,
                value,
                maxBufferedRecords);
    }

    public ParserLimits withMaxBufferedRecords(int value) {
        return new ParserLimits(
                maxDecompressedBytes,
                maxArchiveEntries,
                maxArchiveDepth,
                maxXmlDepth,
                maxRecords,
                maxMimeParts,
                maxMailBytes,
                value);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
