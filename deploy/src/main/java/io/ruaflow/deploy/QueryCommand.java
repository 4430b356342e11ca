package io.ruaflow.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.api.weekly.Words;
import io.ruaflow.parser.DomainNames;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreNotFoundException;
import io.ruaflow.store.StoreUnavailableException;
import io.ruaflow.store.StoredDomain;
import io.ruaflow.store.TlsSummary;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ruaflow query}: prints what the store knows, as a table, CSV or JSON. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Print stored results.",
            "  domains     every policy domain with volume and DMARC pass rate",
            "  summary     one domain's totals, dispositions and reporters (needs --domain)",
            "  sources     one domain's sending IPs, largest first (needs --domain; --failing, --partial, --new, --limit)",
            "  timeseries  one domain's daily volume, pass and fail (needs --domain)",
            "  tls         one domain's SMTP TLS reports: sessions per day, failures by result type and by receiving"
                    + " MX, reporters (needs --domain)",
            "  failures    one domain's DMARC failure reports by source IP, most first, with From/Subject samples",
            "Dates are UTC days; the range is inclusive. Counts are messages, each report counted once.",
            "An empty answer says on stderr which days the store holds."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:unknown domain (the known ones are listed), no such store, or the store could not be opened or"
                    + " queried (the reason is on stderr)",
            "2:invalid command line"
        })
final class QueryCommand implements Callable<Integer> {
    /** How many days the range covers when neither --from nor --to is given. */
    static final int DEFAULT_DAYS = 30;

    enum What {
        domains,
        summary,
        sources,
        timeseries,
        tls,
        failures
    }

