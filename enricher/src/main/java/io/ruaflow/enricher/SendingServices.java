package io.ruaflow.enricher;

import io.ruaflow.parser.ResourceCsv;
import java.util.HashMap;
import java.util.Map;

/** The sending-service map in {@code senders.csv}: domain → (service, type), matched on the name or a parent. */
final class SendingServices {
    static final String RESOURCE = "senders.csv";

    record Service(String name, String type) {}

    private final Map<String, Service> byDomain;

    private SendingServices(Map<String, Service> byDomain) {
        this.byDomain = byDomain;
    }

    static SendingServices load() {
        Map<String, Service> map = new HashMap<>();
        for (String[] row : ResourceCsv.read(SendingServices.class, RESOURCE, "domain,service,type")) {
            map.put(row[0].toLowerCase(java.util.Locale.ROOT), new Service(row[1], row[2]));
        }
        return new SendingServices(Map.copyOf(map));
    }

    int size() {
        return byDomain.size();
    }

    /** The service of {@code name} or of its nearest listed parent; null when none is listed. */
    Service find(String name) {
        String n = Domains.normalize(name);
        while (n != null && !n.isEmpty()) {
            Service service = byDomain.get(n);
            if (service != null) {
                return service;
            }
            int dot = n.indexOf('.');
            n = dot < 0 ? null : n.substring(dot + 1);
        }
        return null;
    }
}
