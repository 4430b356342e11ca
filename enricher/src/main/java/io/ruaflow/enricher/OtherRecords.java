package io.ruaflow.enricher;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.parser.posture.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Type;

/** TLS-RPT (RFC 8460 3) and BIMI records: presence and syntax only. MTA-STS is {@link MtaStsCheck}'s. */
final class OtherRecords {
    private OtherRecords() {}

    /** The BIMI findings ({@link MtaStsCheck} lints TLS-RPT with MTA-STS). */
    static List<Finding> lint(DnsClient dns, String domain) {
        List<Finding> findings = new ArrayList<>();
        bimi(dns, domain, findings);
        return findings;
    }

    /** The TXT records at {@code name} that start with {@code version}; null after a DNS failure (noted). */
    static List<String> records(DnsClient dns, String check, String name, String version, List<Finding> findings) {
        DnsAnswer answer = dns.query(name, Type.TXT).join();
        if (answer.isTempError()) {
            findings.add(Finding.warning(
                    check, check + ".dns", "DNS did not answer for " + name + ": " + answer.problem(), name));
            return null;
        }
        List<String> found = new ArrayList<>();
        for (String txt : answer.texts()) {
            if (txt.trim().startsWith(version)) {
                found.add(txt);
            }
        }
        if (found.size() > 1) {
            for (String txt : found) {
                findings.add(Finding.error(
                        check,
                        check + ".multiple",
                        found.size() + " records at " + name + ": receivers treat that as none; keep one",
                        txt));
            }
            return null;
        }
        return found;
    }

    /** Lints the {@code _smtp._tls} record; returns it, null when there is no single one. */
    static String tlsRpt(DnsClient dns, String domain, List<Finding> findings) {
        String name = "_smtp._tls." + domain;
        List<String> found = records(dns, "tls-rpt", name, "v=TLSRPTv1", findings);
        if (found == null) {
            return null;
        }
        if (found.isEmpty()) {
            findings.add(Finding.info(
                    "tls-rpt", "tls-rpt.missing", "no TLS-RPT record at " + name + ": no SMTP TLS reports", name));
            return null;
        }
        String txt = found.get(0);
        Map<String, String> tags = DkimKeys.tags(txt);
        String rua = tags == null ? null : tags.get("rua");
        if (tags == null || !"TLSRPTv1".equals(tags.get("v"))) {
            findings.add(Finding.error(
                    "tls-rpt",
                    "tls-rpt.syntax",
                    "not a list of tag=value pairs: publish v=TLSRPTv1; rua=mailto:ADDRESS",
                    txt));
            return txt;
        }
        if (rua == null || rua.isBlank()) {
            findings.add(Finding.error(
                    "tls-rpt",
                    "tls-rpt.rua",
                    "rua= is required (RFC 8460 3): add rua=mailto:ADDRESS where TLS reports should go",
                    txt));
            return txt;
        }
        for (String uri : rua.split(",")) {
            String u = uri.trim();
            if (!u.regionMatches(true, 0, "mailto:", 0, 7) && !u.regionMatches(true, 0, "https:", 0, 6)) {
                findings.add(Finding.error(
                        "tls-rpt",
                        "tls-rpt.rua",
                        "rua= destination " + u + " is not mailto: or https: (RFC 8460 3): write it as"
                                + " mailto:ADDRESS or https://URL",
                        txt));
                return txt;
            }
        }
        findings.add(Finding.info("tls-rpt", "tls-rpt.ok", "TLS-RPT record present", txt));
        return txt;
    }

    private static void bimi(DnsClient dns, String domain, List<Finding> findings) {
        String name = "default._bimi." + domain;
        List<String> found = records(dns, "bimi", name, "v=BIMI1", findings);
        if (found == null) {
            return;
        }
        if (found.isEmpty()) {
            findings.add(Finding.info("bimi", "bimi.missing", "no BIMI record at " + name, name));
            return;
        }
        String txt = found.get(0);
        Map<String, String> tags = DkimKeys.tags(txt);
        if (tags == null || !"BIMI1".equals(tags.get("v"))) {
            findings.add(Finding.error("bimi", "bimi.syntax", "not a list of tag=value pairs", txt));
            return;
        }
        for (String tag : List.of("l", "a")) {
            String value = tags.get(tag);
            if (value != null && !value.isEmpty() && !value.regionMatches(true, 0, "https://", 0, 8)) {
                findings.add(Finding.error("bimi", "bimi.uri", tag + "= must be an https:// URL: " + value, txt));
                return;
            }
        }
        if (tags.get("l") == null) {
            findings.add(Finding.error("bimi", "bimi.l", "l= (the logo URL) is required, even if empty", txt));
            return;
        }
        findings.add(Finding.info("bimi", "bimi.ok", "BIMI record present", txt));
    }
}
