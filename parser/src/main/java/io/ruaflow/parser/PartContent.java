package io.ruaflow.parser;

/**
 * What a stretch of bytes (a whole input, a mail part, an archive entry) holds, as {@link ReportSniffer} tells it
 * from the bytes alone. A part that {@link #mayHoldReport may hold a report} is opened; the others are skipped and
 * named when an input turns out to hold no report at all.
 *
 * <p>A failure report is not told by bytes but by its MIME structure: see {@link ReportSniffer#kindOfMime}.
 */
public enum PartContent {
    EMPTY("nothing", false),
    GZIP("gzip data", true),
    ZIP("a zip archive", true),
    EMPTY_ZIP("an empty zip archive", false),
    /** XML whose first element is {@code <feedback>} (any namespace prefix). */
    AGGREGATE_REPORT("a DMARC aggregate report (XML)", true),
    /** XML whose first element is not visible in the first bytes, or is a stray schema tag: read to find out. */
    XML("XML", true),
    /** XML whose first element is something other than {@code <feedback>}. */
    OTHER_XML("XML that is not a DMARC report", false),
    HTML("an HTML document", false),
    /** A JSON object with a key of an SMTP TLS report ({@code report-id}, {@code policies}, ...) in the first bytes. */
    TLS_REPORT("an SMTP TLS report (JSON)", true),
    /** A JSON object whose keys in the first bytes say nothing: read to find out. */
    JSON("JSON", true),
    /** A whole mail (RFC 5322 headers or an mbox {@code From } line): its parts are candidates. */
    MAIL("a mail", true),
    IMAGE("an image", false),
    PDF("a PDF document", false),
    TEXT("plain text", false),
    UNKNOWN("unrecognized data", false);

    private final String description;
    private final boolean mayHoldReport;

    PartContent(String description, boolean mayHoldReport) {
        this.description = description;
        this.mayHoldReport = mayHoldReport;
    }

    /** Words for messages: "gzip data", "an HTML document". */
    public String description() {
        return description;
    }

    /** Whether a report may be inside: archives, report XML or JSON, XML or JSON of unseen root, attached mails. */
    public boolean mayHoldReport() {
        return mayHoldReport;
    }
}
