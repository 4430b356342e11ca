package io.ruaflow.store;

import com.fasterxml.jackson.annotation.JsonValue;
import com.google.common.net.InetAddresses;
import io.ruaflow.parser.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sources grouped so that one provider or one botnet is one line: by sending service, by PTR base domain, or by
 * network (/24 for IPv4, /48 for IPv6). Counts are summed over the members; {@code sourceIps} lists at most
 * {@link #MAX_MEMBERS} of them, largest first, and {@code sourceIpsOmitted} says how many more there are.
 */
public record SourceGroup(
        By by,
        String key,
        int sources,
        long messages,
        long dmarcPass,
        long dmarcFail,
        long partial,
        List<String> sourceIps,
        int sourceIpsOmitted) {

    /** The most member IPs a group lists. */
    public static final int MAX_MEMBERS = 100;
    /** The key of the members that have no value to group by (no service, no PTR). */
    public static final String NONE = "(none)";

    public SourceGroup {
        sourceIps = List.copyOf(sourceIps);
    }

    /** What to group by, as the API names it. */
    public enum By {
        SERVICE,
        PTR,
        NET;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return wireName();
        }

        /** @throws IllegalArgumentException naming the value and the choices */
        public static By fromName(String name) {
            for (By by : values()) {
                if (by.wireName().equalsIgnoreCase(name)) {
                    return by;
                }
            }
            throw new IllegalArgumentException("group must be one of service, ptr, net: " + name);
        }
    }

    /** Groups sources (in the order given, largest first), groups sorted by messages, largest first, then key. */
    public static List<SourceGroup> group(List<SourceRow> rows, By by) {
        Map<String, List<SourceRow>> members = new LinkedHashMap<>();
        for (SourceRow row : rows) {
            members.computeIfAbsent(keyOf(row, by), k -> new ArrayList<>()).add(row);
        }
        List<SourceGroup> groups = new ArrayList<>(members.size());
        for (Map.Entry<String, List<SourceRow>> e : members.entrySet()) {
            List<SourceRow> list = e.getValue();
            long messages = 0;
            long pass = 0;
            long fail = 0;
            long partial = 0;
            List<String> ips = new ArrayList<>();
            for (SourceRow row : list) {
                messages += row.messages();
                pass += row.dmarcPass();
                fail += row.dmarcFail();
                partial += row.partial();
                if (ips.size() < MAX_MEMBERS) {
                    ips.add(row.sourceIp());
                }
            }
            groups.add(new SourceGroup(
                    by, e.getKey(), list.size(), messages, pass, fail, partial, ips, list.size() - ips.size()));
        }
        groups.sort(Comparator.comparingLong(SourceGroup::messages).reversed().thenComparing(SourceGroup::key));
        return groups;
    }

    static String keyOf(SourceRow row, By by) {
        String key =
                switch (by) {
                    case SERVICE -> row.service();
                    case PTR -> row.ptrBaseDomain();
                    case NET -> network(row.sourceIp());
                };
        return key == null || key.isBlank() ? NONE : key;
    }

    /** {@code 192.0.2.0/24} or {@code 2001:db8:1::/48}; text that is no IP address is its own group. */
    static String network(String ip) {
        InetAddress address = IpAddresses.parse(ip);
        if (address == null) {
            return ip;
        }
        byte[] bytes = address.getAddress();
        int keep = address instanceof Inet4Address ? 3 : 6;
        for (int i = keep; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(bytes)) + "/" + keep * 8;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }
}
