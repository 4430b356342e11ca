package io.ruaflow.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
