package io.ruaflow.parser;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A report of a kind other than {@link ReportKind#AGGREGATE}, read whole (these are small: an SMTP TLS report is a
 * few kilobytes of JSON, a failure report one mail). It travels the pipeline as one message, so it counts whole or
 * not at all, and it is identified across re-deliveries by {@link #reportUid()}. Serialized with its
 * {@code report_kind}; each implementation is registered here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "report_kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TlsReport.class, name = "smtp_tls"),
    @JsonSubTypes.Type(value = FailureReport.class, name = "failure")
})
public interface WholeReport {
    @JsonIgnore
    ReportKind kind();

    /** Stable across re-deliveries of the same report, and never equal to another kind's uid. */
    String reportUid();

    /** Where it came from; null only before the parser sets it. */
    ReportSource source();

    /** Every lenient recovery made while reading it. */
    List<String> warnings();

    /** A copy with {@code more} warnings added (an outer layer such as a gzip stream found something). */
    WholeReport withWarnings(List<String> more);

    /** One line for logs: kind, reporter, report id, domains. */
    String describe();
}
