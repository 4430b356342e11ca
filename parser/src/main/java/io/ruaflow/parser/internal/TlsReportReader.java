package io.ruaflow.parser.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.TlsFailureDetail;
import io.ruaflow.parser.TlsPolicy;
import io.ruaflow.parser.TlsReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one SMTP TLS report (RFC 8460 JSON) leniently: keys in any case and with {@code _} for {@code -}, counts as
 * numbers or numeric strings, {@code mx-host} and {@code policy-string} as a string or a list, dates with or
 * without a zone, a missing {@code policies} or {@code organization-name}; each recovery is a warning of the report.
 * Refused: JSON that is not an object, a report without {@code report-id} or date range, anything over the limits
 * below. JSON of another kind (no TLS report key at all) is {@linkplain InputRejected#notAReport not a report}.
 */
public final class TlsReportReader implements KindReader {
    /** The largest TLS report read (decompressed); real ones are a few kilobytes. */
    public static final int MAX_TLS_REPORT_BYTES = 16 << 20;
    /** Policies in one report. */
    public static final int MAX_TLS_POLICIES = 10_000;
    /** Failure details in one policy. */
    public static final int MAX_TLS_FAILURE_DETAILS = 100_000;
    /** JSON nesting depth; a TLS report nests 5 deep. */
    public static final int MAX_TLS_JSON_DEPTH = 32;
    /** The largest session count believed; above it the count is kept as 0 with a warning. */
    public static final long MAX_SESSION_COUNT = ParserLimits.MAX_RECORD_COUNT;
    /** The longest text value kept; longer ones are cut with a warning. */
    public static final int MAX_TLS_TEXT_CHARS = 4_096;

    /** Keys of which at least one must be present for JSON to be taken for a TLS report. */
    private static final List<String> REPORT_KEYS =
            List.of("report-id", "policies", "organization-name", "date-range", "contact-info");

    /** Made on first use: most inputs hold no TLS report, and a mapper is slow to make. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_TLS_JSON_DEPTH)
                                .maxStringLength(MAX_TLS_REPORT_BYTES)
                                .build())
                        .build())
                .build();
    }

    @Override
    public TlsReport read(InputStream in, ReportSource source, List<String> context) throws IOException {
        byte[] bytes = in.readNBytes(MAX_TLS_REPORT_BYTES + 1);
        if (bytes.length > MAX_TLS_REPORT_BYTES) {
            throw InputRejected.overLimit(
                    "MAX_TLS_REPORT_BYTES",
                    MAX_TLS_REPORT_BYTES,
                    "the SMTP TLS report is larger than " + MAX_TLS_REPORT_BYTES + " bytes");
        }
        return parse(bytes, source, context);
    }

    /** Reads the report in {@code bytes} (UTF-8 JSON, an optional byte order mark). */
    public static TlsReport parse(byte[] bytes, ReportSource source, List<String> context) throws InputRejected {
        Warnings warnings = new Warnings();
        warnings.addAll(context);
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw InputRejected.overLimit(
                        "MAX_TLS_JSON_DEPTH",
                        MAX_TLS_JSON_DEPTH,
                        "the SMTP TLS report nests JSON more than " + MAX_TLS_JSON_DEPTH + " deep");
            }
            throw InputRejected.because("the SMTP TLS report is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw InputRejected.notAReport("JSON that is not an SMTP TLS report (not an object)");
        }
        Map<String, JsonNode> report = keys(root, "the report", warnings);
        if (REPORT_KEYS.stream().noneMatch(report::containsKey)) {
            throw InputRejected.notAReport("JSON that is not an SMTP TLS report (none of " + REPORT_KEYS + ")");
        }
        String reportId = text(report.get("report-id"), "report-id", warnings);
        if (reportId == null) {
            throw InputRejected.because("the SMTP TLS report has no report-id");
        }
        String contact = text(report.get("contact-info"), "contact-info", warnings);
        String organization = text(report.get("organization-name"), "organization-name", warnings);
        if (organization == null) {
            organization = contact != null && contact.contains("@")
                    ? contact.substring(contact.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT)
                    : "unknown";
            warnings.add("the report has no organization-name; " + organization + " is used");
        }
        JsonNode range = report.get("date-range");
        if (range == null || !range.isObject()) {
            throw InputRejected.because("the SMTP TLS report " + reportId + " has no date-range");
        }
        Map<String, JsonNode> dates = keys(range, "date-range", warnings);
        Instant begin = instant(dates.get("start-datetime"), "start-datetime", reportId);
        Instant end = instant(dates.get("end-datetime"), "end-datetime", reportId);
        if (end.isBefore(begin)) {
            warnings.add("end-datetime " + end + " is before start-datetime " + begin + "; they are swapped");
            Instant swap = begin;
            begin = end;
            end = swap;
        }
        List<TlsPolicy> policies = new ArrayList<>();
        JsonNode list = report.get("policies");
        if (list == null || list.isNull()) {
            warnings.add("the report has no policies");
        } else {
            if (!list.isArray()) {
                warnings.add("policies is not a list; read as a list of one");
            }
            Iterable<JsonNode> items = list.isArray() ? list : List.of(list);
            for (JsonNode item : items) {
                if (policies.size() >= MAX_TLS_POLICIES) {
                    throw InputRejected.overLimit(
                            "MAX_TLS_POLICIES",
                            MAX_TLS_POLICIES,
                            "the SMTP TLS report has more than " + MAX_TLS_POLICIES + " policies");
                }
                TlsPolicy policy = policy(item, warnings);
                if (policy != null) {
                    policies.add(policy);
                }
            }
            if (policies.isEmpty()) {
                warnings.add("the report has no policies");
            }
        }
        return new TlsReport(
                TlsReport.uidOf(organization, reportId),
                organization,
                contact,
                reportId,
                begin,
                end,
                policies,
                warnings.toList(),
                source);
    }

    private static TlsPolicy policy(JsonNode item, Warnings warnings) throws InputRejected {
        if (!item.isObject()) {
            warnings.add("a policy entry that is not an object was skipped");
            return null;
        }
        Map<String, JsonNode> entry = keys(item, "a policy", warnings);
        JsonNode policyNode = entry.get("policy");
        Map<String, JsonNode> policy =
                policyNode != null && policyNode.isObject() ? keys(policyNode, "policy", warnings) : Map.of();
        String type = text(policy.get("policy-type"), "policy-type", warnings);
        if (type == null) {
            warnings.add("a policy has no policy-type; " + TlsPolicy.NO_POLICY_FOUND + " is assumed");
            type = TlsPolicy.NO_POLICY_FOUND;
        } else {
            type = type.toLowerCase(Locale.ROOT).replace('_', '-');
            if (!TlsPolicy.KNOWN_TYPES.contains(type)) {
                warnings.add("unknown policy-type " + type + " kept as sent");
            }
        }
        String domain = text(policy.get("policy-domain"), "policy-domain", warnings);
        if (domain == null) {
            warnings.add("a policy has no policy-domain; it is stored with an empty domain");
            domain = "";
        }
        domain = domain.toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        List<String> strings = texts(policy.get("policy-string"), "policy-string", warnings);
        List<String> mx = texts(policy.get("mx-host"), "mx-host", warnings).stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .toList();
        JsonNode summaryNode = entry.get("summary");
        Map<String, JsonNode> summary =
                summaryNode != null && summaryNode.isObject() ? keys(summaryNode, "summary", warnings) : Map.of();
        if (summary.isEmpty()) {
            warnings.add("a policy for " + domain + " has no summary; its session counts are 0");
        }
        long ok = count(summary.get("total-successful-session-count"), "total-successful-session-count", warnings);
        long failed = count(summary.get("total-failure-session-count"), "total-failure-session-count", warnings);
        List<TlsFailureDetail> details = new ArrayList<>();
        JsonNode detailList = entry.get("failure-details");
        if (detailList != null && !detailList.isNull()) {
            Iterable<JsonNode> items = detailList.isArray() ? detailList : List.of(detailList);
            long detailed = 0;
            for (JsonNode d : items) {
                if (details.size() >= MAX_TLS_FAILURE_DETAILS) {
                    throw InputRejected.overLimit(
                            "MAX_TLS_FAILURE_DETAILS",
                            MAX_TLS_FAILURE_DETAILS,
                            "a policy of the SMTP TLS report has more than " + MAX_TLS_FAILURE_DETAILS
                                    + " failure details");
                }
                TlsFailureDetail detail = detail(d, warnings);
                if (detail != null) {
                    details.add(detail);
                    detailed += detail.failedSessionCount();
                }
            }
            if (detailed > failed) {
                warnings.add("the failure details of " + domain + " count " + detailed
                        + " failed sessions but its summary says " + failed + "; the summary is kept");
            }
        }
        return new TlsPolicy(type, strings, domain, mx, ok, failed, details);
    }

    private static TlsFailureDetail detail(JsonNode node, Warnings warnings) {
        if (!node.isObject()) {
            warnings.add("a failure-details entry that is not an object was skipped");
            return null;
        }
        Map<String, JsonNode> d = keys(node, "failure-details", warnings);
        String result = text(d.get("result-type"), "result-type", warnings);
        if (result == null) {
            warnings.add("a failure detail has no result-type; stored as unknown");
            result = "unknown";
        }
        return new TlsFailureDetail(
                result.toLowerCase(Locale.ROOT),
                text(d.get("sending-mta-ip"), "sending-mta-ip", warnings),
                lower(text(d.get("receiving-mx-hostname"), "receiving-mx-hostname", warnings)),
                text(d.get("receiving-mx-helo"), "receiving-mx-helo", warnings),
                text(d.get("receiving-ip"), "receiving-ip", warnings),
                count(d.get("failed-session-count"), "failed-session-count", warnings),
                text(d.get("additional-information"), "additional-information", warnings),
                text(d.get("failure-reason-code"), "failure-reason-code", warnings));
    }

    /** The object's fields by normalized key (lower case, {@code -} for {@code _}); a warning when one was not. */
    private static Map<String, JsonNode> keys(JsonNode object, String where, Warnings warnings) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) object).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey().trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!key.equals(field.getKey())) {
                warnings.add("key-spelling", "key " + field.getKey() + " in " + where + " read as " + key);
            }
            out.putIfAbsent(key, field.getValue());
        }
        return out;
    }

    private static String text(JsonNode node, String key, Warnings warnings) {
        if (node == null || node.isNull()) {
            return null;
        }
        String value;
        if (node.isValueNode()) {
            value = node.asText();
        } else if (node.isArray() && node.size() > 0 && node.get(0).isValueNode()) {
            warnings.add(key + " is a list; its first value is used");
            value = node.get(0).asText();
        } else {
            warnings.add(key + " is not text; ignored");
            return null;
        }
        value = value.strip();
        if (value.length() > MAX_TLS_TEXT_CHARS) {
            warnings.add(key + " is longer than " + MAX_TLS_TEXT_CHARS + " characters; cut");
            value = value.substring(0, MAX_TLS_TEXT_CHARS);
        }
        return value.isEmpty() ? null : value;
    }

    private static List<String> texts(JsonNode node, String key, Warnings warnings) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            String value = text(item, key, warnings);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private static long count(JsonNode node, String key, Warnings warnings) {
        if (node == null || node.isNull()) {
            warnings.add("missing-" + key, key + " is missing; 0 is used");
            return 0;
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().strip().matches("[0-9]{1,18}")) {
            warnings.add("text-" + key, key + " is text (\"" + node.asText() + "\"); read as a number");
            value = Long.parseLong(node.asText().strip());
        } else {
            warnings.add("bad-" + key, key + " is not a whole number (" + node + "); 0 is used");
            return 0;
        }
        if (value < 0 || value > MAX_SESSION_COUNT) {
            warnings.add("range-" + key, key + " " + value + " is outside 0.." + MAX_SESSION_COUNT + "; 0 is used");
            return 0;
        }
        return value;
    }

    private static Instant instant(JsonNode node, String key, String reportId) throws InputRejected {
        String text = node == null || !node.isValueNode() ? null : node.asText().strip();
        if (text == null || text.isEmpty()) {
            throw InputRejected.because("the SMTP TLS report " + reportId + " has no " + key);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // a zone-less date-time or a bare date: read as UTC
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // a bare date
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw InputRejected.because(
                    "the SMTP TLS report " + reportId + " has a " + key + " that is not a date-time: " + text);
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
