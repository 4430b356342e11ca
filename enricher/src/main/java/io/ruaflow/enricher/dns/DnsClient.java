package io.ruaflow.enricher.dns;

import io.ruaflow.enricher.DnsSettings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An asynchronous stub resolver over dnsjava: UDP with TCP fallback on truncation, retries rotating through the
 * configured servers, a bounded cache that keeps answers for their TTL (negative answers for the SOA's negative TTL,
 * temperrors for {@value #TEMPERROR_TTL_SECONDS} s), a single query on the wire per (name, type) however many callers
 * ask at once, and at most {@code maxConcurrentQueries} queries in flight. Futures never complete exceptionally:
 * failures become {@link DnsAnswer.Status#TEMPERROR}. Internal to the enricher.
 */
public final class DnsClient implements AutoCloseable {
    public static final int MAX_CNAME_CHAIN = 8;
    static final long DEFAULT_NEGATIVE_TTL_SECONDS = 300;
    static final long TEMPERROR_TTL_SECONDS = 30;

    private final DnsSettings settings;
    private final List<SimpleResolver> resolvers = new ArrayList<>();
    private final ExecutorService callbacks;
    private final Map<String, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();
    private final ExpiringCache<DnsAnswer> cache;
    private final Semaphore permits;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextServer = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongSupplier nanoTime;

    private record Flight(String cacheKey, String flightKey, CompletableFuture<DnsAnswer> result) {}

    public DnsClient(DnsSettings settings) {
        this(settings, System::nanoTime);
    }

    /** {@code nanoTime} is the clock the cache expires by (tests pass a fake one). */
    DnsClient(DnsSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        for (InetSocketAddress server : settings.servers()) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(settings.timeout());
            resolvers.add(resolver);
        }
        this.callbacks = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ruaflow-dns");
            thread.setDaemon(true);
            return thread;
        });
        this.cache = new ExpiringCache<>(settings.cacheSize(), nanoTime);
        this.permits = new Semaphore(settings.maxConcurrentQueries());
    }

    public DnsSettings settings() {
        return settings;
    }

    /** The clock {@link DnsAnswer#validUntilNanos()} is on. */
    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** Asks for {@code name} (absolute or not; a trailing dot is optional). An unusable name is NXDOMAIN. */
    public CompletableFuture<DnsAnswer> query(String name, int type) {
        Name parsed;
        try {
            parsed = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            // no question is asked: the same name is always unusable
            return CompletableFuture.completedFuture(DnsAnswer.nxdomain()
                    .validUntil(nanoTime.getAsLong() + DEFAULT_NEGATIVE_TTL_SECONDS * 1_000_000_000L));
        }
        return query(parsed, type);
    }

    public CompletableFuture<DnsAnswer> query(Name name, int type) {
        return query(name, type, 0);
    }

    private CompletableFuture<DnsAnswer> query(Name name, int type, int cnameDepth) {
        String key = cacheKey(name, type);
        DnsAnswer cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        // a CNAME loop must not wait for itself: each link of a chain is its own flight
        String flightKey = key + "#" + cnameDepth;
        CompletableFuture<DnsAnswer> fresh = new CompletableFuture<>();
        CompletableFuture<DnsAnswer> existing = inFlight.putIfAbsent(flightKey, fresh);
        if (existing != null) {
            return existing;
        }
        Flight flight = new Flight(key, flightKey, fresh);
        submit(() -> {
            CompletableFuture<Message> sent;
            try {
                sent = attempt(name, type, 0);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((message, failure) -> {
                release();
                try {
                    handle(flight, name, type, cnameDepth, message, failure);
                } catch (RuntimeException e) {
                    finish(flight, DnsAnswer.temperror(name + "/" + Type.string(type) + ": " + e), 0);
                }
            });
        });
        return fresh;
    }

    private void handle(Flight key, Name name, int type, int cnameDepth, Message message, Throwable failure) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            finish(key, DnsAnswer.temperror(name + "/" + Type.string(type) + ": " + cause), TEMPERROR_TTL_SECONDS);
            return;
        }
        int rcode = message.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            finish(key, DnsAnswer.nxdomain(), negativeTtl(message));
            return;
        }
        if (rcode != Rcode.NOERROR) {
            finish(
                    key,
                    DnsAnswer.temperror(name + "/" + Type.string(type) + ": " + Rcode.string(rcode)),
                    TEMPERROR_TTL_SECONDS);
            return;
        }
        List<Record> records = new ArrayList<>();
        Name cnameTarget = null;
        long ttl = Long.MAX_VALUE;
        for (Record record : message.getSection(Section.ANSWER)) {
            if (record.getType() == type) {
                records.add(record);
                ttl = Math.min(ttl, record.getTTL());
            } else if (record instanceof CNAMERecord) {
                cnameTarget = ((CNAMERecord) record).getTarget();
                ttl = Math.min(ttl, record.getTTL());
            }
        }
        if (records.isEmpty() && cnameTarget != null && type != Type.CNAME) {
            if (cnameDepth >= MAX_CNAME_CHAIN) {
                finish(key, DnsAnswer.temperror(name + ": CNAME chain longer than " + MAX_CNAME_CHAIN), 0);
                return;
            }
            long chainTtl = ttl;
            String targetKey = cacheKey(cnameTarget, type);
            query(cnameTarget, type, cnameDepth + 1).thenAccept(answer -> {
                // the alias's answer is the target's: it must not outlive the target's own cache entry
                // (an answer the cache holds says itself until when)
                if (answer.isTempError() || cache.get(targetKey) != answer) {
                    finish(key, answer, 0);
                    return;
                }
                long chainExpiry = nanoTime.getAsLong() + chainTtl * 1_000_000_000L;
                finishUntil(key, answer, ExpiringCache.earlier(answer.validUntilNanos(), chainExpiry));
            });
            return;
        }
        finish(key, DnsAnswer.of(records), records.isEmpty() ? negativeTtl(message) : ttl);
    }

    private void finish(Flight flight, DnsAnswer answer, long ttlSeconds) {
        long now = nanoTime.getAsLong();
        finishUntil(flight, answer, ttlSeconds > 0 ? now + ttlSeconds * 1_000_000_000L : now);
    }

    private void finishUntil(Flight flight, DnsAnswer answer, long expiresAtNanos) {
        boolean cached = expiresAtNanos - nanoTime.getAsLong() > 0 && settings.cacheSize() > 0;
        DnsAnswer stamped = answer.validUntil(cached ? expiresAtNanos : nanoTime.getAsLong());
        if (cached) {
            cache.put(flight.cacheKey(), stamped, expiresAtNanos);
        }
        complete(flight, stamped);
    }

    private void complete(Flight flight, DnsAnswer answer) {
        inFlight.remove(flight.flightKey(), flight.result());
        flight.result().complete(answer);
    }

    private static String cacheKey(Name name, int type) {
        return name.toString().toLowerCase(java.util.Locale.ROOT) + "/" + type;
    }

    private static long negativeTtl(Message message) {
        for (Record record : message.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                return Math.min(record.getTTL(), ((SOARecord) record).getMinimum());
            }
        }
        return DEFAULT_NEGATIVE_TTL_SECONDS;
    }

    private CompletableFuture<Message> attempt(Name name, int type, int attempt) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        SimpleResolver resolver = resolvers.get(Math.floorMod(nextServer.getAndIncrement(), resolvers.size()));
        CompletableFuture<Message> sent;
        try {
            sent = resolver.sendAsync(query, callbacks).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        if (attempt >= settings.retries()) {
            return sent;
        }
        return sent.handle((message, failure) -> {
                    boolean retriable = failure != null || message.getRcode() == Rcode.SERVFAIL;
                    return retriable ? attempt(name, type, attempt + 1) : CompletableFuture.completedFuture(message);
                })
                .thenCompose(f -> f);
    }

    private void submit(Runnable task) {
        waiting.add(task);
        drain();
    }

    private void release() {
        permits.release();
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty() && permits.tryAcquire()) {
            Runnable task = waiting.poll();
            if (task == null) {
                permits.release();
                return;
            }
            task.run();
        }
    }

    /** Drops every cached answer (queries in flight are unaffected). */
    public void clearCache() {
        cache.clear();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            callbacks.shutdownNow();
        }
    }
}
