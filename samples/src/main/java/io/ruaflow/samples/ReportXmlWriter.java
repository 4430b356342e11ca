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

    private ReportXmlWriter(SampleReport report, OutputStream out) {
        this.report = report;
        this.style = report.reporter();
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    static void write(SampleReport report, Iterator<ReportRecord> records, OutputStream out) throws IOException {
        ReportXmlWriter w = new ReportXmlWriter(report, out);
        w.header();
        while (records.hasNext()) {
            w.record(records.next());
        }
        w.out.write("</feedback>\n");
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
            default -> out.write("<feedback>\n");
        }
        if (style != ReporterStyle.YAHOO) {
            element(1, "version", "1.0"); // Yahoo-like reports leave it out, as some real reporters do
        }
        out.write("  <report_metadata>\n");
        element(2, "org_name", style.orgName());
        element(2, "email", style.email());
        if (style.extraContactInfo() != null) element(2, "extra_contact_info", style.extraContactInfo());
        element(2, "report_id", report.reportId());
        out.write("    <date_range>\n");
        element(3, "begin", Long.toString(report.begin().getEpochSecond()));
        element(3, "end", Long.toString(report.end().getEpochSecond()));
        out.write("    </date_range>\n");
        if (modern) element(2, "generator", GENERATOR);
        out.write("  </report_metadata>\n");
        PolicyPublished p = report.policy();
        out.write("  <policy_published>\n");
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
        out.write("  </policy_published>\n");
    }

    private void record(ReportRecord r) throws IOException {
        out.write("  <record>\n    <row>\n");
        element(3, "source_ip", r.sourceIp());
        element(3, "count", Long.toString(r.count()));
        out.write("      <policy_evaluated>\n");
        element(4, "disposition", r.disposition());
        element(4, "dkim", r.dkim());
        element(4, "spf", r.spf());
        for (OverrideReason reason : r.reasons()) {
            out.write("        <reason>\n");
            element(5, "type", reason.type());
            optional(5, "comment", reason.comment());
            out.write("        </reason>\n");
        }
        out.write("      </policy_evaluated>\n    </row>\n    <identifiers>\n");
        optional(3, "envelope_to", r.envelopeTo());
        optional(3, "envelope_from", r.envelopeFrom());
        element(3, "header_from", r.headerFrom());
        out.write("    </identifiers>\n    <auth_results>\n");
        for (DkimAuthResult d : r.dkimResults()) {
            out.write("      <dkim>\n");
            element(4, "domain", d.domain());
            optional(4, "selector", d.selector());
            element(4, "result", d.result());
            if (style != ReporterStyle.GOOGLE) optional(4, "human_result", d.humanResult());
            out.write("      </dkim>\n");
        }
        for (SpfAuthResult s : r.spfResults()) {
            out.write("      <spf>\n");
            element(4, "domain", s.domain());
            optional(4, "scope", s.scope());
            element(4, "result", s.result());
            optional(4, "human_result", s.humanResult());
            out.write("      </spf>\n");
        }
        out.write("    </auth_results>\n  </record>\n");
    }

    private void optional(int depth, String name, String value) throws IOException {
        if (value != null) element(depth, name, value);
    }

    private void element(int depth, String name, String value) throws IOException {
        out.write(INDENT[depth]);
        out.write(name);
        out.write('>');
        escape(value);
        out.write("</");
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
