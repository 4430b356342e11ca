package io.ruaflow.enricher.dns;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values computed from DNS answers (an SPF result, a reverse-DNS outcome), each kept until the first answer it was
 * computed from leaves the {@link DnsClient}'s cache ({@link DnsAnswer#validUntilNanos()}), so it is never staler
 * than asking again would be. Bounded like the client's cache, least recently used dropped first. Safe for
 * concurrent use. Internal to the enricher.
 */
public final class AnswerDerivedCache<V> {
    private record Entry<V>(V value, long validUntilNanos) {}

    private final DnsClient dns;
    private final Map<String, Entry<V>> entries;

    public AnswerDerivedCache(DnsClient dns) {
        this.dns = dns;
        int capacity = dns.settings().cacheSize();
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
        if (DnsAnswer.isBefore(dns.nanoTime(), entry.validUntilNanos())) {
            return entry.value();
        }
        entries.remove(key, entry);
        return null;
    }

    /** Keeps {@code value} until {@code validUntilNanos} (nothing if that has passed); returns it. */
    public V put(String key, V value, long validUntilNanos) {
        if (DnsAnswer.isBefore(dns.nanoTime(), validUntilNanos)) {
            entries.put(key, new Entry<>(value, validUntilNanos));
        }
        return value;
    }

    /** The earlier of two {@link DnsAnswer#validUntilNanos()}. */
    public static long earlier(long a, long b) {
        return DnsAnswer.isBefore(a, b) ? a : b;
    }
}
