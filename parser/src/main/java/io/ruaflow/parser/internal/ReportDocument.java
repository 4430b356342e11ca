package io.ruaflow.parser.internal;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.IpAddresses;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.SpfAuthResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;

/**
 * Reads one aggregate report from an {@link XmlCursor}: the header fields, then each record handed to the handler as soon
 * as it is complete. Normalizes what reporters get wrong and records a warning for each kind of recovery.
 * Single use, not thread-safe.
 */
final class ReportDocument {
    /** {@code <error>} elements kept per report; more are counted in a warning. */
    static final int MAX_ERRORS = 100;
    /** The longest {@code <count>} text read as a number; a longer one is not a count (10^12 has 13 digits). */
    static final int MAX_COUNT_CHARS = 40;

    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(ParserLimits.MAX_RECORD_COUNT);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\+?[0-9]+");

    private final XmlCursor in;
    private final ParserLimits limits;
    private final ReportSource source;
    private final ReportHandler handler;
    private final Warnings warnings = new Warnings();

    private final HeaderFields meta = new HeaderFields();

    private ReportHeader header;
    private ArrayDeque<ReportRecord> buffered;
    private long recordCount;
    private long messageCount;
    /** The first {@code header_from} of any record, and the first one that differs from it (else null). */
    private String firstHeaderFrom;

    private String otherHeaderFrom;
    /** The policy domain was missing and is taken from the records' header_from. */
    private boolean domainFromRecords;

    ReportDocument(
            XmlCursor xml,
            ParserLimits limits,
            ReportSource source,
            ReportHandler handler,
            List<String> inheritedWarnings) {
        this.in = xml;
        this.limits = limits;
        this.source = source;
        this.handler = handler;
        this.warnings.addAll(inheritedWarnings);
    }

    Warnings warnings() {
        return warnings;
    }

