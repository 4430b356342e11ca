package io.ruaflow.enricher;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.parser.posture.MtaStsState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The live re-check of a domain's SMTP TLS records: the {@code _mta-sts} TXT record (RFC 8461 3.1), the policy file
 * it announces, fetched over HTTPS as a sender does (RFC 8461 3.3) and matched against the domain's MX hosts
 * (RFC 8461 4.1), and the {@code _smtp._tls} TLS-RPT record (RFC 8460 3). Every finding says what to change in DNS
 * or in the policy file.
 */
final class MtaStsCheck {
    /** A policy cached for less than this many seconds protects little against a downgrade. */
    static final long SHORT_MAX_AGE_SECONDS = 86_400;

    private static final Pattern STS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final String CHECK = "mta-sts";

    private final DnsClient dns;
    private final StsPolicyFetcher fetcher;

    MtaStsCheck(DnsClient dns, StsPolicyFetcher fetcher) {
        this.dns = dns;
        this.fetcher = fetcher;
    }

    /** {@code domain} is already normalized (lower case, IDNA applied). */
    MtaStsState check(String domain) {
        List<Finding> findings = new ArrayList<>();
        State state = new State();
        txt(domain, state, findings);
        if (state.txt != null) {
            lookupMx(domain, state, findings);
            policy(domain, state, findings);
        }
        state.tlsRpt = OtherRecords.tlsRpt(dns, domain, findings);
        return new MtaStsState(
                state.txt,
                state.id,
                state.txt == null ? null : StsPolicyFetcher.url(domain),
                state.status,
                state.policy == null ? null : state.policy.mode(),
                state.policy == null ? List.of() : state.policy.mx(),
                state.policy == null ? null : state.policy.maxAge(),
                state.mxHosts,
                state.tlsRpt,
                findings);
    }

    private static final class State {
        String txt;
        String id;
        Integer status;
        StsPolicy policy;
        List<String> mxHosts = List.of();
        /** False when DNS did not answer for the MX. */
        boolean mxKnown;

        String tlsRpt;
    }

