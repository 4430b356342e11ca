package io.ruaflow.api.weekly;

import io.ruaflow.api.weekly.WeeklyReport.Readiness;
import io.ruaflow.api.weekly.WeeklyReport.Verdict;
import io.ruaflow.parser.DmarcRecord;
import io.ruaflow.parser.posture.DomainPosture;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The exact DMARC TXT record for the next policy step: the live record's tags with {@code p} moved on and
 * {@code pct} (removed in RFC 9989) dropped, everything else (rua, sp, adkim, ...) kept as published.
 */
final class NextRecord {
    private NextRecord() {}

    /** Null unless the verdict is ready and the live DMARC record is known. */
    static String of(String domain, Readiness readiness, DomainPosture posture) {
        if (readiness.verdict() != Verdict.READY
                || readiness.nextPolicy() == null
                || posture == null
                || posture.dmarcRecord() == null) {
            return null;
        }
        String next = readiness.nextPolicy().trim().toLowerCase(Locale.ROOT);
        if (!next.startsWith("p=")) {
            return null;
        }
        String p = next.substring(2).split(" ")[0];
        DmarcRecord live = DmarcRecord.parse(posture.dmarcRecord());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("v", "DMARC1");
        tags.put("p", p);
        for (Map.Entry<String, String> tag : live.tags().entrySet()) {
            if (!tag.getKey().equals("v")
                    && !tag.getKey().equals("p")
                    && !tag.getKey().equals("pct")) {
                tags.put(tag.getKey(), tag.getValue());
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(tag.getKey()).append('=').append(tag.getValue());
        }
        return "_dmarc." + domain + ". IN TXT \"" + text + "\"";
    }
}
