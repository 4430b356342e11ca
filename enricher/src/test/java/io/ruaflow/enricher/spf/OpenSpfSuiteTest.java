package io.ruaflow.enricher.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.net.InetAddresses;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.SpfResult;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.samples.ZoneDnsServer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.yaml.snakeyaml.Yaml;

/**
 * The openspf RFC 7208 test suite, every scenario's zone served by {@link ZoneDnsServer} and every case checked
 * through the real UDP/TCP path. TIMEOUT entries become names that never answer (for types they hold no records
 * of); SPF-type records are served as TXT when the name has no TXT entry, as the suite's drivers do, and never as
 * type 99.
 */
class OpenSpfSuiteTest {
    // Long enough that a loaded CI machine's loopback answer is never mistaken for the suite's TIMEOUT names.
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration CASE_LIMIT = Duration.ofSeconds(20);
    private static ZoneDnsServer server;
    private static Object loadedScenario;
    private static DnsClient client;

    @BeforeAll
    static void startServer() throws IOException {
        server = ZoneDnsServer.start(0);
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @TestFactory
    Stream<DynamicNode> everyCaseOfTheSuitePasses() throws IOException {
        String sharedDir = System.getProperty("ruaflow.shared.dir");
        assumeTrue(sharedDir != null, "ruaflow.shared.dir not set");
        Path suite = Path.of(sharedDir, "spf", "rfc7208-tests.yml");
        assumeTrue(Files.exists(suite), "no " + suite);
        List<DynamicNode> scenarios = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(suite, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml().loadAll(reader)) {
                Map<?, ?> scenario = (Map<?, ?>) document;
                List<DynamicNode> cases = new ArrayList<>();
                Map<?, ?> tests = (Map<?, ?>) scenario.get("tests");
                for (Map.Entry<?, ?> test : tests.entrySet()) {
                    String name = String.valueOf(test.getKey());
                    Map<?, ?> spec = (Map<?, ?>) test.getValue();
                    cases.add(DynamicTest.dynamicTest(
                            name, () -> assertTimeoutPreemptively(CASE_LIMIT, () -> runCase(scenario, name, spec))));
                }
                scenarios.add(DynamicContainer.dynamicContainer(String.valueOf(scenario.get("description")), cases));
            }
        }
        return scenarios.stream();
    }

    private static void runCase(Map<?, ?> scenario, String name, Map<?, ?> spec) throws IOException {
        if (loadedScenario != scenario) {
            load((Map<?, ?>) scenario.get("zonedata"));
            loadedScenario = scenario;
        }
        List<String> accepted = new ArrayList<>();
        Object result = spec.get("result");
        if (result instanceof List) {
            ((List<?>) result).forEach(r -> accepted.add(String.valueOf(r)));
        } else {
            accepted.add(String.valueOf(result));
        }
        SpfResult actual = new SpfEvaluator(client)
                .checkHost(
                        InetAddresses.forString(String.valueOf(spec.get("host"))),
                        null,
                        String.valueOf(spec.get("mailfrom")),
                        String.valueOf(spec.get("helo")));
        assertThat(actual.result()).as("%s: %s", name, actual).isIn(accepted);
        Object explanation = spec.get("explanation");
        if (explanation != null && actual.result().equals("fail")) {
            String expected = String.valueOf(explanation);
            if (expected.equals("DEFAULT")) {
                assertThat(actual.explanation()).as(name).isNull();
            } else {
                assertThat(actual.explanation()).as(name).isEqualTo(expected);
            }
        }
    }

    private static void load(Map<?, ?> zonedata) throws IOException {
        server.clear();
        if (client != null) {
            client.close();
        }
        client = new DnsClient(
                DnsSettings.forServer(server.address()).withTimeout(TIMEOUT).withRetries(0));
        if (zonedata == null) {
            return;
        }
        for (Map.Entry<?, ?> entry : zonedata.entrySet()) {
            Name name;
            try {
                name = Name.fromString(entry.getKey() + ".");
            } catch (TextParseException e) {
                continue;
            }
            Map<String, List<Object>> byType = new LinkedHashMap<>();
            boolean timeout = false;
            for (Object rr : (List<?>) entry.getValue()) {
                if ("TIMEOUT".equals(rr)) {
                    timeout = true;
                    continue;
                }
                for (Map.Entry<?, ?> typed : ((Map<?, ?>) rr).entrySet()) {
                    byType.computeIfAbsent(String.valueOf(typed.getKey()), k -> new ArrayList<>())
                            .add(typed.getValue());
                }
            }
            if (!byType.containsKey("TXT") && byType.containsKey("SPF")) {
                byType.put("TXT", byType.get("SPF"));
            }
            byType.remove("SPF");
            for (Map.Entry<String, List<Object>> typed : byType.entrySet()) {
                for (Object value : typed.getValue()) {
                    addRecord(name, typed.getKey(), value);
                }
            }
            if (timeout) {
                server.neverAnswer(name.toString());
            }
        }
    }

    private static void addRecord(Name name, String type, Object value) throws IOException {
        long ttl = 300;
        switch (type.toUpperCase(Locale.ROOT)) {
            case "A":
                server.add(new ARecord(name, DClass.IN, ttl, InetAddresses.forString(String.valueOf(value))));
                break;
            case "AAAA":
                server.add(new AAAARecord(name, DClass.IN, ttl, InetAddresses.forString(String.valueOf(value))));
                break;
            case "PTR":
                server.add(new PTRRecord(name, DClass.IN, ttl, absolute(String.valueOf(value))));
                break;
            case "CNAME":
                server.add(new CNAMERecord(name, DClass.IN, ttl, absolute(String.valueOf(value))));
                break;
            case "MX":
                List<?> mx = (List<?>) value;
                server.add(new MXRecord(
                        name, DClass.IN, ttl, ((Number) mx.get(0)).intValue(), absolute(String.valueOf(mx.get(1)))));
                break;
            case "TXT":
                if ("NONE".equals(value)) {
                    break;
                }
                List<String> strings = new ArrayList<>();
                if (value instanceof List) {
                    ((List<?>) value).forEach(s -> strings.addAll(chunks(String.valueOf(s))));
                } else {
                    strings.addAll(chunks(String.valueOf(value)));
                }
                if (strings.isEmpty()) {
                    strings.add("");
                }
                server.add(new TXTRecord(name, DClass.IN, ttl, strings));
                break;
            default:
                throw new IllegalArgumentException("record type " + type + " in the suite");
        }
    }

    /** The string's UTF-8 bytes in 255-byte pieces, each as a latin-1 string (dnsjava maps chars to bytes so). */
    private static List<String> chunks(String value) {
        String bytes =
                new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1).replace("\\", "\\\\");
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < bytes.length(); i += 255) {
            chunks.add(bytes.substring(i, Math.min(bytes.length(), i + 255)));
        }
        return chunks;
    }

    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.isEmpty() ? "." : name.endsWith(".") ? name : name + ".");
    }
}