    enum Format {
        table,
        csv,
        json
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "WHAT",
            description = "domains, summary, sources, timeseries, tls or failures")
    What what;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--domain",
            paramLabel = "DOMAIN",
            description = "Policy domain (case-insensitive; Unicode or punycode).")
    String domain;

    /** What {@code --from all} reads as, until the store says its first day. */
    static final LocalDate ALL_TIME = LocalDate.MIN;

    @Option(
            names = "--from",
            paramLabel = "DATE",
            converter = FromDay.class,
            description = "First UTC day, like 2026-11-01, or " + DateRange.ALL + " for the first day the store holds"
                    + " (default: " + (DEFAULT_DAYS - 1) + " days before --to). Any range length is allowed.")
    LocalDate from;

    /** Reads {@code --from}: a day, or {@code all}. */
    static final class FromDay implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            return DateRange.ALL.equalsIgnoreCase(value.trim()) ? ALL_TIME : CommandManners.date(value);
        }
    }

    @Option(names = "--to", paramLabel = "DATE", description = "Last UTC day (default: today, UTC).")
    LocalDate to;

    @Option(names = "--failing", description = "sources: only failing IPs: DMARC fails for some of their messages.")
    boolean failing;

    @Option(
            names = "--partial",
            description = "sources: only IPs with messages that pass DMARC although SPF or DKIM does not align.")
    boolean partial;

    @Option(names = "--new", description = "sources: only IPs first seen for the domain within the range.")
    boolean newOnly;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "sources: at most N rows (1.." + SourceQuery.MAX_LIMIT + "). Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DateRange range;
        SourceQuery sourceQuery;
        try {
            range = range(LocalDate.now(ZoneOffset.UTC));
            sourceQuery = new SourceQuery(failing, partial, newOnly, limit);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (what != What.domains && (domain == null || domain.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "query " + what + " needs --domain");
        }
        if (domain != null) {
            // the form the stores keep: bücher.example and xn--bcher-kva.example are one domain
            domain = DomainNames.ascii(domain);
        }
        try (ReportStore reportStore = store.openExisting()) {
            if (ALL_TIME.equals(from)) {
                // TLS and failure answers start at the domain's first report of any kind: it may have no aggregates
                List<StoredDomain> stored = what == What.tls || what == What.failures
                        ? reportStore.reportDays(domain).map(List::of).orElse(List.of())
                        : reportStore.storedDomains();
                range = DateRange.allTime(stored, what == What.domains ? null : domain, range.to());
            }
            StoreCoverage coverage = null;
            if (what == What.tls) {
                TlsSummary tls = reportStore.tls(domain, range);
                print(tls, out);
                if (tls.successfulSessions() + tls.failedSessions() == 0) {
                    err.println("ruaflow query: no SMTP TLS sessions reported for " + DomainNames.unicode(domain)
                            + " from " + range.from() + " to " + range.to() + " in " + reportStore.describe());
                    err.flush();
                }
                return 0;
            }
            if (what != What.domains && what != What.failures) { // a domain may have failure reports only
                coverage = new StoreCoverage(reportStore.storedDomains());
                if (!coverage.knows(domain)) {
                    err.println("ruaflow query: " + coverage.unknownDomain(domain, reportStore.describe()));
                    return 1;
                }
            }
            Object result =
                    switch (what) {
                        case domains -> reportStore.domains(range);
                        case summary -> reportStore.summary(domain, range);
                        case sources -> reportStore.sources(domain, range, sourceQuery);
                        case timeseries -> reportStore.timeseries(domain, range);
                        case tls -> throw new IllegalStateException("answered above");
                        case failures -> reportStore.failureSources(domain, range);
                    };
            print(result, out);
            if (isEmpty(result)) {
                if (coverage == null) {
                    coverage = new StoreCoverage(reportStore.storedDomains());
                }
                err.println("ruaflow query: "
                        + coverage.emptyAnswer(
                                what == What.sources && failing ? "failing sources" : emptyName(),
                                what == What.domains ? null : domain,
                                range));
                err.flush();
            }
            return 0;
        } catch (StoreNotFoundException | StoreLockedException | StoreUnavailableException | IllegalStateException e) {
            err.println("ruaflow query: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The asked range: {@code --to} defaults to {@code today}, {@code --from} to {@value #DEFAULT_DAYS} days before it. */
    DateRange range(LocalDate today) {
        LocalDate end = to != null ? to : today;
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS - 1) : ALL_TIME.equals(from) ? end : from;
        return new DateRange(start, end);
    }

    private String emptyName() {
        return switch (what) {
            case domains -> "domains with messages";
            case summary, timeseries -> "messages";
            case tls -> "SMTP TLS sessions";
            case sources -> "sources";
            case failures -> "failure reports";
        };
    }

    private static boolean isEmpty(Object result) {
        if (result instanceof DomainSummary summary) {
            return summary.messages() == 0;
        }
        if (result instanceof List<?> list) {
            return list.stream().allMatch(row -> row instanceof DailyVolume day && day.messages() == 0);
        }
        return false;
    }

    private void print(Object result, PrintWriter out) {
        if (format == Format.json) {
            try {
                out.println(ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot print JSON: " + e.getMessage(), e);
            }
            out.flush();
            return;
        }
        TextTable table = table(result);
        if (format == Format.csv) {
            table.printCsv(out);
        } else {
            table.printTable(out);
        }
    }

    @SuppressWarnings("unchecked")
    private TextTable table(Object result) {
        return switch (what) {
            case domains -> {
                TextTable t = TextTable.of("domain", "messages", "dmarc_pass", "dmarc_pass_rate");
                for (DomainOverview d : (List<DomainOverview>) result) {
                    t.add(
                            DomainNames.unicode(d.domain()),
                            d.messages(),
                            d.dmarcPass(),
                            // a domain only TLS or failure reports speak of has no rate, not a rate of 0
                            d.messages() == 0 ? "" : String.format(Locale.ROOT, "%.4f", d.dmarcPassRate()));
                }
                yield t;
            }
            case summary -> {
                DomainSummary s = (DomainSummary) result;
                TextTable t = TextTable.of("metric", "value");
                t.add("domain", DomainNames.unicode(s.domain()))
                        .add("from", s.range().from())
                        .add("to", s.range().to());
                t.add("reports", s.reports()).add("messages", s.messages());
                t.add("dmarc_pass", s.dmarcPass()).add("dmarc_fail", s.dmarcFail());
                t.add("spf_aligned", s.spfAligned()).add("dkim_aligned", s.dkimAligned());
                for (Map.Entry<String, Long> d : s.dispositions().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .toList()) {
                    t.add("disposition." + d.getKey(), d.getValue());
                }
                for (ReporterVolume r : s.reporters()) {
                    t.add(
                            "reporter." + r.orgName(),
                            Words.count(r.messages(), "message") + " in " + Words.count(r.reports(), "report"));
                }
                yield t;
            }
            case sources -> {
                TextTable t = TextTable.of(
                        "source_ip",
                        "ptr_name",
                        "service",
                        "messages",
                        "dmarc_pass",
                        "dmarc_fail",
                        "spf_aligned",
                        "dkim_aligned",
                        "partial",
                        "fresh_spf",
                        "classification",
                        "first_seen");
                for (SourceRow r : (List<SourceRow>) result) {
                    t.add(
                            r.sourceIp(),
                            r.ptrName(),
                            r.service(),
                            r.messages(),
                            r.dmarcPass(),
                            r.dmarcFail(),
                            r.spfAligned(),
                            r.dkimAligned(),
                            r.partial(),
                            r.freshSpfResult(),
                            r.classification(),
                            r.firstSeen());
                }
                yield t;
            }
            case tls -> tlsTable((TlsSummary) result);
            case failures -> {
                TextTable t = TextTable.of(
                        "source_ip",
                        "failures",
                        "first",
                        "last",
                        "ptr_name",
                        "service",
                        "fresh_spf",
                        "classification",
                        "from_samples",
                        "subject_samples");
                for (FailureSource f : (List<FailureSource>) result) {
                    t.add(
                            f.sourceIp(),
                            f.failures(),
                            f.first(),
                            f.last(),
                            f.ptrName(),
                            f.service(),
                            f.freshSpfResult(),
                            f.classification(),
                            String.join(" | ", f.fromSamples()),
                            String.join(" | ", f.subjectSamples()));
                }
                yield t;
            }
            case timeseries -> {
                TextTable t =
                        TextTable.of("day", "messages", "dmarc_pass", "dmarc_fail", "spf_aligned", "dkim_aligned");
                for (DailyVolume d : (List<DailyVolume>) result) {
                    t.add(d.day(), d.messages(), d.dmarcPass(), d.dmarcFail(), d.spfAligned(), d.dkimAligned());
                }
                yield t;
            }
        };
    }

    /** One row per figure: the totals, each day, each result type, each receiving MX and result type, each reporter. */
    private static TextTable tlsTable(TlsSummary s) {
        TextTable t = TextTable.of("section", "key", "successful_sessions", "failed_sessions");
        t.add("total", DomainNames.unicode(s.domain()), s.successfulSessions(), s.failedSessions());
        for (TlsSummary.Day d : s.days()) {
            t.add("day", d.day(), d.successfulSessions(), d.failedSessions());
        }
        for (TlsSummary.ResultType r : s.byResultType()) {
            t.add("result_type", r.resultType(), "", r.failedSessions());
        }
        for (TlsSummary.ReceivingMx m : s.byReceivingMx()) {
            t.add(
                    "receiving_mx",
                    (m.receivingMx().isEmpty() ? "(not named)" : m.receivingMx()) + " " + m.resultType(),
                    "",
                    m.failedSessions());
        }
        for (TlsSummary.Reporter r : s.reporters()) {
            t.add(
                    "reporter",
                    r.organization() + " (" + Words.count(r.reports(), "report") + ")",
                    r.successfulSessions(),
                    r.failedSessions());
        }
        return t;
    }
}
