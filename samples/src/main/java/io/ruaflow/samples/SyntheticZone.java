package io.ruaflow.samples;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.SpfAuthResult;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A generated world for benchmarks and bound tests: {@code domains} sending domains ({@code d<j>.example}, each with
 * an SPF record using a, mx, ip4 and a shared include, an MX host and a DKIM key at {@code s1}) and {@code ips}
 * sources ({@code 10.<j>.x.y}, each with a forward-confirmed PTR), source {@code k} sending for domain
 * {@code k % domains}.
 */
public final class SyntheticZone {
    public static final String SHARED_INCLUDE = "_spf.esp.example";
    private final int ips;
    private final int domains;

    private SyntheticZone(int ips, int domains) {
        if (ips < 1 || domains < 1 || domains > 250 || ips > 250 * 65536) {
            throw new IllegalArgumentException(
                    "need 1..250 domains and 1.." + 250 * 65536 + " IPs: " + domains + " domains, " + ips + " IPs");
        }
        this.ips = ips;
        this.domains = domains;
    }

    public static SyntheticZone of(int ips, int domains) {
        return new SyntheticZone(ips, domains);
    }

    public int ips() {
        return ips;
    }

    public int domains() {
        return domains;
    }

    public static String domain(int j) {
        return "d" + j + ".example";
    }

    public String ip(int k) {
        int j = k % domains;
        int n = k / domains;
        return "10." + j + "." + (n / 256) + "." + (n % 256);
    }

    public void loadInto(ZoneDnsServer server) throws IOException {
        StringBuilder zone = new StringBuilder();
        zone.append("example. 300 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 300\n");
        zone.append(SHARED_INCLUDE).append(". 300 IN TXT \"v=spf1 ip4:172.16.0.0/12 -all\"\n");
        String key = rsaKey();
        for (int j = 0; j < domains; j++) {
            String d = domain(j);
            zone.append(d)
                    .append(". 300 IN TXT \"v=spf1 a mx ip4:10.")
                    .append(j)
                    .append(".0.0/16 include:")
                    .append(SHARED_INCLUDE)
                    .append(" -all\"\n");
            zone.append(d).append(". 300 IN A 192.0.2.").append(j + 1).append('\n');
            zone.append(d).append(". 300 IN MX 10 mx.").append(d).append(".\n");
            zone.append("mx.")
                    .append(d)
                    .append(". 300 IN A 198.51.100.")
                    .append(j + 1)
                    .append('\n');
            zone.append("s1._domainkey.")
                    .append(d)
                    .append(". 300 IN TXT \"v=DKIM1; k=rsa; \" ")
                    .append(key)
                    .append('\n');
        }
        for (int k = 0; k < ips; k++) {
            String ip = ip(k);
            String[] octets = ip.split("\\.");
            String host = "host-" + k + "." + domain(k % domains);
            zone.append(octets[3])
                    .append('.')
                    .append(octets[2])
                    .append('.')
                    .append(octets[1])
                    .append('.')
                    .append(octets[0])
                    .append(".in-addr.arpa. 300 IN PTR ")
                    .append(host)
                    .append(".\n");
            zone.append(host).append(". 300 IN A ").append(ip).append('\n');
        }
        server.addZoneText(zone.toString());
    }

    public ReportHeader header() {
        return new ReportHeader(
                "synthetic",
                "synthetic.example",
                "dmarc@synthetic.example",
                null,
                "synthetic-1",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                List.of(),
                null,
                ReportSchema.RFC7489,
                new PolicyPublished(domain(0), "reject", null, null, "r", "r", 100, null, null, null),
                new ReportSource("synthetic", "0"));
    }

    /** Records {@code from} (inclusive) to {@code to} (exclusive); record {@code r} comes from source r % ips. */
    public List<ReportRecord> records(int from, int to) {
        List<ReportRecord> records = new ArrayList<>(to - from);
        for (int r = from; r < to; r++) {
            int k = r % ips;
            String d = domain(k % domains);
            records.add(new ReportRecord(
                    ip(k),
                    1 + r % 7,
                    "none",
                    "pass",
                    "pass",
                    List.of(),
                    null,
                    d,
                    d,
                    List.of(new DkimAuthResult(d, "s1", "pass", null)),
                    List.of(new SpfAuthResult(d, "mfrom", "pass", null))));
        }
        return records;
    }

    private static String rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String key = "p="
                    + Base64.getEncoder()
                            .encodeToString(
                                    generator.generateKeyPair().getPublic().getEncoded());
            StringBuilder quoted = new StringBuilder();
            for (int i = 0; i < key.length(); i += 200) {
                quoted.append(" \"")
                        .append(key, i, Math.min(key.length(), i + 200))
                        .append('"');
            }
            return quoted.toString().trim();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this JVM", e);
        }
    }
}
