package io.ruaflow.parser.internal;

import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report's metadata and policy exactly as read, and how they become a clean {@link ReportHeader}: org name from
 * the email domain when empty, report id cleaned, dates parsed leniently, schema detected as STANDARDS.md says.
 */
final class HeaderFields {
    /** The earliest report period accepted: nothing was reported before the epoch. */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The latest report period accepted, the end of year 9999, so that day arithmetic never leaves the calendar. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** The longest date text read; longer is not a time. */
    static final int MAX_DATE_CHARS = 64;
    /** Seconds beyond any accepted date, used to keep a huge value from overflowing before it is refused. */
    private static final long OUT_OF_RANGE = LATEST.getEpochSecond() + 1;

    static final String NS_RFC7489 = "http://dmarc.org/dmarc-xml/0.1";
    static final String NS_RFC9990 = "urn:ietf:params:xml:ns:dmarc-2.0";

    /** A report covering more than this is flagged: reporters should cover at most a day. */
    static final Duration LONG_PERIOD = Duration.ofHours(48);

    String namespace;
    String version;
    boolean metadataSeen;
    String orgName;
    String email;
    String extraContactInfo;
    String reportId;
    String begin;
    String end;
    final List<String> errors = new ArrayList<>();
    String generator;
    PolicyPublished policy;

    private Warnings warnings;

    /**
     * The clean header; recoveries are added to {@code warnings}. Needs the metadata and policy read.
     * {@code recordsDomain}, the {@code header_from} the records name (null if none does), stands in for a missing
     * policy domain; the caller refuses the report if its records disagree.
     */
    ReportHeader build(ReportSource source, Warnings warnings, String recordsDomain) throws InputRejected {
        this.warnings = warnings;
        if (policy.domain() == null || policy.domain().isEmpty()) {
            if (recordsDomain == null) {
                throw InputRejected.because(
                        "not a usable report: <policy_published> has no <domain> and no record names a <header_from>");
            }
            warnings.add("<policy_published> has no <domain>: " + recordsDomain
                    + ", the <header_from> of its records, is used");
            policy = new PolicyPublished(
                    recordsDomain,
                    policy.p(),
                    policy.sp(),
                    policy.np(),
                    policy.adkim(),
                    policy.aspf(),
                    policy.pct(),
                    policy.fo(),
                    policy.testing(),
                    policy.discoveryMethod());
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
        Instant instant = anyInstant(field, value);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw InputRejected.because("not a usable report: <date_range> <" + field + "> " + value + " is outside "
                    + EARLIEST + ".." + LATEST);
        }
        return instant;
    }

    private Instant anyInstant(String field, String value) throws InputRejected {
        if (value == null || value.isEmpty()) {
            throw InputRejected.because("not a usable report: no <date_range> <" + field + ">");
        }
        if (value.length() > MAX_DATE_CHARS) {
            throw InputRejected.because("not a usable report: <date_range> <" + field + "> is not a time: "
                    + value.substring(0, MAX_DATE_CHARS) + "…");
        }
        try {
            return Instant.ofEpochSecond(Math.max(Math.min(Long.parseLong(value), OUT_OF_RANGE), -OUT_OF_RANGE));
        } catch (NumberFormatException notWhole) {
            // try the sloppy forms below
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            warnings.add("fractional-date", "fractional date " + value + " was truncated to whole seconds");
            return Instant.ofEpochSecond(seconds.max(BigDecimal.valueOf(-OUT_OF_RANGE))
                    .min(BigDecimal.valueOf(OUT_OF_RANGE))
                    .longValue());
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
}
