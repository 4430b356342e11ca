package io.ruaflow.enricher.spf;

import java.util.Arrays;

/** IP addresses as byte arrays: CIDR matching, IPv4-mapped IPv6, the %{i} nibble form. */
final class IpBytes {
    private IpBytes() {}

    static boolean prefixMatches(byte[] ip, byte[] network, int bits) {
        if (ip.length != network.length) {
            if (ip.length == 4 && network.length == 16 && isMappedV4(network)) {
                return prefixMatches(ip, Arrays.copyOfRange(network, 12, 16), Math.max(0, bits - 96));
            }
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip[full] & mask) == (network[full] & mask);
    }

    static boolean isMappedV4(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    static final String HEX = "0123456789ABCDEF";

    /** %{i} of an IPv6 address: 32 upper-case nibbles with dots, as RFC 7208 7.4 shows. */
    static String nibbles(byte[] raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(HEX.charAt((b >> 4) & 0xf)).append('.').append(HEX.charAt(b & 0xf));
        }
        return out.toString();
    }
}
