package io.ruaflow.parser;

import java.util.Locale;

/**
 * The kinds of report a domain owner's mailbox receives. {@link #AGGREGATE} reports stream record by record
 * ({@link ReportHandler#header}, {@link ReportHandler#record}, {@link ReportHandler#end}); every other kind is small
 * and is read whole into a {@link WholeReport} ({@link ReportHandler#whole}). A new kind needs one reader in the
 * parser and one store write: the transport, process and sink stages carry every {@link WholeReport} alike.
 */
public enum ReportKind {
    /** DMARC aggregate report (RFC 7489 rua, RFC 9990), XML. */
    AGGREGATE("DMARC aggregate report"),
    /** SMTP TLS report (RFC 8460), JSON. */
    SMTP_TLS("SMTP TLS report"),
    /** DMARC failure report (RFC 6591 ARF, RFC 9991 ruf). */
    FAILURE("DMARC failure report");

    private final String description;

    ReportKind(String description) {
        this.description = description;
    }

    /** Words for messages: "SMTP TLS report". */
    public String description() {
        return description;
    }

    /** The name used in JSON, on the records topic and in the store: {@code smtp_tls}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
