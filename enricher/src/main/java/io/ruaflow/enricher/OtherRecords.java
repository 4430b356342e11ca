package io.ruaflow.enricher;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.xbill.DNS.Type;

/** MTA-STS (RFC 8461 3.1), TLS-RPT (RFC 8460 3) and BIMI records: presence and syntax only. */
final class OtherRecords {
    private static final Pattern STS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private OtherRecords() {}

    static List<Finding> lint(DnsClient dns, String domain) {
        List<Finding> findings = new ArrayList<>();
        mtaSts(dns, domain, findings);
        tlsRpt(dns, domain, findings);
        bimi(dns, domain, findings);
        return findings;
    }

    /** The TXT records at {@code name} that start with {@code version}; null after a DNS failure (noted). */
    private static List<String> records(
            DnsClient dns, String check, String name, String version, List<Finding> findings) {
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

    private static void mtaSts(DnsClient dns, String domain, List<Finding> findings) {
        String name = "_mta-sts." + domain;
        List<String> found = records(dns, "mta-sts", name, "v=STSv1", findings);
        if (found == null) {
            return;
        }
        if (found.isEmpty()) {
            findings.add(Finding.info(
                    "mta-sts",
                    "mta-sts.missing",
                    "no MTA-STS record at " + name + ": TLS to your MX is not enforced",
                    name));
            return;
        }
        String txt = found.get(0);
        Map<String, String> tags = DkimKeys.tags(txt);
        if (tags == null || !"STSv1".equals(tags.get("v"))) {
            findings.add(Finding.error("mta-sts", "mta-sts.syntax", "not a list of tag=value pairs", txt));
        } else if (tags.get("id") == null || !STS_ID.matcher(tags.get("id")).matches()) {
            findings.add(Finding.error(
                    "mta-sts",
                    "mta-sts.id",
                    "id= must be 1 to 32 letters and digits (RFC 8461 3.1): " + tags.get("id"),
                    txt));
        } else {
            findings.add(Finding.info("mta-sts", "mta-sts.ok", "MTA-STS record present", txt));
        }
    }

    private static void tlsRpt(DnsClient dns, String domain, List<Finding> findings) {
        String name = "_smtp._tls." + domain;
        List<String> found = records(dns, "tls-rpt", name, "v=TLSRPTv1", findings);
        if (found == null) {
            return;
        }
        if (found.isEmpty()) {
            findings.add(Finding.info(
                    "tls-rpt", "tls-rpt.missing", "no TLS-RPT record at " + name + ": no SMTP TLS reports", name));
            return;
        }
        String txt = found.get(0);
        Map<String, String> tags = DkimKeys.tags(txt);
        String rua = tags == null ? null : tags.get("rua");
        if (tags == null || !"TLSRPTv1".equals(tags.get("v"))) {
            findings.add(Finding.error("tls-rpt", "tls-rpt.syntax", "not a list of tag=value pairs", txt));
            return;
        }
        if (rua == null || rua.isBlank()) {
            findings.add(Finding.error("tls-rpt", "tls-rpt.rua", "rua= is required (RFC 8460 3)", txt));
            return;
        }
        for (String uri : rua.split(",")) {
            String u = uri.trim();
            if (!u.regionMatches(true, 0, "mailto:", 0, 7) && !u.regionMatches(true, 0, "https:", 0, 6)) {
                findings.add(Finding.error(
                        "tls-rpt", "tls-rpt.rua", "rua= destination " + u + " is not mailto: or https:", txt));
                return;
            }
        }
        findings.add(Finding.info("tls-rpt", "tls-rpt.ok", "TLS-RPT record present", txt));
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
