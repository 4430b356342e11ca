package io.ruaflow.parser.internal;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.FailureReportParser;
import io.ruaflow.parser.IpAddresses;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of one failure report, taken from its ARF fields first, then from the original's headers, then from
 * the receiver's Authentication-Results, then from the report's text; each fallback is a warning.
 */
final class FailureFields {
    /** An address as it appears in headers and fields: the local part is what redaction replaces. */
    static final Pattern ADDRESS = Pattern.compile("(?<![\\w.!#$%&'*+/=?^`{|}~-])([\\w.!#$%&'*+/=?^`{|}~-]+)@"
            + "((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9-]{2,})");
    /** A {@code smtp.mailfrom=} or {@code envelope-from=} before an address, kept when redacting. */
    private static final Pattern KEY_PREFIX = Pattern.compile("(?i)(?:[a-z]+\\.)?[a-z-]+=");
    /** Headers whose {@code x@y} values are message ids, not addresses: never redacted. */
    private static final Pattern ID_HEADER =
            Pattern.compile("(?i)(.*message-id|references|in-reply-to|content-id|thread-index)");

    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)+");
    private static final Pattern TEXT_IP = Pattern.compile("(?i)\\bIP(?: address)?:?\\s+\\[?([0-9A-Fa-f:.]{3,45})");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final InternetHeaders arf;
    private final InternetHeaders original;
    private final String originalHeaderText;
    private final String text;
    private final FailureReport.Format format;
    private final Warnings warnings;
    private final boolean redact;

    FailureFields(
            InternetHeaders arf,
            InternetHeaders original,
            String originalHeaderText,
            String text,
            FailureReport.Format format,
            Warnings warnings,
            boolean redact) {
        this.arf = arf;
        this.original = original;
        this.originalHeaderText = originalHeaderText;
        this.text = text;
        this.format = format;
        this.warnings = warnings;
        this.redact = redact;
    }

    FailureReport build(ReportSource source, MimeMessage report, String normalizedSha256)
            throws MessagingException, InputRejected {
        boolean exim = format == FailureReport.Format.TEXT;
        String authResults = exim ? originalHeader("Authentication-Results") : field("Authentication-Results");
        if (authResults == null && !exim) {
            authResults = originalHeader("Authentication-Results");
        }
        String feedbackType = lower(field("Feedback-Type"));
        if (feedbackType == null) {
            if (!exim) {
                warnings.add("no Feedback-Type: read as auth-failure");
            }
            feedbackType = "auth-failure";
        } else if (!feedbackType.equals("auth-failure")) {
            throw InputRejected.because("not a failure report: an ARF report of Feedback-Type " + feedbackType
                    + " (only auth-failure reports are read)");
        }
        String fromHeader = decoded(originalHeader("From"));
        String reportedDomain = reportedDomain(exim, authResults, fromHeader);
        String mailFrom = angle(exim ? envelopeFromOfReceivedSpf() : field("Original-Mail-From"));
        String reporterEmail = firstAddress(report.getHeader("From", ","));
        String reportMessageId = compact(report.getHeader("Message-ID", null));
        String uid = reportMessageId != null && reporterEmail != null
                ? ReportUid.sha256Hex(("failure\n" + reporterEmail.toLowerCase(Locale.ROOT) + "\n" + reportMessageId)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .substring(0, 32)
                : normalizedSha256.substring(0, 32);
        String messageId = compact(originalHeader("Message-ID"));
        if (messageId == null) {
            messageId = compact(field("Message-ID"));
        }
        return new FailureReport(
                uid,
                source,
                reporterEmail == null ? null : domainOfAddress(reporterEmail),
                reporterEmail,
                format,
                feedbackType,
                cap(field("User-Agent")),
                arrivalDate(exim, report),
                sourceIp(exim),
                reportedDomain,
                authFailures(exim, authResults),
                deliveryResult(exim),
                redacted(cap(authResults)),
                redacted(cap(mailFrom)),
                redacted(cap(rcptTo())),
                redacted(cap(fromHeader)),
                redacted(cap(decoded(originalHeader("To")))),
                cap(decoded(originalHeader("Subject"))),
                cap(messageId),
                dkimDomain(authResults),
                dkimSelector(authResults),
                result(authResults, "dkim"),
                spfDomain(mailFrom, authResults),
                result(authResults, "spf"),
                redactedHeaders(),
                redact,
                warnings.toList(),
                null);
    }

    private String reportedDomain(boolean exim, String authResults, String fromHeader) throws InputRejected {
        String[] values = arf.getHeader(exim ? "X-Text-Sender-Domain" : "Reported-Domain");
        if (values != null && values.length > 0) {
            if (values.length > 1) {
                warnings.add("several Reported-Domain fields: the first, " + values[0].trim() + ", is used");
            }
            String domain = domain(values[0]);
            if (domain != null) {
                return domain;
            }
            warnings.add("Reported-Domain " + values[0].trim() + " is not a domain name");
        }
        String headerFrom = domain(param(authResults, "header.from"));
        if (headerFrom != null) {
            warnings.add("no usable Reported-Domain: " + headerFrom + ", the header.from of the"
                    + " Authentication-Results, is used");
            return headerFrom;
        }
        String fromDomain = fromHeader == null ? null : domain(domainOfAddress(firstAddress(fromHeader)));
        if (fromDomain != null) {
            warnings.add("no usable Reported-Domain: " + fromDomain + ", the domain of the original's From, is used");
            return fromDomain;
        }
        throw InputRejected.because("not a usable failure report: it names no reported domain (no Reported-Domain"
                + " field, no header.from in its Authentication-Results, no From in the original's headers)");
    }

    private Instant arrivalDate(boolean exim, MimeMessage report) throws MessagingException {
        String[] names = exim ? new String[] {"X-Text-Received-date"} : new String[] {"Arrival-Date", "Received-Date"};
        for (String name : names) {
            String value = field(name);
            if (value != null) {
                Instant instant = date(value);
                if (instant != null) {
                    return instant;
                }
                warnings.add(name + " " + value + " is not a date");
            }
        }
        Instant date = date(originalHeader("Date"));
        if (date != null) {
            warnings.add("no usable Arrival-Date: the original's Date is used");
            return date;
        }
        date = date(report.getHeader("Date", null));
        if (date != null) {
            warnings.add("no usable Arrival-Date and no Date in the original: the report's Date is used");
            return date;
        }
        warnings.add("no arrival date anywhere: the time the report was read is used");
        return Instant.now();
    }

    private String sourceIp(boolean exim) {
        String value = field(exim ? "X-Text-Sender-IP-Address" : "Source-IP");
        if (value != null) {
            String ip = ip(value);
            if (ip != null) {
                return ip;
            }
            warnings.add("Source-IP " + value + " is not an IP address");
        }
        if (text != null) {
            Matcher m = TEXT_IP.matcher(text);
            if (m.find() && ip(m.group(1)) != null) {
                warnings.add("no usable Source-IP: the IP in the report's text, " + ip(m.group(1)) + ", is used");
                return ip(m.group(1));
            }
        }
        warnings.add("no usable Source-IP: the source is unknown");
        return null;
    }

    private List<String> authFailures(boolean exim, String authResults) {
        Set<String> failures = new LinkedHashSet<>();
        String[] values = arf.getHeader("Auth-Failure");
        if (values != null) {
            for (String value : values) {
                for (String word : value.split("[,\\s]+")) {
                    if (!word.isBlank()) {
                        failures.add(word.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            return new ArrayList<>(failures);
        }
        if (exim) {
            boolean spfAligned = "yes".equalsIgnoreCase(field("X-Text-SPF-Alignment"));
            boolean dkimAligned = "yes".equalsIgnoreCase(field("X-Text-DKIM-Alignment"));
            if (!spfAligned && !dkimAligned) {
                return List.of("dmarc");
            }
        }
        String dmarc = result(authResults, "dmarc");
        if (!exim) {
            warnings.add("no Auth-Failure field: read as a DMARC failure"
                    + (dmarc == null ? "" : " (Authentication-Results say dmarc=" + dmarc + ")"));
        }
        return List.of("dmarc");
    }

    private String deliveryResult(boolean exim) {
        if (!exim) {
            return lower(field("Delivery-Result"));
        }
        String results = field("X-Text-DMARC-Results");
        if (results == null) {
            return null;
        }
        String action = results.substring(results.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
        return switch (action) {
            case "accept" -> "delivered";
            case "quarantine" -> "spam";
            case "reject" -> "reject";
            default -> action.isEmpty() ? null : action;
        };
    }

    private String rcptTo() {
        String[] values = arf.getHeader("Original-Rcpt-To");
        if (values == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (String value : values) {
            String v = angle(value);
            if (v != null) {
                list.add(v);
            }
        }
        return list.isEmpty() ? null : String.join(", ", list);
    }

    private String dkimDomain(String authResults) {
        String value = domain(field("DKIM-Domain"));
        if (value == null) {
            value = domain(tag(originalHeader("DKIM-Signature"), "d"));
        }
        return value != null ? value : domain(param(authResults, "header.d"));
    }

    private String dkimSelector(String authResults) {
        String value = field("DKIM-Selector");
        if (value == null) {
            value = tag(originalHeader("DKIM-Signature"), "s");
        }
        if (value == null) {
            value = param(authResults, "header.s");
        }
        return value == null || value.isBlank() ? null : cap(value.trim().toLowerCase(Locale.ROOT));
    }

    private static String spfDomain(String mailFrom, String authResults) {
        String domain = mailFrom == null ? null : domain(domainOfAddress(mailFrom));
        if (domain != null) {
            return domain;
        }
        String smtpMailFrom = param(authResults, "smtp.mailfrom");
        return smtpMailFrom == null ? null : domain(domainOfAddress(smtpMailFrom));
    }

    private String envelopeFromOfReceivedSpf() {
        String spf = originalHeader("Received-SPF");
        String value = param(spf, "envelope-from");
        return value == null ? null : value.replace("\"", "");
    }

    private String redactedHeaders() {
        if (!redact) {
            return originalHeaderText;
        }
        StringBuilder out = new StringBuilder(originalHeaderText.length());
        boolean idHeader = false;
        for (String line : originalHeaderText.split("\n", -1)) {
            if (!line.isEmpty() && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                int colon = line.indexOf(':');
                idHeader = colon > 0
                        && ID_HEADER.matcher(line.substring(0, colon).trim()).matches();
            }
            out.append(idHeader ? line : redacted(line)).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private String redacted(String value) {
        if (!redact || value == null) {
            return value;
        }
        return ADDRESS.matcher(value).replaceAll(m -> {
            Matcher key = KEY_PREFIX.matcher(m.group(1));
            String kept = key.lookingAt() ? key.group() : "";
            return Matcher.quoteReplacement(kept + FailureReportParser.REDACTED_LOCAL_PART + "@" + m.group(2));
        });
    }

    private String field(String name) {
        String value = arf.getHeader(name, null);
        if (value == null) {
            return null;
        }
        value = MimeUtility.unfold(value).trim();
        return value.isEmpty() ? null : value;
    }

    private String originalHeader(String name) {
        if (original == null) {
            return null;
        }
        String value = original.getHeader(name, null);
        return value == null ? null : MimeUtility.unfold(value).trim();
    }

    private String cap(String value) {
        if (value == null || value.length() <= FailureReportParser.MAX_FIELD_CHARS) {
            return value;
        }
        warnings.add(
                "a field longer than " + FailureReportParser.MAX_FIELD_CHARS + " characters (MAX_FIELD_CHARS) was cut");
        return value.substring(0, FailureReportParser.MAX_FIELD_CHARS);
    }

    private static String decoded(String value) {
        if (value == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(value.replace("\"=?", "=?").replace("?=\"", "?="));
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return value;
        }
    }

    static Instant date(String value) {
        if (value == null || value.isBlank() || value.length() > HeaderFields.MAX_DATE_CHARS) {
            return null;
        }
        try {
            Date date = new MailDateFormat().parse(value.trim());
            Instant instant = date == null ? null : date.toInstant();
            return instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    static String ip(String value) {
        String token = value.trim().split("[\\s,;()]+", 2)[0];
        if (token.startsWith("[") && token.endsWith("]")) {
            token = token.substring(1, token.length() - 1);
        }
        if (token.regionMatches(true, 0, "IPv6:", 0, 5)) {
            token = token.substring(5);
        }
        return IpAddresses.canonical(token);
    }

    static String domain(String value) {
        if (value == null) {
            return null;
        }
        String d = value.trim().replace("\"", "").toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return DOMAIN.matcher(d).matches() ? d : null;
    }

    /** The value of {@code name=} in an Authentication-Results or Received-SPF header. */
    static String param(String header, String name) {
        if (header == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?i)(?:^|[\\s;(])" + Pattern.quote(name) + "\\s*=\\s*\"?([^\\s;\"()]*)")
                .matcher(header);
        return m.find() && !m.group(1).isEmpty() ? m.group(1) : null;
    }

    /** The result of method {@code name} in an Authentication-Results header ({@code dmarc=fail} gives fail). */
    static String result(String header, String name) {
        return lower(param(header, name));
    }

    /** The value of tag {@code name} in a DKIM-Signature. */
    static String tag(String signature, String name) {
        if (signature == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?:^|;)\\s*" + Pattern.quote(name) + "\\s*=\\s*([^;]*)")
                .matcher(signature);
        return m.find() ? m.group(1).replaceAll("\\s+", "") : null;
    }

    private static String angle(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        return v.isEmpty() ? null : v;
    }

    private static String compact(String value) {
        if (value == null) {
            return null;
        }
        String v = value.replaceAll("\\s+", "");
        return v.isEmpty() ? null : v;
    }

    private static String firstAddress(String header) {
        if (header == null) {
            return null;
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(header, false);
            if (addresses.length > 0 && addresses[0].getAddress() != null) {
                return addresses[0].getAddress();
            }
        } catch (AddressException e) {
            // fall through to the pattern
        }
        Matcher m = ADDRESS.matcher(header);
        return m.find() ? m.group() : null;
    }

    private static String domainOfAddress(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        String domain = at >= 0 ? address.substring(at + 1) : address;
        domain = domain.replace(">", "").trim().toLowerCase(Locale.ROOT);
        return domain.isEmpty() ? null : domain;
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
