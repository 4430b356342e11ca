package io.ruaflow.samples;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Writes one aggregate report as XML, record by record, in the reporter's dialect. Holds nothing per record; the
 * caller's stream is flushed, not closed.
 */
final class ReportXmlWriter {
    static final String NS_RFC9990 = "urn:ietf:params:xml:ns:dmarc-2.0";
    static final String NS_DMARC_ORG = "http://dmarc.org/dmarc-xml/0.1";
    static final String GENERATOR = "ruaflow-samples 1.0";

    /** Indentation followed by the opening {@code <}, by depth. */
    private static final String[] INDENT = {"<", "  <", "    <", "      <", "        <", "          <"};

    private final SampleReport report;
    private final ReporterStyle style;
    private final Writer out;
    /** Written before every element name: {@code ns0:} for reporters that prefix the namespace, else empty. */
    private final String px;

    private ReportXmlWriter(SampleReport report, OutputStream out) {
        this.report = report;
        this.style = report.reporter();
        this.px = style.elementPrefix();
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    static void write(SampleReport report, Iterator<ReportRecord> records, OutputStream out) throws IOException {
        ReportXmlWriter w = new ReportXmlWriter(report, out);
        w.header();
        while (records.hasNext()) {
            w.record(records.next());
        }
        w.close(0, "feedback");
        w.out.flush();
    }

    private void header() throws IOException {
        boolean modern = style.rfc9990();
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        switch (style) {
            case MICROSOFT -> out.write("<feedback xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                    + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
            case MIMECAST -> out.write("<feedback xmlns=\"" + NS_DMARC_ORG + "\">\n");
            case RFC9990 -> out.write("<feedback xmlns=\"" + NS_RFC9990 + "\">\n");
            case GMX, WEB_DE -> out.write("<ns0:feedback xmlns:ns0=\"" + NS_RFC9990 + "\">\n");
            default -> out.write("<feedback>\n");
        }
        if (style != ReporterStyle.YAHOO && style != ReporterStyle.AOL) {
            element(1, "version", "1.0"); // Yahoo-like reports leave it out, as some real reporters do
        }
        open(1, "report_metadata");
        element(2, "org_name", style.orgName());
        element(2, "email", style.email());
        if (style.extraContactInfo() != null) element(2, "extra_contact_info", style.extraContactInfo());
        element(2, "report_id", report.reportId());
        open(2, "date_range");
        element(3, "begin", Long.toString(report.begin().getEpochSecond()));
        element(3, "end", Long.toString(report.end().getEpochSecond()));
        close(2, "date_range");
        if (modern) element(2, "generator", GENERATOR);
        close(1, "report_metadata");
        PolicyPublished p = report.policy();
        open(1, "policy_published");
        element(2, "domain", p.domain());
        if (modern) {
            element(2, "p", p.p());
            optional(2, "sp", p.sp());
            optional(2, "np", p.np());
            optional(2, "adkim", p.adkim());
            optional(2, "aspf", p.aspf());
            optional(2, "fo", p.fo());
            element(2, "discovery_method", p.discoveryMethod());
            element(2, "testing", p.testing());
        } else {
            element(2, "adkim", p.adkim());
            element(2, "aspf", p.aspf());
            element(2, "p", p.p());
            element(2, "sp", p.sp());
            element(2, "pct", Integer.toString(p.pct()));
            if (style != ReporterStyle.GOOGLE) element(2, "fo", p.fo());
        }
        close(1, "policy_published");
    }

    private void record(ReportRecord r) throws IOException {
        open(1, "record");
        open(2, "row");
        element(3, "source_ip", r.sourceIp());
        element(3, "count", Long.toString(r.count()));
        open(3, "policy_evaluated");
        element(4, "disposition", r.disposition());
        element(4, "dkim", r.dkim());
        element(4, "spf", r.spf());
        for (OverrideReason reason : r.reasons()) {
            open(4, "reason");
            element(5, "type", reason.type());
            optional(5, "comment", reason.comment());
            close(4, "reason");
        }
        close(3, "policy_evaluated");
        close(2, "row");
        open(2, "identifiers");
        optional(3, "envelope_to", r.envelopeTo());
        optional(3, "envelope_from", r.envelopeFrom());
        element(3, "header_from", r.headerFrom());
        close(2, "identifiers");
        open(2, "auth_results");
        for (DkimAuthResult d : r.dkimResults()) {
            open(3, "dkim");
            element(4, "domain", d.domain());
            optional(4, "selector", d.selector());
            element(4, "result", d.result());
            if (style != ReporterStyle.GOOGLE) optional(4, "human_result", d.humanResult());
            close(3, "dkim");
        }
        for (SpfAuthResult s : r.spfResults()) {
            open(3, "spf");
            element(4, "domain", s.domain());
            optional(4, "scope", s.scope());
            element(4, "result", s.result());
            optional(4, "human_result", s.humanResult());
            close(3, "spf");
        }
        close(2, "auth_results");
        close(1, "record");
    }

    private void optional(int depth, String name, String value) throws IOException {
        if (value != null) element(depth, name, value);
    }

    private void open(int depth, String name) throws IOException {
        out.write(INDENT[depth]);
        out.write(px);
        out.write(name);
        out.write(">\n");
    }

    private void close(int depth, String name) throws IOException {
        out.write(INDENT[depth]);
        out.write('/');
        out.write(px);
        out.write(name);
        out.write(">\n");
    }

    private void element(int depth, String name, String value) throws IOException {
        out.write(INDENT[depth]);
        out.write(px);
        out.write(name);
        out.write('>');
        escape(value);
        out.write("</");
        out.write(px);
        out.write(name);
        out.write(">\n");
    }

    private void escape(String value) throws IOException {
        if (value.indexOf('<') < 0 && value.indexOf('>') < 0 && value.indexOf('&') < 0) {
            out.write(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.write("&lt;");
                case '>' -> out.write("&gt;");
                case '&' -> out.write("&amp;");
                default -> out.write(c);
            }
        }
    }
}
