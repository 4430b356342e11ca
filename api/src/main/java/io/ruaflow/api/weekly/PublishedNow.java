package io.ruaflow.api.weekly;

import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.MtaStsState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a domain publishes in DNS now, as the weekly report lists it above its posture findings (HTML and CSV alike):
 * the DMARC and SPF records, and when the posture check looked, the MTA-STS record with its policy as fetched, the
 * MX hosts and the TLS-RPT record. The same facts {@code ruaflow posture} prints.
 */
final class PublishedNow {
    private PublishedNow() {}

    /** One line of the list: what it is and its live value. */
    record Line(String item, String value) {}

    static final String NONE = "none published";

    static List<Line> of(DomainPosture posture) {
        List<Line> lines = new ArrayList<>();
        String dmarc = posture.dmarcRecord();
        boolean inherited = posture.dmarcRecordDomain() != null
                && !posture.dmarcRecordDomain().equalsIgnoreCase(posture.domain());
        lines.add(new Line(
                "DMARC",
                dmarc == null ? NONE : dmarc + (inherited ? " (at _dmarc." + posture.dmarcRecordDomain() + ")" : "")));
        lines.add(new Line(
                "SPF",
                posture.spfRecord() == null
                        ? NONE
                        : posture.spfRecord() + " (" + posture.spfLookups() + " of " + SourceAdvisor.SPF_MAX_LOOKUPS
                                + " DNS lookups)"));
        MtaStsState sts = posture.mtaSts();
        if (sts == null) {
            return lines;
        }
        lines.add(new Line("MTA-STS", sts.txtRecord() == null ? NONE : sts.txtRecord()));
        if (sts.txtRecord() != null) {
            lines.add(new Line("MTA-STS policy", policy(sts)));
            lines.add(new Line("MX hosts", sts.mxHosts().isEmpty() ? "none" : String.join(" ", sts.mxHosts())));
        }
        lines.add(new Line("TLS-RPT", sts.tlsRptRecord() == null ? NONE : sts.tlsRptRecord()));
        return lines;
    }

    private static String policy(MtaStsState sts) {
        if (sts.mode() == null) {
            return "not read from " + sts.policyUrl()
                    + (sts.httpStatus() == null ? " (no answer)" : " (HTTP " + sts.httpStatus() + ")");
        }
        String maxAge = sts.maxAge() == null
                ? "no max_age"
                : "max_age " + sts.maxAge() + " s (" + sts.maxAge() / 86_400 + " days)";
        return "mode " + sts.mode() + ", " + maxAge + ", mx "
                + (sts.mx().isEmpty() ? "none" : String.join(" ", sts.mx()));
    }
}
