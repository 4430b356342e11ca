package io.ruaflow.parser.internal;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one aggregate report from a StAX stream: the header fields, then each record handed to the handler as soon
 * as it is complete. Normalizes what reporters get wrong and records a warning for each kind of recovery.
 * Single use, not thread-safe.
 */
final class ReportDocument {
    static final String NS_RFC7489 = "http://dmarc.org/dmarc-xml/0.1";
    static final String NS_RFC9990 = "urn:ietf:params:xml:ns:dmarc-2.0";

    /** A report covering more than this is flagged: reporters should cover at most a day. */
    static final Duration LONG_PERIOD = Duration.ofHours(48);

    /** {@code <error>} elements kept per report; more are counted in a warning. */
    static final int MAX_ERRORS = 100;

    private final XMLStreamReader xml;
    private final ParserLimits limits;
    private final ReportSource source;
    private final ReportHandler handler;
    private final Warnings warnings = new Warnings();
    private final StringBuilder text = new StringBuilder(64);

    private int depth;

    private String namespace;
    private String version;
    private boolean metadataSeen;
    private String orgName;
    private String email;
    private String extraContactInfo;
    private String reportId;
    private String begin;
    private String end;
    private final List<String> errors = new ArrayList<>();
    private String generator;
    private PolicyPublished policy;

    private ReportHeader header;
    private ArrayDeque<ReportRecord> buffered;
    private long recordCount;
    private long messageCount;

    ReportDocument(
            XMLStreamReader xml,
            ParserLimits limits,
            ReportSource source,
            ReportHandler handler,
            List<String> inheritedWarnings) {
        this.xml = xml;
        this.limits = limits;
        this.source = source;
        this.handler = handler;
        this.warnings.addAll(inheritedWarnings);
    }

    Warnings warnings() {
        return warnings;
    }

