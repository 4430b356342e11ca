package io.ruaflow.ingest.sink;

import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoreUnavailableException;
import io.ruaflow.store.StoredDomain;
import io.ruaflow.store.WeeklyData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An idempotent in-memory store for the sink's own tests, which need to switch the store off and on at will and
 * count write attempts; the real stores are exercised by the end-to-end tests. Only the write side and totals work.
 */
public final class MemoryStore implements ReportStore {
    private final Map<String, Map<Long, EnrichedRecord>> records = new HashMap<>();
    private final Map<String, ReportCompleted> completed = new HashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final Set<String> writingThreads = ConcurrentHashMap.newKeySet();
    private final List<String> earlyCompletions = new ArrayList<>();
    private volatile boolean down;
    private volatile String refuseUid;

    public void down(boolean isDown) {
        this.down = isDown;
    }

    /** Every write containing a record of this report fails as if the store refused its content. */
    public void refuse(String reportUid) {
        this.refuseUid = reportUid;
    }

    public int writeAttempts() {
        return writes.get();
    }

    /** The names of the threads that wrote. */
    public Set<String> writingThreads() {
        return Set.copyOf(writingThreads);
    }

    /** Reports whose completion was written while some of their records were not yet stored. */
    public synchronized List<String> earlyCompletions() {
        return List.copyOf(earlyCompletions);
    }

    @Override
    public synchronized void write(List<RecordsMessage> batch) {
        writes.incrementAndGet();
        writingThreads.add(Thread.currentThread().getName());
        if (down) {
            throw new StoreUnavailableException("memory store switched off", null);
        }
        for (RecordsMessage message : batch) {
            if (message.reportUid().equals(refuseUid)) {
                throw new IllegalArgumentException("refused report " + refuseUid);
            }
        }
        for (RecordsMessage message : batch) {
            if (message instanceof EnrichedRecord record) {
                records.computeIfAbsent(record.reportUid(), uid -> new HashMap<>())
                        .put(record.position(), record);
            } else if (message instanceof ReportCompleted report) {
                if (records.getOrDefault(report.reportUid(), Map.of()).size() < report.recordCount()) {
                    earlyCompletions.add(report.reportUid());
                }
                completed.put(report.reportUid(), report);
            }
        }
    }

    public synchronized long messages() {
        return records.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(r -> r.record().count())
                .sum();
    }

    public synchronized int reports() {
        return completed.size();
    }

    @Override
    public synchronized boolean containsReport(String reportUid) {
        return completed.containsKey(reportUid);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}

    @Override
    public List<DomainOverview> domains(DateRange range) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainSummary summary(String domain, DateRange range) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SourceRow> sources(String domain, DateRange range, SourceQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long sourceCount(String domain, DateRange range, SourceQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Optional<io.ruaflow.store.SourceDetail> sourceDetail(
            String domain, String sourceIp, DateRange range) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<io.ruaflow.store.StoredRecord> reportRecords(String reportUid, long offset, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DailyVolume> timeseries(String domain, DateRange range) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WeeklyData weekly(String domain, String isoWeek) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ReportInfo> reports(String domain, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ReportInfo> report(String reportUid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<StoredDomain> storedDomains() {
        throw new UnsupportedOperationException();
    }
}
