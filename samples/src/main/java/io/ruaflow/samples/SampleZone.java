package io.ruaflow.samples;

import io.ruaflow.samples.SampleWorld.DkimKey;
import io.ruaflow.samples.SampleWorld.PolicyDomain;
import io.ruaflow.samples.SampleWorld.Sender;
import io.ruaflow.samples.SampleWorld.SpfRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The DNS of a {@link SampleWorld} as it is "today", as a BIND master file with absolute names: MX, SPF and DMARC
 * records of every policy domain, SPF records of the return-path subdomains and services, DKIM keys (RSA 2048 and
 * 1024, ed25519, revoked; some selectors senders use are deliberately absent), forward A/AAAA records and PTR
 * records for the sending hosts (some PTRs not forward-confirmed). SPF results in the generated reports are what
 * a check against this zone gives: aligned senders pass, spoofers do not.
 */
public final class SampleZone {
    /** Longest character-string in a TXT record (RFC 1035 §3.3). */
    static final int MAX_TXT_STRING = 255;

    /** A host the world names in a PTR but that resolves elsewhere (the PTR is not forward-confirmed). */
    static final String UNCONFIRMED_TARGET = "198.51.100.250";

    private final String text;

    private SampleZone(String text) {
        this.text = text;
    }

    public static SampleZone of(SampleWorld world) {
        return new SampleZone(render(world));
    }

    /** The zone file text, lines ending in {@code \n}. */
    public String text() {
        return text;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void writeTo(Path file) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String render(SampleWorld world) {
        Set<String> lines = new LinkedHashSet<>();
        lines.add("; ruaflow sample world, seed " + world.seed() + ", "
                + world.domains().size() + " domains");
        lines.add("; missing DKIM selectors on purpose: " + String.join(", ", world.missingSelectors()));
        lines.add("$ORIGIN .");
        lines.add("$TTL 3600");
        for (PolicyDomain d : world.domains()) {
            lines.add("; policy domain " + d.name());
            lines.add(fqdn(d.name()) + " IN MX 10 " + fqdn("mail." + d.name()));
            lines.add(fqdn("_dmarc." + d.name()) + " IN TXT " + quoted(d.dmarcRecord()));
        }
        lines.add("; SPF");
        for (SpfRecord spf : world.spfRecords()) {
            lines.add(fqdn(spf.name()) + " IN TXT " + quoted(spf.txt()));
        }
        lines.add("; DKIM");
        for (DkimKey key : world.dkimKeys()) {
            lines.add(fqdn(key.selector() + "._domainkey." + key.domain()) + " IN TXT " + quoted(key.txt()));
        }
        lines.add("; hosts");
        Set<String> ptrs = new LinkedHashSet<>();
        for (Sender s : world.senders()) {
            if (s.ptr() == null) continue;
            String reverse = reverseName(s.ip());
            ptrs.add(reverse + " IN PTR " + fqdn(s.ptr()));
            if (s.forwardConfirmed()) {
                lines.add(fqdn(s.ptr()) + " IN " + (s.ip().contains(":") ? "AAAA " : "A ") + s.ip());
            } else if (world.domains().stream().anyMatch(d -> s.ptr().endsWith("." + d.name()))) {
                lines.add(fqdn(s.ptr()) + " IN A " + UNCONFIRMED_TARGET);
            }
        }
        lines.add("; reverse");
        lines.addAll(ptrs);
        return String.join("\n", lines) + "\n";
    }

    private static String fqdn(String name) {
        return name.toLowerCase(Locale.ROOT) + ".";
    }

    /** Splits text into quoted strings of at most {@value #MAX_TXT_STRING} characters. */
    static String quoted(String txt) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < txt.length(); i += MAX_TXT_STRING) {
            if (b.length() > 0) b.append(' ');
            b.append('"')
                    .append(txt, i, Math.min(txt.length(), i + MAX_TXT_STRING))
                    .append('"');
        }
        return b.length() == 0 ? "\"\"" : b.toString();
    }

    /** {@code 4.3.2.1.in-addr.arpa.} or the 32-nibble {@code ip6.arpa.} name of an address literal. */
    static String reverseName(String ip) {
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + ip, e);
        }
        StringBuilder b = new StringBuilder();
        if (bytes.length == 4) {
            for (int i = 3; i >= 0; i--) b.append(bytes[i] & 0xff).append('.');
            return b.append("in-addr.arpa.").toString();
        }
        for (int i = 15; i >= 0; i--) {
            b.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.');
            b.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
        }
        return b.append("ip6.arpa.").toString();
    }
}