    /** Reads up to the end of {@code <feedback>}; what follows it is not read. */
    PendingReport read() throws XMLStreamException, InputRejected {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("feedback")) {
                    feedback();
                    return finish();
                }
                if (name.equals("schema") && depth == 1) {
                    warnings.add("a stray <" + qualifiedName() + "> opening tag before <feedback> was ignored");
                    continue;
                }
                throw InputRejected.because(
                        "not a DMARC aggregate report: found <" + name + "> where <feedback> was" + " expected");
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw InputRejected.because("not a DMARC aggregate report: no <feedback> element");
            }
        }
    }

    private String qualifiedName() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    private void feedback() throws XMLStreamException, InputRejected {
        namespace = emptyToNull(xml.getNamespaceURI());
        int feedbackDepth = depth;
        while (nextChild(feedbackDepth)) {
            switch (xml.getLocalName()) {
                case "version" -> version = text();
                case "report_metadata" -> metadata();
                case "policy_published" -> {
                    if (policy == null) {
                        policy = policy();
                    } else {
                        warnings.add(
                                "several-policies",
                                "the report has several <policy_published> elements; the first (domain "
                                        + policy.domain() + ") is used");
                        skip();
                    }
                }
                case "record" -> record();
                default -> skip();
            }
        }
    }

    private void metadata() throws XMLStreamException, InputRejected {
        metadataSeen = true;
        int metadataDepth = depth;
        while (nextChild(metadataDepth)) {
            switch (xml.getLocalName()) {
                case "org_name" -> orgName = text();
                case "email" -> email = text();
                case "extra_contact_info" -> extraContactInfo = emptyToNull(text());
                case "report_id" -> reportId = text();
                case "date_range" -> dateRange();
                case "error" -> {
                    String error = text();
                    if (errors.size() < MAX_ERRORS) {
                        errors.add(error);
                    } else {
                        warnings.add("errors", "more than " + MAX_ERRORS + " <error> elements; the rest were dropped");
                    }
                }
                case "generator" -> generator = emptyToNull(text());
                case "version" -> version = text();
                default -> skip();
            }
        }
    }

    private void dateRange() throws XMLStreamException, InputRejected {
        int rangeDepth = depth;
        while (nextChild(rangeDepth)) {
            switch (xml.getLocalName()) {
                case "begin" -> begin = text();
                case "end" -> end = text();
                default -> skip();
            }
        }
    }

    private PolicyPublished policy() throws XMLStreamException, InputRejected {
        String domain = null, p = null, sp = null, np = null, adkim = null, aspf = null, fo = null;
        String testing = null, discoveryMethod = null;
        Integer pct = null;
        int policyDepth = depth;
        while (nextChild(policyDepth)) {
            switch (xml.getLocalName()) {
                case "domain" -> domain = domain(text());
                case "p" -> p = word("p", text());
                case "sp" -> sp = word("sp", text());
                case "np" -> np = word("np", text());
                case "adkim" -> adkim = word("adkim", text());
                case "aspf" -> aspf = word("aspf", text());
                case "pct" -> pct = percent(text());
                case "fo" -> fo = word("fo", text());
                case "testing" -> testing = word("testing", text());
                case "discovery_method" -> discoveryMethod = word("discovery_method", text());
                default -> skip();
            }
        }
        return new PolicyPublished(domain, p, sp, np, adkim, aspf, pct, fo, testing, discoveryMethod);
    }

    private void record() throws XMLStreamException, InputRejected {
        RecordBuilder r = new RecordBuilder();
        int recordDepth = depth;
        while (nextChild(recordDepth)) {
            switch (xml.getLocalName()) {
                case "row" -> row(r);
                case "identifiers" -> identifiers(r);
                case "identities" -> {
                    warnings.add("identities", "<identities> used instead of <identifiers>");
                    identifiers(r);
                }
                case "auth_results" -> authResults(r);
                    // Some reporters leave out <row> and put its children directly in <record>.
                case "source_ip", "count", "policy_evaluated" -> rowChild(r);
                default -> skip();
            }
        }
        accept(r.build());
    }

    private void row(RecordBuilder r) throws XMLStreamException, InputRejected {
        int rowDepth = depth;
        while (nextChild(rowDepth)) {
            rowChild(r);
        }
    }

    private void rowChild(RecordBuilder r) throws XMLStreamException, InputRejected {
        switch (xml.getLocalName()) {
            case "source_ip" -> r.sourceIp = text();
            case "count" -> r.count = count(text());
            case "policy_evaluated" -> policyEvaluated(r);
            default -> skip();
        }
    }

    private void policyEvaluated(RecordBuilder r) throws XMLStreamException, InputRejected {
        int evaluatedDepth = depth;
        while (nextChild(evaluatedDepth)) {
            switch (xml.getLocalName()) {
                case "disposition" -> r.disposition = word("disposition", text());
                case "dkim" -> r.dkim = word("dkim", text());
                case "spf" -> r.spf = word("spf", text());
                case "reason" -> reason(r);
                default -> skip();
            }
        }
    }

    private void reason(RecordBuilder r) throws XMLStreamException, InputRejected {
        String type = null, comment = null;
        int reasonDepth = depth;
        while (nextChild(reasonDepth)) {
            switch (xml.getLocalName()) {
                case "type" -> type = word("reason type", text());
                case "comment" -> comment = emptyToNull(text());
                default -> skip();
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
        r.reasons.add(new OverrideReason(type, comment));
    }

    private void identifiers(RecordBuilder r) throws XMLStreamException, InputRejected {
        int identifiersDepth = depth;
        while (nextChild(identifiersDepth)) {
            switch (xml.getLocalName()) {
                case "envelope_to" -> r.envelopeTo = domain(text());
                case "envelope_from" -> r.envelopeFrom = domainKeepEmpty(text());
                case "header_from" -> r.headerFrom = domain(text());
                default -> skip();
            }
        }
    }

    private void authResults(RecordBuilder r) throws XMLStreamException, InputRejected {
        int authDepth = depth;
        while (nextChild(authDepth)) {
            switch (xml.getLocalName()) {
                case "dkim" -> r.dkimResults.add(dkimResult());
                case "spf" -> r.spfResults.add(spfResult());
                default -> skip();
            }
        }
    }

    private DkimAuthResult dkimResult() throws XMLStreamException, InputRejected {
        String domain = null, selector = null, result = null, human = null;
        int resultDepth = depth;
        while (nextChild(resultDepth)) {
            switch (xml.getLocalName()) {
                case "domain" -> domain = domain(text());
                case "selector" -> selector = emptyToNull(text());
                case "result" -> result = word("DKIM result", text());
                case "human_result" -> human = emptyToNull(text());
                default -> skip();
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

    private io.ruaflow.parser.SpfAuthResult spfResult() throws XMLStreamException, InputRejected {
        String domain = null, scope = null, result = null, human = null;
        int resultDepth = depth;
        while (nextChild(resultDepth)) {
            switch (xml.getLocalName()) {
                case "domain" -> domain = domain(text());
                case "scope" -> scope = emptyToNull(word("SPF scope", text()));
                case "result" -> result = word("SPF result", text());
                case "human_result" -> human = emptyToNull(text());
                default -> skip();
            }
        }
        if (scope == null) {
            warnings.add("spf-scope", "an SPF result has no scope (first: domain " + domain + ")");
        }
        if (result == null || result.isEmpty()) {
            warnings.add("spf-result", "an SPF result has no result; recorded as none (first: domain " + domain + ")");
            result = "none";
        }
        return new io.ruaflow.parser.SpfAuthResult(domain, scope, result, human);
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
        messageCount += record.count();
        if (header == null && metadataSeen && policy != null) {
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
            if (!metadataSeen) {
                throw InputRejected.because("not a usable report: no <report_metadata>");
            }
            if (policy == null) {
                throw InputRejected.because("not a usable report: no <policy_published>");
            }
            emitHeader();
        }
        if (buffered != null) {
            while (!buffered.isEmpty()) {
                deliver(buffered.poll());
            }
        }
        return new PendingReport(header, recordCount, messageCount, warnings);
    }

    private void emitHeader() throws InputRejected {
        header = buildHeader();
        try {
            handler.header(header);
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }

    private ReportHeader buildHeader() throws InputRejected {
        if (policy.domain() == null || policy.domain().isEmpty()) {
            throw InputRejected.because("not a usable report: <policy_published> has no <domain>");
        }
        String cleanEmail = cleanEmail(email);
        String org = orgName == null ? "" : orgName.trim();
        if (org.isEmpty()) {
            String emailDomain = cleanEmail == null ? null : domainOf(cleanEmail);
            if (emailDomain != null) {
                warnings.add("empty <org_name>: the domain of <email> (" + emailDomain + ") is used instead");
                org = emailDomain;
            } else {
                warnings.add("empty <org_name> and no usable <email>: the reporter is unknown");
                org = null;
            }
        }
        Instant from = instant("begin", begin);
        Instant to = instant("end", end);
        if (from.isAfter(to)) {
            warnings.add("date_range begin is after end; the two were swapped");
            Instant swap = from;
            from = to;
            to = swap;
        }
        Duration period = Duration.between(from, to);
        if (period.compareTo(LONG_PERIOD) > 0) {
            warnings.add("the date range covers " + period.toHours() + " hours; reports should cover at most a day");
        }
        String id = cleanReportId(reportId, org, from, to);
        ReportSchema schema = schema();
        return new ReportHeader(
                ReportUid.of(org, id, policy.domain()),
                org,
                cleanEmail,
                extraContactInfo,
                id,
                from,
                to,
                errors,
                generator,
                schema,
                policy,
                source);
    }

    private ReportSchema schema() {
        boolean bisMarkers = policy.np() != null
                || policy.testing() != null
                || policy.discoveryMethod() != null
                || generator != null;
        if (NS_RFC9990.equals(namespace) || bisMarkers || (version != null && version.startsWith("2"))) {
            if (namespace == null) {
                warnings.add("an RFC 9990 report without the " + NS_RFC9990 + " namespace");
            } else if (!NS_RFC9990.equals(namespace)) {
                warnings.add("unexpected namespace " + namespace + " on <feedback> was ignored");
            }
            return ReportSchema.RFC9990;
        }
        if (namespace != null && !NS_RFC7489.equals(namespace)) {
            warnings.add("unexpected namespace " + namespace + " on <feedback> was ignored");
        }
        if (version == null || version.isEmpty()) {
            warnings.add("no <version>: read as a pre-RFC draft report");
            return ReportSchema.DRAFT;
        }
        if (version.toLowerCase(Locale.ROOT).contains("draft")) {
            return ReportSchema.DRAFT;
        }
        return ReportSchema.RFC7489;
    }

    private String cleanReportId(String raw, String org, Instant from, Instant to) {
        String id = raw == null ? "" : raw.trim();
        if (id.length() > 1 && id.startsWith("<") && id.endsWith(">")) {
            warnings.add("<report_id> " + id + " was wrapped in <...>: the brackets were removed");
            id = id.substring(1, id.length() - 1).trim();
        }
        int at = id.indexOf('@');
        if (at > 0) {
            warnings.add("<report_id> " + id + " carried @host: the host part was removed");
            id = id.substring(0, at);
        }
        if (id.isEmpty()) {
            id = org + "!" + policy.domain() + "!" + from.getEpochSecond() + "!" + to.getEpochSecond();
            warnings.add("empty <report_id>: " + id + " is used instead");
        }
        return id;
    }

    private Instant instant(String field, String value) throws InputRejected {
        if (value == null || value.isEmpty()) {
            throw InputRejected.because("not a usable report: no <date_range> <" + field + ">");
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException notWhole) {
            // try the sloppy forms below
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            warnings.add("fractional-date", "fractional date " + value + " was truncated to whole seconds");
            return Instant.ofEpochSecond(seconds.longValue());
        } catch (NumberFormatException | ArithmeticException notDecimal) {
            // try ISO-8601
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            warnings.add("iso-date", "date " + value + " was given as text instead of epoch seconds");
            return instant;
        } catch (DateTimeParseException notIso) {
            throw InputRejected.because("not a usable report: <date_range> <" + field + "> is not a time: " + value);
        }
    }

    private long count(String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            try {
                long n = new BigDecimal(value).longValueExact();
                warnings.add("count-decimal", "<count> " + value + " was not a whole number as written");
                return Math.max(n, 0);
            } catch (NumberFormatException | ArithmeticException notNumber) {
                // fall through
            }
        }
        warnings.add("bad-count", "<count> '" + value + "' is not a message count; 0 was used");
        return 0;
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

    private static String cleanEmail(String value) {
        if (value == null) {
            return null;
        }
        String e = value.trim();
        if (e.regionMatches(true, 0, "mailto:", 0, 7)) {
            e = e.substring(7);
        }
        if (e.startsWith("<") && e.endsWith(">")) {
            e = e.substring(1, e.length() - 1).trim();
        }
        return e.isEmpty() ? null : e;
    }

    private static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        String domain = (at >= 0 ? email.substring(at + 1) : email).trim().toLowerCase(Locale.ROOT);
        return domain.isEmpty() || domain.indexOf('.') < 0 ? null : domain;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    // ---- StAX plumbing -------------------------------------------------------------------------------------

    private int next() throws XMLStreamException, InputRejected {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
            depth++;
            if (depth > limits.maxXmlDepth()) {
                throw InputRejected.overLimit(
                        "MAX_XML_DEPTH",
                        limits.maxXmlDepth(),
                        "XML elements are nested more than " + limits.maxXmlDepth() + " deep");
            }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
            depth--;
        } else if (event == XMLStreamConstants.DTD) {
            throw InputRejected.because(XmlReportReader.DOCTYPE_REFUSED);
        }
        return event;
    }

    /** Advances to the next child element of the element at {@code parentDepth}; false at its end tag. */
    private boolean nextChild(int parentDepth) throws XMLStreamException, InputRejected {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT && depth < parentDepth) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", xml.getLocation());
            }
        }
    }

    /** The trimmed text of the current element; child elements inside it are skipped. */
    private String text() throws XMLStreamException, InputRejected {
        // Most elements hold one text event: make the string straight from the parser's buffer.
        String single = null;
        StringBuilder sb = null;
        int elementDepth = depth;
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    char[] chars = xml.getTextCharacters();
                    int start = xml.getTextStart();
                    int length = xml.getTextLength();
                    if (single == null && sb == null) {
                        single = trimmed(chars, start, length);
                        if (single.length() != length) {
                            // Trimmed: keep the untrimmed text in case more follows.
                            sb = text;
                            sb.setLength(0);
                            sb.append(chars, start, length);
                            single = null;
                        }
                    } else {
                        if (sb == null) {
                            sb = text;
                            sb.setLength(0);
                            sb.append(single);
                            single = null;
                        }
                        sb.append(chars, start, length);
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> skip();
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth < elementDepth) {
                        if (sb != null) {
                            return trim(sb);
                        }
                        return single == null ? "" : single;
                    }
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException(
                        "unexpected end of document", xml.getLocation());
                default -> {}
            }
        }
    }

    private static String trim(StringBuilder sb) {
        int start = 0;
        int end = sb.length();
        while (start < end && sb.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && sb.charAt(end - 1) <= ' ') {
            end--;
        }
        return start == end ? "" : sb.substring(start, end);
    }

    private static String trimmed(char[] chars, int start, int length) {
        int from = start;
        int to = start + length;
        while (from < to && chars[from] <= ' ') {
            from++;
        }
        while (to > from && chars[to - 1] <= ' ') {
            to--;
        }
        return new String(chars, from, to - from);
    }

    /** Skips the current element and everything inside it. */
    private void skip() throws XMLStreamException, InputRejected {
        int elementDepth = depth;
        while (depth >= elementDepth) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", xml.getLocation());
            }
        }
    }

    private static final class RecordBuilder {
        String sourceIp;
        long count;
        boolean countSeen;
        String disposition;
        String dkim;
        String spf;
        final List<OverrideReason> reasons = new ArrayList<>(1);
        String envelopeTo;
        String envelopeFrom;
        String headerFrom;
        final List<DkimAuthResult> dkimResults = new ArrayList<>(2);
        final List<io.ruaflow.parser.SpfAuthResult> spfResults = new ArrayList<>(1);

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
