package io.ruaflow.enricher;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import io.ruaflow.parser.IpAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ResolverConfig;

/**
 * How the enricher talks to DNS. {@code timeout} bounds one attempt (UDP, and its TCP fallback when the answer is
 * truncated); a query is tried {@code 1 + retries} times, rotating through {@code servers}, before it counts as a
 * temperror. {@code cacheSize} bounds the number of cached answers (positive and negative, each kept for its TTL);
 * {@code maxConcurrentQueries} bounds the queries in flight at once.
 */
public record DnsSettings(
        List<InetSocketAddress> servers, Duration timeout, int retries, int cacheSize, int maxConcurrentQueries) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_CACHE_SIZE = 100_000;
    public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 64;
    public static final int DNS_PORT = 53;

    public DnsSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one DNS server is needed");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNS timeout must be positive: " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("DNS retries must be 0 or more: " + retries);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("DNS cache size must be 0 or more: " + cacheSize);
        }
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException("max concurrent DNS queries must be 1 or more: " + maxConcurrentQueries);
        }
    }

    /** The resolvers the system is configured with (resolv.conf and friends, as dnsjava reads them). */
    public static DnsSettings systemDefault() {
        List<InetSocketAddress> servers =
                new ArrayList<>(ResolverConfig.getCurrentConfig().servers());
        if (servers.isEmpty()) {
            servers.add(new InetSocketAddress(InetAddresses.forString("127.0.0.1"), DNS_PORT));
        }
        return new DnsSettings(
                servers, DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_CACHE_SIZE, DEFAULT_MAX_CONCURRENT_QUERIES);
    }

    /**
     * The system defaults, asking only the server given as {@code HOST:PORT} when it is not null or blank (see
     * {@link #withServer}).
     */
    public static DnsSettings systemDefaultOr(String hostAndPort) {
        return hostAndPort == null || hostAndPort.isBlank()
                ? systemDefault()
                : systemDefault().withServer(hostAndPort);
    }

    /** The system defaults, but asking only {@code server}. */
    public static DnsSettings forServer(InetSocketAddress server) {
        return systemDefault().withServers(List.of(server));
    }

    /**
     * A copy that asks only the server given as {@code HOST:PORT} ({@code 127.0.0.1:5353}, {@code [::1]:53}); the
     * port defaults to 53. The host must be an IP address: the resolver cannot be found through DNS.
     */
    public DnsSettings withServer(String hostAndPort) {
        return withServers(List.of(parseServer(hostAndPort)));
    }

    public DnsSettings withServers(List<InetSocketAddress> newServers) {
        return new DnsSettings(newServers, timeout, retries, cacheSize, maxConcurrentQueries);
    }

    public DnsSettings withTimeout(Duration newTimeout) {
        return new DnsSettings(servers, newTimeout, retries, cacheSize, maxConcurrentQueries);
    }

    public DnsSettings withRetries(int newRetries) {
        return new DnsSettings(servers, timeout, newRetries, cacheSize, maxConcurrentQueries);
    }

    public DnsSettings withCacheSize(int newCacheSize) {
        return new DnsSettings(servers, timeout, retries, newCacheSize, maxConcurrentQueries);
    }

    public DnsSettings withMaxConcurrentQueries(int newMax) {
        return new DnsSettings(servers, timeout, retries, cacheSize, newMax);
    }

    /** Parses {@code HOST:PORT} where HOST is an IP address; the port defaults to 53. */
    public static InetSocketAddress parseServer(String hostAndPort) {
        String problem = "DNS server must look like 127.0.0.1:53 or [::1]:53 (an IP address, optional port): ";
        HostAndPort parsed;
        try {
            parsed = HostAndPort.fromString(hostAndPort.trim()).withDefaultPort(DNS_PORT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem + hostAndPort, e);
        }
        InetAddress address = IpAddresses.parse(parsed.getHost());
        if (address == null) {
            throw new IllegalArgumentException(problem + hostAndPort);
        }
        return new InetSocketAddress(address, parsed.getPort());
    }
}
