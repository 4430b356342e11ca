package io.ruaflow.store.internal;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.SpfAuthResult;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.SourceDetail;
import io.ruaflow.store.SourceDetail.Breakdown;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoredRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link SourceDetail} from a source's stored records: breakdowns on the same day basis as the counts. */
final class SourceDetails {
    private static final String NONE = "(none)";

    private SourceDetails() {}

    static SourceDetail of(
            String domain,
            String ip,
            DateRange range,
            SourceRow row,
            long total,
            List<StoredRecord> records,
            Map<LocalDate, long[]> byDay) {
        Tally headerFrom = new Tally();
        Tally envelopeFrom = new Tally();
        Tally dkim = new Tally();
        Tally spf = new Tally();
        Tally reporters = new Tally();
        List<StoredRecord> listed = new ArrayList<>();
        StoredRecord latest = null;
        long used = 0;
        for (StoredRecord record : records) {
            long messages = 0;
            LocalDate first = null;
            LocalDate last = null;
            for (DaySplit.DayShare share :
                    DaySplit.split(record.begin(), record.end(), record.record().count())) {
                if (!share.day().isBefore(range.from()) && !share.day().isAfter(range.to())) {
                    messages += share.messages();
                    first = first == null ? share.day() : first;
                    last = share.day();
                }
            }
            if (messages == 0) {
                continue;
            }
            used++;
            long fail = record.enrichment().dmarcPass() ? 0 : messages;
            Seen seen = new Seen(messages, fail, first, last);
            headerFrom.add(orNone(record.record().headerFrom()), seen);
            envelopeFrom.add(orNone(record.record().envelopeFrom()), seen);
            reporters.add(orNone(record.orgName()), seen);
            if (record.record().dkimResults().isEmpty()) {
                dkim.add("(no DKIM signature)", seen);
            }
            for (DkimAuthResult result : record.record().dkimResults()) {
                dkim.add(
                        orNone(result.domain()) + " selector " + orNone(result.selector()) + ": "
                                + orNone(result.result()),
                        seen);
            }
            if (record.record().spfResults().isEmpty()) {
                spf.add("(no SPF result)", seen);
            }
            for (SpfAuthResult result : record.record().spfResults()) {
                spf.add(
                        orNone(result.domain()) + (result.scope() == null ? "" : " (" + result.scope() + ")") + ": "
                                + orNone(result.result()),
                        seen);
            }
            if (listed.size() < SourceDetail.LISTED_RECORDS) {
                listed.add(record);
            }
            if (latest == null || FRESHEST.compare(record, latest) > 0) {
                latest = record;
            }
        }
        List<DailyVolume> daily = new ArrayList<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            long[] v = byDay.getOrDefault(day, new long[4]);
            daily.add(new DailyVolume(day, v[0], v[1], v[0] - v[1], v[2], v[3]));
        }
        return new SourceDetail(
                domain,
                ip,
                range,
                row,
                latest == null ? null : latest.enrichment().serviceType(),
                latest == null ? null : latest.enrichment().checkedAt(),
                latest == null ? row.dkimKeys() : latest.enrichment().dkimKeys(),
                daily,
                headerFrom.rows(),
                envelopeFrom.rows(),
                dkim.rows(),
                spf.rows(),
                reporters.rows(),
                total,
                Math.max(0, total - used),
                listed);
    }

    /** The same order as {@code enrich_key}: check time, then report uid, then position. */
    private static final Comparator<StoredRecord> FRESHEST = Comparator.comparingLong(
                    (StoredRecord r) -> r.enrichment().checkedAt() == null
                            ? 0
                            : r.enrichment().checkedAt().toEpochMilli())
            .thenComparing(StoredRecord::reportUid)
            .thenComparingLong(StoredRecord::position);

    private static String orNone(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }

    private record Seen(long messages, long fail, LocalDate first, LocalDate last) {}

    private static final class Tally {
        private final Map<String, Breakdown> byValue = new LinkedHashMap<>();

        void add(String value, Seen seen) {
            byValue.merge(
                    value,
                    new Breakdown(value, seen.messages(), seen.fail(), seen.first(), seen.last()),
                    (a, b) -> new Breakdown(
                            value,
                            a.messages() + b.messages(),
                            a.dmarcFail() + b.dmarcFail(),
                            min(a.firstDay(), b.firstDay()),
                            max(a.lastDay(), b.lastDay())));
        }

        List<Breakdown> rows() {
            return byValue.values().stream()
                    .sorted(Comparator.comparingLong(Breakdown::messages)
                            .reversed()
                            .thenComparing(Breakdown::value))
                    .toList();
        }

        private static LocalDate min(LocalDate a, LocalDate b) {
            return a.isBefore(b) ? a : b;
        }

        private static LocalDate max(LocalDate a, LocalDate b) {
            return a.isAfter(b) ? a : b;
        }
    }
}
