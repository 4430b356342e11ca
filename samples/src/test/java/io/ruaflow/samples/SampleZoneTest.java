package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import io.ruaflow.samples.SampleWorld.Sender;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class SampleZoneTest {
    private final SampleGenerator generator = generator();
    private final List<Record> zone = parse(SampleZone.of(generator.world()).text());

    /** The world under test; a subclass checks a bigger one. */
    SampleGenerator generator() {
        return SampleGenerator.fromSeed(46, SampleGeneratorTest.SIX_WEEKS);
    }

    @Test
    void zoneParsesWithDnsjavaMasterAndHasEveryRecordType() {
        Set<Integer> types = new HashSet<>();
        for (Record r : zone) types.add(r.getType());
        assertThat(types).contains(Type.TXT, Type.MX, Type.A, Type.AAAA, Type.PTR);
        assertThat(txt("_dmarc.example-shop.com."))
                .containsExactly(
                        "v=DMARC1; p=reject; adkim=r; aspf=r; pct=100; fo=1; rua=mailto:" + SampleWorld.RUA_ADDRESS);
        assertThat(txt("_dmarc.xn--bcherstube-9db.de."))
                .singleElement()
                .asString()
                .contains("t=y");
    }

    @Test
    void dkimKeysCoverRsa2048Rsa1024Ed25519RevokedAndMissing() throws Exception {
        Set<Integer> rsaSizes = new HashSet<>();
        boolean ed25519 = false;
        boolean revoked = false;
        for (Record r : zone) {
            if (!(r instanceof TXTRecord t) || !r.getName().toString().contains("._domainkey.")) continue;
            String txt = joined(t);
            String p = txt.substring(txt.indexOf("p=") + 2);
            if (p.isEmpty()) {
                revoked = true;
            } else if (txt.contains("k=ed25519")) {
                ed25519 = Base64.getDecoder().decode(p).length == 32;
            } else {
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(
                                new X509EncodedKeySpec(Base64.getDecoder().decode(p)));
                rsaSizes.add(key.getModulus().bitLength());
            }
        }
        assertThat(rsaSizes).containsExactlyInAnyOrder(2048, 1024);
        assertThat(ed25519).isTrue();
        assertThat(revoked).isTrue();
        assertThat(generator.world().missingSelectors()).isNotEmpty().allSatisfy(name -> assertThat(txt(name + "."))
                .isEmpty());
    }

    @Test
    void reverseRecordsPointBackForConfirmedHostsOnly() throws Exception {
        int confirmed = 0;
        int unconfirmed = 0;
        for (Sender s : generator.world().senders()) {
            if (s.ptr() == null) continue;
            Name reverse = ReverseMap.fromAddress(s.ip());
            assertThat(records(reverse.toString(), Type.PTR))
                    .as("PTR of " + s.ip())
                    .anySatisfy(r ->
                            assertThat(((PTRRecord) r).getTarget().toString()).isEqualTo(s.ptr() + "."));
            Set<InetAddress> forward = new HashSet<>();
            for (Record r : records(s.ptr() + ".", Type.A)) forward.add(((ARecord) r).getAddress());
            for (Record r : records(s.ptr() + ".", Type.AAAA)) forward.add(((AAAARecord) r).getAddress());
            boolean points = forward.contains(InetAddress.getByName(s.ip()));
            assertThat(points).as(s.ip() + " " + s.ptr()).isEqualTo(s.forwardConfirmed());
            if (points) confirmed++;
            else unconfirmed++;
        }
        assertThat(confirmed).isGreaterThan(unconfirmed).isGreaterThan(10);
        assertThat(unconfirmed).isPositive();
    }

    @Test
    void spfResultsInTheReportsAreWhatTheZoneGives() throws Exception {
        int checked = 0;
        for (SampleReport report : generator.reports()) {
            for (Iterator<ReportRecord> it = generator.records(report); it.hasNext(); ) {
                ReportRecord rec = it.next();
                for (SpfAuthResult spf : rec.spfResults()) {
                    String expected = spf.result();
                    assertThat(checkHost(InetAddress.getByName(rec.sourceIp()), spf.domain(), 0))
                            .as(rec.sourceIp() + " for " + spf.domain() + " (" + spf.scope() + ") in "
                                    + report.fileName())
                            .isEqualTo(expected);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /** Just enough of RFC 7208 for the record shapes the sample zone uses: ip4, ip6, a, mx, include, all. */
    private String checkHost(InetAddress ip, String domain, int depth) throws Exception {
        assertThat(depth).isLessThan(10);
        List<String> spf =
                txt(domain + ".").stream().filter(t -> t.startsWith("v=spf1 ")).toList();
        if (spf.isEmpty()) return depth == 0 ? "none" : "permerror";
        for (String term : spf.get(0).substring(7).split(" ")) {
            char q = "+-~?".indexOf(term.charAt(0)) >= 0 ? term.charAt(0) : '+';
            String mech = q == term.charAt(0) && term.charAt(0) != '+' ? term.substring(1) : term;
            boolean match;
            if (mech.equals("all")) {
                match = true;
            } else if (mech.startsWith("ip4:") || mech.startsWith("ip6:")) {
                match = inCidr(ip, mech.substring(4));
            } else if (mech.startsWith("include:")) {
                match = checkHost(ip, mech.substring(8), depth + 1).equals("pass");
            } else if (mech.equals("a")) {
                match = addresses(domain).contains(ip);
            } else if (mech.equals("mx")) {
                match = false;
                for (Record r : records(domain + ".", Type.MX)) {
                    String host = ((MXRecord) r).getTarget().toString();
                    match |= addresses(host.substring(0, host.length() - 1)).contains(ip);
                }
            } else {
                throw new AssertionError("mechanism the sample zone should not use: " + term);
            }
            if (match) {
                return switch (q) {
                    case '-' -> "fail";
                    case '~' -> "softfail";
                    case '?' -> "neutral";
                    default -> "pass";
                };
            }
        }
        return "neutral";
    }

    private Set<InetAddress> addresses(String host) {
        Set<InetAddress> out = new HashSet<>();
        for (Record r : records(host + ".", Type.A)) out.add(((ARecord) r).getAddress());
        for (Record r : records(host + ".", Type.AAAA)) out.add(((AAAARecord) r).getAddress());
        return out;
    }

    private static boolean inCidr(InetAddress ip, String cidr) throws Exception {
        String[] parts = cidr.split("/");
        byte[] net = InetAddress.getByName(parts[0]).getAddress();
        byte[] addr = ip.getAddress();
        if (net.length != addr.length) return false;
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
        BigInteger mask = BigInteger.ONE
                .shiftLeft(net.length * 8)
                .subtract(BigInteger.ONE)
                .shiftRight(bits)
                .not();
        return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
    }

    private List<Record> records(String name, int type) {
        List<Record> out = new ArrayList<>();
        for (Record r : zone) {
            if (r.getType() == type && r.getName().toString().equalsIgnoreCase(name)) out.add(r);
        }
        return out;
    }

    private List<String> txt(String name) {
        return records(name.toLowerCase(Locale.ROOT), Type.TXT).stream()
                .map(r -> joined((TXTRecord) r))
                .toList();
    }

    private static String joined(TXTRecord r) {
        return String.join("", r.getStrings());
    }

    private static List<Record> parse(String text) {
        List<Record> out = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) out.add(r);
        } catch (Exception e) {
            throw new AssertionError("zone does not parse: " + e.getMessage(), e);
        }
        return out;
    }
}
