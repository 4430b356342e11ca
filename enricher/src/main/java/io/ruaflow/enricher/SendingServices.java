package io.ruaflow.enricher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        try (InputStream in = SendingServices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the enricher jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("domain,")) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != 3) {
                    throw new IllegalStateException(
                            RESOURCE + " line " + lineNumber + " must be domain,service,type: " + line);
                }
                map.put(
                        fields[0].trim().toLowerCase(java.util.Locale.ROOT),
                        new Service(fields[1].trim(), fields[2].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " could not be read", e);
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
