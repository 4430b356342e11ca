package io.ruaflow.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.enricher.spf.SpfEvaluator;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.parser.posture.MtaStsState;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ruaflow posture}: a domain's published DNS records, linted. */
@Command(
        name = "posture",
        mixinStandardHelpOptions = true,
        description = {
            "Lint a domain's DMARC, SPF, DKIM, MTA-STS, TLS-RPT and BIMI records as live DNS serves them now.",
            "Each finding has a severity (error, warning, info) and the exact record it is about. DKIM keys are"
                    + " checked for the selectors given with --selector and, with --store, for every selector"
                    + " reporters saw signing the domain's mail in the last --days days."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:checked; no error findings",
            "1:checked; at least one error finding, or the store could not be read",
            "2:invalid command line"
        })
final class PostureCommand implements Callable<Integer> {
    /** The longest look-back for selectors seen in reports. */
    static final int MAX_DAYS = 366;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The domain to check.")
    String domain;

    @Option(
            names = "--selector",
            paramLabel = "SELECTOR[@DOMAIN]",
            description = "A DKIM selector to check (repeatable); @DOMAIN defaults to --domain.")
    List<String> selectors = new ArrayList<>();

    @Option(
            names = "--days",
            defaultValue = "30",
            description = "With --store: selectors seen in reports of the last DAYS days (at most 366). Default:"
                    + " ${DEFAULT-VALUE}")
    int days;

    @Option(
            names = "--dns",
            paramLabel = "HOST:PORT",
            description = "Ask this DNS server instead of the system's resolvers, e.g. 127.0.0.1:5353.")
    String dns;

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}")
    Format format;

    enum Format {
        text,
        json
    }

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DnsSettings settings;
        try {
            settings = DnsSettings.systemDefaultOr(dns);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dns: " + e.getMessage());
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new ParameterException(spec.commandLine(), "--days must be between 1 and " + MAX_DAYS + ": " + days);
        }
        List<PostureChecker.Selector> wanted = new ArrayList<>();
        for (String s : selectors) {
            int at = s.indexOf('@');
            String selector = at < 0 ? s : s.substring(0, at);
            String selectorDomain = at < 0 ? domain : s.substring(at + 1);
            if (selector.isBlank() || selectorDomain.isBlank()) {
                throw new ParameterException(
                        spec.commandLine(), "--selector must look like s1 or s1@example.com: " + s);
            }
            wanted.add(new PostureChecker.Selector(selectorDomain, selector));
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--store")) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            try (ReportStore opened = store.open()) {
                wanted.addAll(opened.dkimSelectors(domain, new DateRange(today.minusDays(days - 1L), today)));
            } catch (IllegalArgumentException | StoreUnavailableException e) {
                spec.commandLine()
                        .getErr()
                        .println("ruaflow posture: cannot read store " + store.url + ": " + e.getMessage());
                return 1;
            }
        }
        DomainPosture posture;
        try (PostureChecker checker = PostureChecker.withDns(settings)) {
            posture = checker.check(domain, wanted);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--domain: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            try {
                out.println(ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(posture));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the posture of " + domain + " as JSON", e);
            }
        } else {
            printText(out, posture);
        }
        out.flush();
        return posture.findings(Finding.Severity.ERROR).isEmpty() ? 0 : 1;
    }

    static void printText(PrintWriter out, DomainPosture posture) {
        out.println("posture of " + posture.domain() + " (live DNS at " + posture.checkedAt() + ")");
        out.println("DMARC  "
                + (posture.dmarcRecord() == null
                        ? "(none)"
                        : posture.dmarcRecord() + "   [at _dmarc." + posture.dmarcRecordDomain() + "]"));
        out.println("SPF    "
                + (posture.spfRecord() == null
                        ? "(none)"
                        : posture.spfRecord() + "   [" + posture.spfLookups() + " of " + SpfEvaluator.MAX_DNS_TERMS
                                + " lookups]"));
        MtaStsState sts = posture.mtaSts();
        if (sts != null && sts.txtRecord() != null) {
            out.println("MTA-STS "
                    + sts.txtRecord()
                    + "   [policy "
                    + (sts.mode() == null
                            ? "not read from " + sts.policyUrl()
                            : "mode " + sts.mode() + ", max_age " + sts.maxAge() + " s, mx "
                                    + String.join(" ", sts.mx()))
                    + "; MX hosts " + (sts.mxHosts().isEmpty() ? "(none)" : String.join(" ", sts.mxHosts())) + "]");
        }
        if (sts != null && sts.tlsRptRecord() != null) {
            out.println("TLS-RPT " + sts.tlsRptRecord());
        }
        for (Finding f : posture.findings()) {
            out.printf("%-7s %-7s %s%n", f.severity().wireName(), f.check(), f.message());
            if (f.record() != null) {
                out.println("                record: " + f.record());
            }
        }
        out.printf(
                "%d errors, %d warnings, %d notes%n",
                posture.findings(Finding.Severity.ERROR).size(),
                posture.findings(Finding.Severity.WARNING).size(),
                posture.findings(Finding.Severity.INFO).size());
    }
}