    private void txt(String domain, State state, List<Finding> findings) {
        String name = "_mta-sts." + domain;
        List<String> found = OtherRecords.records(dns, CHECK, name, "v=STSv1", findings);
        if (found == null) {
            return;
        }
        if (found.isEmpty()) {
            findings.add(Finding.info(
                    CHECK,
                    "mta-sts.missing",
                    "no MTA-STS record at " + name + ": TLS to your MX is not enforced",
                    name));
            return;
        }
        String txt = found.get(0);
        state.txt = txt;
        Map<String, String> tags = DkimKeys.tags(txt);
        if (tags == null || !"STSv1".equals(tags.get("v"))) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.syntax",
                    "not a list of tag=value pairs: publish v=STSv1; id=<letters/digits>",
                    txt));
        } else if (tags.get("id") == null || !STS_ID.matcher(tags.get("id")).matches()) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.id",
                    "id= must be 1 to 32 letters and digits (RFC 8461 3.1): " + tags.get("id"),
                    txt));
        } else {
            state.id = tags.get("id");
            findings.add(Finding.info(CHECK, "mta-sts.ok", "MTA-STS record present", txt));
        }
    }

    private void policy(String domain, State state, List<Finding> findings) {
        StsPolicyFetcher.Fetched fetched = fetcher.fetch(domain);
        String url = fetched.url();
        String announced =
                "_mta-sts." + domain + " announces a policy" + (state.id == null ? "" : " (id=" + state.id + ")");
        switch (fetched.outcome()) {
            case NO_ADDRESS, UNREACHABLE, BAD_RESPONSE -> {
                findings.add(Finding.error(
                        CHECK,
                        "mta-sts.policy.unreachable",
                        announced + " but " + url + " cannot be fetched (" + fetched.problem() + "): senders apply no"
                                + " policy; serve the policy file at " + StsPolicyFetcher.host(domain)
                                + " over HTTPS, or remove the _mta-sts record",
                        url));
                return;
            }
            case TLS -> {
                findings.add(Finding.error(
                        CHECK,
                        "mta-sts.policy.tls",
                        announced + " but " + fetched.problem() + ": senders refuse the policy; install a certificate"
                                + " from a public CA, valid now, for " + StsPolicyFetcher.host(domain),
                        url));
                return;
            }
            case CERTIFICATE_NAME -> {
                findings.add(Finding.error(
                        CHECK,
                        "mta-sts.policy.certificate",
                        fetched.problem() + ": senders refuse the policy; add " + StsPolicyFetcher.host(domain)
                                + " to the certificate's names (subjectAltName)",
                        url));
                return;
            }
            case TOO_LARGE -> {
                state.status = fetched.status();
                findings.add(Finding.error(
                        CHECK,
                        "mta-sts.policy.size",
                        url + ": " + fetched.problem() + "; senders may refuse it: a policy is a few lines (version,"
                                + " mode, mx, max_age)",
                        url));
                return;
            }
            case RESPONSE -> state.status = fetched.status();
        }
        int status = fetched.status();
        if (status >= 300 && status < 400) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.policy.redirect",
                    url + " answers " + status + " redirecting to " + fetched.location() + ": senders must not follow"
                            + " redirects (RFC 8461 3.3); serve the file itself at " + url,
                    url));
            return;
        }
        if (status == 404) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.policy.missing",
                    announced + " but " + url + " answers 404: publish the policy file there, or remove the _mta-sts"
                            + " record",
                    url));
            return;
        }
        if (status != 200) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.policy.status",
                    url + " answers HTTP " + status + " instead of 200: senders apply no policy; serve the file with"
                            + " status 200",
                    url));
            return;
        }
        String mediaType = fetched.contentType() == null
                ? null
                : fetched.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!"text/plain".equals(mediaType)) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.policy.content-type",
                    url + " is served as " + (fetched.contentType() == null ? "no Content-Type" : fetched.contentType())
                            + ": RFC 8461 3.3 requires text/plain; configure the web server to send Content-Type:"
                            + " text/plain",
                    url));
        }
        StsPolicy policy = StsPolicy.parse(fetched.body());
        state.policy = policy;
        for (String problem : policy.problems()) {
            findings.add(Finding.error(
                    CHECK,
                    "mta-sts.policy.syntax",
                    url + ": " + problem + "; fix the policy file, then change id= in _mta-sts." + domain
                            + " so senders fetch it again",
                    url));
        }
        mode(url, policy, findings);
        if (policy.maxAge() != null && policy.maxAge() < SHORT_MAX_AGE_SECONDS && !"none".equals(policy.mode())) {
            findings.add(Finding.warning(
                    CHECK,
                    "mta-sts.policy.max-age",
                    url + ": max_age " + policy.maxAge() + " s is less than a day: senders forget the policy soon and"
                            + " a downgrade goes unnoticed; use max_age: 604800 (a week) or more",
                    "max_age: " + policy.maxAge()));
        }
        compare(domain, url, policy, state, findings);
    }

    private static void mode(String url, StsPolicy policy, List<Finding> findings) {
        if ("testing".equals(policy.mode())) {
            findings.add(Finding.info(
                    CHECK,
                    "mta-sts.policy.testing",
                    url + ": mode testing reports only: senders report TLS failures but deliver anyway; once the"
                            + " TLS reports show no failures, change it to mode: enforce and change id=",
                    "mode: testing"));
        } else if ("none".equals(policy.mode())) {
            findings.add(Finding.warning(
                    CHECK,
                    "mta-sts.policy.none",
                    url + ": mode none withdraws the policy: senders stop checking TLS to your MX; change it to"
                            + " mode: testing or enforce (and id=)",
                    "mode: none"));
        }
    }

    private void lookupMx(String domain, State state, List<Finding> findings) {
        DnsAnswer answer = dns.query(domain, Type.MX).join();
        if (answer.isTempError()) {
            findings.add(Finding.warning(
                    CHECK,
                    "mta-sts.mx.dns",
                    "DNS did not answer for the MX of " + domain + " (" + answer.problem() + "): MX hosts not compared"
                            + " with the policy",
                    domain));
            return;
        }
        List<String> hosts = new ArrayList<>();
        for (Record r : answer.records()) {
            if (r instanceof MXRecord mx && !mx.getTarget().equals(org.xbill.DNS.Name.root)) {
                String host = mx.getTarget().toString(true).toLowerCase(Locale.ROOT);
                if (!hosts.contains(host)) {
                    hosts.add(host);
                }
            }
        }
        state.mxHosts = hosts;
        state.mxKnown = true;
    }

    private static void compare(String domain, String url, StsPolicy policy, State state, List<Finding> findings) {
        if (!state.mxKnown) {
            return;
        }
        List<String> hosts = state.mxHosts;
        if ("none".equals(policy.mode()) || policy.mx().isEmpty()) {
            return;
        }
        if (hosts.isEmpty()) {
            findings.add(Finding.warning(
                    CHECK,
                    "mta-sts.mx.none",
                    domain + " has no MX record: the policy covers no mail server; publish the MX records",
                    domain));
            return;
        }
        boolean enforce = "enforce".equals(policy.mode());
        List<String> uncovered = policy.uncovered(hosts);
        for (String host : uncovered) {
            String message = "MX host " + host + " matches no mx: line of the policy (" + String.join(", ", policy.mx())
                    + "): "
                    + (enforce
                            ? "under mode enforce senders refuse to deliver to it"
                            : "under mode enforce senders would refuse to deliver to it; they report it as failed now")
                    + "; add 'mx: " + host + "' to " + url + " and change id= in _mta-sts." + domain;
            findings.add(
                    enforce
                            ? Finding.error(CHECK, "mta-sts.mx.uncovered", message, host)
                            : Finding.warning(CHECK, "mta-sts.mx.uncovered", message, host));
        }
        for (String pattern : policy.unused(hosts)) {
            findings.add(Finding.warning(
                    CHECK,
                    "mta-sts.mx.unused",
                    "policy line 'mx: " + pattern + "' matches none of the MX hosts of " + domain + " ("
                            + String.join(", ", hosts) + "): remove it from " + url + " or fix the name",
                    "mx: " + pattern));
        }
        if (uncovered.isEmpty() && policy.problems().isEmpty()) {
            findings.add(Finding.info(
                    CHECK,
                    "mta-sts.policy.ok",
                    "policy mode " + policy.mode() + ", max_age " + policy.maxAge() + " s, covers all " + hosts.size()
                            + " MX hosts",
                    url));
        }
    }
}
