package io.ruaflow.enricher.dns;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Values each kept until a deadline on the {@link DnsClient}'s clock: the client's own answers, until their TTL
 * runs out, and values computed from answers (an SPF result, a reverse-DNS outcome), until the first answer they
 * were computed from leaves the client's cache ({@link DnsAnswer#validUntilNanos()}), so that such a value is never
 * staler than asking again would be. Bounded like the client's cache, least recently used dropped first. Safe for
 * concurrent use. Internal to the enricher.
 */
public final class ExpiringCache<V> {
    private record Entry<V>(V value, long validUntilNanos) {}

    private final LongSupplier nanoTime;
    private final Map<String, Entry<V>> entries;

    /** Values computed from {@code dns}'s answers: its clock, its cache's size. */
    public ExpiringCache(DnsClient dns) {
        this(dns.settings().cacheSize(), dns::nanoTime);
    }

    ExpiringCache(int capacity, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.entries = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
                return size() > capacity;
            }
        });
    }

    /** The value kept for {@code key} if it is still valid, else null. */
    public V get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (DnsAnswer.isBefore(nanoTime.getAsLong(), entry.validUntilNanos())) {
            return entry.value();
        }
        entries.remove(key, entry);
        return null;
    }

    /** Keeps {@code value} until {@code validUntilNanos} (nothing if that has passed); returns it. */
    public V put(String key, V value, long validUntilNanos) {
        if (DnsAnswer.isBefore(nanoTime.getAsLong(), validUntilNanos)) {
            entries.put(key, new Entry<>(value, validUntilNanos));
        }
        return value;
    }

    void clear() {
        entries.clear();
    }

    /** The earlier of two {@link DnsAnswer#validUntilNanos()}. */
    public static long earlier(long a, long b) {
        return DnsAnswer.isBefore(a, b) ? a : b;
    }
}
