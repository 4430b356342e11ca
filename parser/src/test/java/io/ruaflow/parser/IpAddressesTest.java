package io.ruaflow.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "192.0.2.7|192.0.2.7",
                "2001:DB8:0:0:0:0:0:1|2001:db8::1",
                "2001:db8::1|2001:db8::1",
                "::ffff:192.0.2.7|192.0.2.7",
                "0:0:0:0:0:ffff:c000:0207|192.0.2.7",
                "::|::",
                "ABCD::1|abcd::1",
                // a zone names an interface of whoever wrote it; Guava would resolve it here and throw
                "fe80::1%eth0|NULL",
                "fe80::1%1|NULL",
                "201:b8::%{d55,}ip4spf1|NULL",
                "192.0.2.7%eth0|NULL",
                "192.0.2.256|NULL",
                "192.0.2|NULL",
                "1.2.3.4.5|NULL",
                "::::|NULL",
                "abc|NULL",
                "beef.cafe|NULL",
                "mail.example.com|NULL",
                "[2001:db8::1]|NULL",
                "2001:db8::1/64|NULL",
                "' 192.0.2.7'|NULL",
                "''|NULL",
                "NULL|NULL",
                "1111:2222:3333:4444:5555:6666:255.255.255.255x|NULL",
                "0.0.0.0|0.0.0.0",
                "255.255.255.255|255.255.255.255",
                "01.2.3.4|NULL",
                "1.2.3.04|NULL",
                "1.2.3.4.|NULL",
                ".1.2.3.4|NULL",
                "1..2.3|NULL",
                "1234.1.1.1|NULL",
                "1.2.3.256|NULL",
            })
    void canonicalFormOrNull(String literal, String expected) {
        assertEquals(expected, IpAddresses.canonical(literal));
        assertEquals(expected != null, IpAddresses.isLiteral(literal));
    }

    @ParameterizedTest
    @CsvSource({"1111:2222:3333:4444:5555:6666:255.255.255.255", "1:2:3:4:5:6:7:8"})
    void theLongestLiteralsAreWithinTheLimit(String literal) {
        assertEquals(literal.length() <= IpAddresses.MAX_LITERAL_LENGTH, IpAddresses.isLiteral(literal));
    }

    @ParameterizedTest
    @CsvSource({"0000:0000:0000:0000:0000:0000:0000:0000:1"})
    void overlongTextIsRefusedBeforeParsing(String literal) {
        assertNull(IpAddresses.parse(literal + "0".repeat(IpAddresses.MAX_LITERAL_LENGTH)));
    }

    /**
     * The shortcut for a dotted quad already in canonical form says yes exactly when Guava's parse and print give
     * the same text back, over strings made of digits and dots.
     */
    @Test
    void theDottedQuadShortcutAgreesWithGuava() {
        Random random = new Random(20261203);
        String[] pieces = {
            "0", "1", "9", "10", "25", "99", "100", "199", "249", "250", "255", "256", "299", "00", "01", "010", "1000",
            "", "."
        };
        for (int n = 0; n < 50_000; n++) {
            StringBuilder candidate = new StringBuilder();
            int parts = 1 + random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                if (p > 0) {
                    candidate.append('.');
                }
                candidate.append(pieces[random.nextInt(pieces.length)]);
            }
            String literal = candidate.toString();
            InetAddress address = IpAddresses.parse(literal);
            boolean guava = address instanceof Inet4Address
                    && InetAddresses.toAddrString(address).equals(literal);
            assertEquals(guava, IpAddresses.isCanonicalDottedQuad(literal), literal);
        }
    }
}
