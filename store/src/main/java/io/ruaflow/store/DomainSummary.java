package io.ruaflow.store;

import java.util.List;
import java.util.Map;

/**
 * One domain's totals over a range. {@code dispositions} maps none/quarantine/reject/pass to message counts;
 * {@code reporters} is sorted by messages, largest first.
 */
public record DomainSummary(
        String domain,
        DateRange range,
        long reports,
        long messages,
        long dmarcPass,
        long dmarcFail,
        long spfAligned,
        long dkimAligned,
        Map<String, Long> dispositions,
        List<ReporterVolume> reporters) {

    public DomainSummary {
        dispositions = Map.copyOf(dispositions);
        reporters = List.copyOf(reporters);
    }
}