    /** Reads up to the end of {@code <feedback>}; what follows it is not read. */
    PendingReport read() throws IOException {
        while (true) {
            int event = in.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = in.name();
                if (name.equals("feedback")) {
                    feedback();
                    return finish();
                }
                if (name.equals("schema") && in.depth() == 1) {
                    warnings.add("a stray <" + in.qualifiedName() + "> opening tag before <feedback> was ignored");
                    continue;
                }
                throw InputRejected.notAReport("found <" + name + "> where <feedback> was expected");
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw InputRejected.notAReport("no <feedback> element");
            }
        }
    }

    private void feedback() throws IOException {
        meta.namespace = emptyToNull(in.namespaceUri());
        int feedbackDepth = in.depth();
        while (in.nextChild(feedbackDepth)) {
            switch (in.name()) {
                case "version" -> meta.version = in.text();
                case "report_metadata" -> metadata();
                case "policy_published" -> {
                    if (meta.policy == null) {
                        meta.policy = policy();
                    } else {
                        warnings.add(
                                "several-policies",
                                "the report has several <policy_published> elements; the first (domain "
                                        + meta.policy.domain() + ") is used");
                        in.skip();
                    }
                }
                case "record" -> record();
                default -> in.skip();
            }
        }
    }

    private void metadata() throws IOException {
        meta.metadataSeen = true;
        int metadataDepth = in.depth();
        while (in.nextChild(metadataDepth)) {
            switch (in.name()) {
                case "org_name" -> meta.orgName = in.text();
                case "email" -> meta.email = in.text();
                case "extra_contact_info" -> meta.extraContactInfo = emptyToNull(in.text());
                case "report_id" -> meta.reportId = in.text();
                case "date_range" -> dateRange();
                case "error" -> {
                    String error = in.text();
                    if (meta.errors.size() < MAX_ERRORS) {
                        meta.errors.add(error);
                    } else {
                        warnings.add("errors", "more than " + MAX_ERRORS + " <error> elements; the rest were dropped");
                    }
                }
                case "generator" -> meta.generator = emptyToNull(in.text());
                case "version" -> meta.version = in.text();
                default -> in.skip();
            }
        }
    }

    private void dateRange() throws IOException {
        int rangeDepth = in.depth();
        while (in.nextChild(rangeDepth)) {
            switch (in.name()) {
                case "begin" -> meta.begin = in.text();
                case "end" -> meta.end = in.text();
                default -> in.skip();
            }
        }
    }

    private PolicyPublished policy() throws IOException {
        String domain = null, p = null, sp = null, np = null, adkim = null, aspf = null, fo = null;
        String testing = null, discoveryMethod = null;
        Integer pct = null;
        int policyDepth = in.depth();
        while (in.nextChild(policyDepth)) {
            switch (in.name()) {
                case "domain" -> domain = domain(in.text());
                case "p" -> p = word("p", in.text());
                case "sp" -> sp = word("sp", in.text());
                case "np" -> np = word("np", in.text());
                case "adkim" -> adkim = word("adkim", in.text());
                case "aspf" -> aspf = word("aspf", in.text());
                case "pct" -> pct = percent(in.text());
                case "fo" -> fo = word("fo", in.text());
                case "testing" -> testing = word("testing", in.text());
                case "discovery_method" -> discoveryMethod = word("discovery_method", in.text());
                default -> in.skip();
            }
        }
        return new PolicyPublished(domain, p, sp, np, adkim, aspf, pct, fo, testing, discoveryMethod);
    }

    private void record() throws IOException {
        RecordBuilder r = new RecordBuilder();
        int recordDepth = in.depth();
        while (in.nextChild(recordDepth)) {
            switch (in.name()) {
                case "row" -> row(r);
                case "identifiers" -> identifiers(r);
                case "identities" -> {
                    warnings.add("identities", "<identities> used instead of <identifiers>");
                    identifiers(r);
                }
                case "auth_results" -> authResults(r);
                case "source_ip", "count", "policy_evaluated" -> rowChild(r); // <row> left out
                default -> in.skip();
            }
        }
        if (!r.countSeen) {
            warnings.add("no-count", "a record has no <count>; 0 was used (first: source " + r.sourceIp + ")");
        }
        if (r.headerFrom == null) {
            warnings.add("no-header-from", "a record has no <header_from> (first: source " + r.sourceIp + ")");
        }
        if (r.disposition == null || r.dkim == null || r.spf == null) {
            warnings.add(
                    "policy-evaluated",
                    "a record's <policy_evaluated> lacks disposition, dkim or spf (first: source " + r.sourceIp + ")");
        }
        accept(r.build());
    }

    private void row(RecordBuilder r) throws IOException {
        int rowDepth = in.depth();
        while (in.nextChild(rowDepth)) {
            rowChild(r);
        }
    }

    private void rowChild(RecordBuilder r) throws IOException {
        switch (in.name()) {
            case "source_ip" -> r.sourceIp = sourceIp(in.text());
            case "count" -> {
                r.count = count(in.text());
                r.countSeen = true;
            }
            case "policy_evaluated" -> policyEvaluated(r);
            default -> in.skip();
        }
    }

    private void policyEvaluated(RecordBuilder r) throws IOException {
        int evaluatedDepth = in.depth();
        while (in.nextChild(evaluatedDepth)) {
            switch (in.name()) {
                case "disposition" -> r.disposition = word("disposition", in.text());
                case "dkim" -> r.dkim = word("dkim", in.text());
                case "spf" -> r.spf = word("spf", in.text());
                case "reason" -> reason(r);
                default -> in.skip();
            }
        }
    }

    private void reason(RecordBuilder r) throws IOException {
        String type = null, comment = null;
        int reasonDepth = in.depth();
        while (in.nextChild(reasonDepth)) {
            switch (in.name()) {
                case "type" -> type = word("reason type", in.text());
                case "comment" -> comment = emptyToNull(in.text());
                default -> in.skip();
            }
        }
        if (type == null || type.isEmpty()) {
            if (comment == null) {
                warnings.add("empty-reason", "an empty <reason> (no <type>) was dropped");
                return;
            }
            warnings.add("reason-without-type", "a <reason> without a <type> was recorded as type other");
            type = "other";
        }
        r.reasons = plus(r.reasons, new OverrideReason(type, comment));
    }

    private void identifiers(RecordBuilder r) throws IOException {
        int identifiersDepth = in.depth();
        while (in.nextChild(identifiersDepth)) {
            switch (in.name()) {
                case "envelope_to" -> r.envelopeTo = domain(in.text());
                case "envelope_from" -> r.envelopeFrom = domainKeepEmpty(in.text());
                case "header_from" -> r.headerFrom = domain(in.text());
                default -> in.skip();
            }
        }
    }

    private void authResults(RecordBuilder r) throws IOException {
        int authDepth = in.depth();
        while (in.nextChild(authDepth)) {
            switch (in.name()) {
                case "dkim" -> r.dkimResults = plus(r.dkimResults, dkimResult());
                case "spf" -> r.spfResults = plus(r.spfResults, spfResult());
                default -> in.skip();
            }
        }
    }

    private DkimAuthResult dkimResult() throws IOException {
        String domain = null, selector = null, result = null, human = null;
        int resultDepth = in.depth();
        while (in.nextChild(resultDepth)) {
            switch (in.name()) {
                case "domain" -> domain = domain(in.text());
                case "selector" -> selector = emptyToNull(in.text());
                case "result" -> result = word("DKIM result", in.text());
                case "human_result" -> human = emptyToNull(in.text());
                default -> in.skip();
            }
        }
        if (selector == null) {
            warnings.add("dkim-selector", "a DKIM result has no selector (first: domain " + domain + ")");
        }
        if (result == null || result.isEmpty()) {
            warnings.add("dkim-result", "a DKIM result has no result; recorded as none (first: domain " + domain + ")");
            result = "none";
        }
        return new DkimAuthResult(domain, selector, result, human);
    }

    private SpfAuthResult spfResult() throws IOException {
        String domain = null, scope = null, result = null, human = null;
        int resultDepth = in.depth();
        while (in.nextChild(resultDepth)) {
            switch (in.name()) {
                case "domain" -> domain = domain(in.text());
                case "scope" -> scope = emptyToNull(word("SPF scope", in.text()));
                case "result" -> result = word("SPF result", in.text());
                case "human_result" -> human = emptyToNull(in.text());
                default -> in.skip();
            }
        }
        if (scope == null) {
            warnings.add("spf-scope", "an SPF result has no scope (first: domain " + domain + ")");
        }
        if (result == null || result.isEmpty()) {
            warnings.add("spf-result", "an SPF result has no result; recorded as none (first: domain " + domain + ")");
            result = "none";
        }
        return new SpfAuthResult(domain, scope, result, human);
    }

    private void accept(ReportRecord record) throws InputRejected {
        if (record.sourceIp() == null || record.sourceIp().isEmpty()) {
            warnings.add("no-source-ip", "a record without <source_ip> was skipped");
            return;
        }
        if (recordCount >= limits.maxRecords()) {
            throw InputRejected.overLimit(
                    "MAX_RECORDS", limits.maxRecords(), "the report has more than " + limits.maxRecords() + " records");
        }
        recordCount++;
        try {
            messageCount = Math.addExact(messageCount, record.count());
        } catch (ArithmeticException e) {
            throw InputRejected.because("the report's message counts add up to more than " + Long.MAX_VALUE
                    + " (at most " + ParserLimits.MAX_RECORD_COUNT + " per record)");
        }
        String from = record.headerFrom();
        if (from != null) {
            if (firstHeaderFrom == null) {
                firstHeaderFrom = from;
            } else if (otherHeaderFrom == null && !from.equals(firstHeaderFrom)) {
                otherHeaderFrom = from;
            }
        }
        if (meta.policy != null && !hasPolicyDomain()) {
            refuseDisagreeingHeaderFroms();
        }
        if (header == null && meta.metadataSeen && meta.policy != null && (hasPolicyDomain() || from != null)) {
            emitHeader();
        }
        if (header != null) {
            deliver(record);
            return;
        }
        if (buffered == null) {
            buffered = new ArrayDeque<>();
            warnings.add("records before the report's metadata or policy were held back until it was read");
        }
        if (buffered.size() >= limits.maxBufferedRecords()) {
            throw InputRejected.overLimit(
                    "MAX_BUFFERED_RECORDS",
                    limits.maxBufferedRecords(),
                    "more than " + limits.maxBufferedRecords() + " records come before the report's metadata or"
                            + " policy");
        }
        buffered.add(record);
    }

    private void deliver(ReportRecord record) {
        try {
            handler.record(record);
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }

    private PendingReport finish() throws InputRejected {
        if (header == null) {
            if (!meta.metadataSeen) {
                throw InputRejected.because("not a usable report: no <report_metadata>");
            }
            if (meta.policy == null) {
                throw InputRejected.because("not a usable report: no <policy_published>");
            }
            emitHeader();
        }
        if (domainFromRecords) {
            refuseDisagreeingHeaderFroms();
        }
        if (buffered != null) {
            while (!buffered.isEmpty()) {
                deliver(buffered.poll());
            }
        }
        return new PendingReport(header, recordCount, messageCount, warnings);
    }

    private boolean hasPolicyDomain() {
        return !domainFromRecords
                && meta.policy.domain() != null
                && !meta.policy.domain().isEmpty();
    }

    /**
     * A report without a policy domain is read as the domain its records name, which only holds when they all name
     * the same one. Refused at the first disagreement: records already delivered belong to a report that is then
     * never ended, which the handler's contract discards.
     */
    private void refuseDisagreeingHeaderFroms() throws InputRejected {
        if (otherHeaderFrom != null) {
            throw InputRejected.because("not a usable report: <policy_published> has no <domain>, and its records'"
                    + " <header_from> name different domains (" + firstHeaderFrom + ", " + otherHeaderFrom + ")");
        }
    }

    private void emitHeader() throws InputRejected {
        domainFromRecords = !hasPolicyDomain();
        header = meta.build(source, warnings, firstHeaderFrom);
        try {
            handler.header(header);
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }

    private long count(String value) {
        String text = value.strip();
        long plain = plainDigits(text);
        if (plain >= 0 && plain <= ParserLimits.MAX_RECORD_COUNT) {
            return plain; // what nearly every reporter writes, read without BigDecimal and the pattern below
        }
        BigDecimal n = null;
        if (text.length() <= MAX_COUNT_CHARS) {
            try {
                n = new BigDecimal(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (n != null && n.signum() >= 0 && n.compareTo(MAX_COUNT) > 0) {
            warnings.add(
                    "count-over-limit",
                    "<count> " + text + " is over MAX_RECORD_COUNT (" + ParserLimits.MAX_RECORD_COUNT
                            + "); 0 was used");
            return 0;
        }
        if (n != null && n.signum() >= 0) {
            try {
                long exact = n.longValueExact();
                if (!WHOLE_NUMBER.matcher(text).matches()) {
                    warnings.add("count-decimal", "<count> " + text + " was not a whole number as written");
                }
                return exact;
            } catch (ArithmeticException fraction) {
                // reported below
            }
        }
        warnings.add(
                "bad-count",
                "<count> '" + (text.length() <= MAX_COUNT_CHARS ? text : text.substring(0, MAX_COUNT_CHARS) + "…")
                        + "' is not a message count; 0 was used");
        return 0;
    }

    /** Longest run of digits {@link #plainDigits} reads: 18 digits always fit in a long. */
    private static final int MAX_PLAIN_DIGITS = 18;

    /** The value of {@code text} when it is 1 to 18 ASCII digits and nothing else, else -1. */
    static long plainDigits(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_PLAIN_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private Integer percent(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            warnings.add("<pct> '" + value + "' is not a number and was ignored");
            return null;
        }
    }

    /** Lower-cases a keyword (result, disposition, policy), warning once per kind when it was not. */
    private String word(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                String lower = value.toLowerCase(Locale.ROOT);
                warnings.add(
                        "case", "upper- or mixed-case words were lower-cased (first: " + field + " " + value + ")");
                return lower;
            }
        }
        return value;
    }

    private static String domain(String value) {
        if (value.isEmpty()) {
            return null;
        }
        return lower(value);
    }

    private static String domainKeepEmpty(String value) {
        return lower(value);
    }

    private static String lower(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c > 0x7F) {
                return value.toLowerCase(Locale.ROOT);
            }
        }
        return value;
    }

    /**
     * The canonical text of the source address (RFC 5952 for IPv6, mapped IPv4 as IPv4), so that one sender written
     * differently by different reporters is one source in every query. Not an address: kept as written, warned.
     */
    private String sourceIp(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return trimmed;
        }
        String canonical = IpAddresses.canonical(trimmed);
        if (canonical == null) {
            warnings.add(
                    "source-ip-invalid",
                    "a <source_ip> is not an IP address; kept as written (first: " + trimmed + ")");
            return trimmed;
        }
        return canonical;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * {@code list} with {@code item} added. A record's lists hold one or two items nearly always: kept as the
     * immutable lists {@link ReportRecord} would copy them into, so that it keeps them as they are.
     */
    private static <T> List<T> plus(List<T> list, T item) {
        return switch (list.size()) {
            case 0 -> List.of(item);
            case 1 -> List.of(list.get(0), item);
            default -> {
                List<T> grown = list instanceof ArrayList<T> mutable ? mutable : new ArrayList<>(list);
                grown.add(item);
                yield grown;
            }
        };
    }

    private static final class RecordBuilder {
        String sourceIp;
        long count;
        boolean countSeen;
        String disposition;
        String dkim;
        String spf;
        List<OverrideReason> reasons = List.of();
        String envelopeTo;
        String envelopeFrom;
        String headerFrom;
        List<DkimAuthResult> dkimResults = List.of();
        List<SpfAuthResult> spfResults = List.of();

        ReportRecord build() {
            return new ReportRecord(
                    sourceIp,
                    count,
                    disposition,
                    dkim,
                    spf,
                    reasons,
                    envelopeTo,
                    envelopeFrom,
                    headerFrom,
                    dkimResults,
                    spfResults);
        }
    }
}
