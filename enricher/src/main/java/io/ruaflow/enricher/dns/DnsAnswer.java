package io.ruaflow.enricher.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The outcome of one DNS question. {@code records} holds only records of the asked type (a CNAME chain is already
 * followed) and is empty unless the status is {@link Status#ANSWER}. {@code validUntilNanos} is when the client's
 * cache lets it go (on {@link DnsClient#nanoTime()}'s clock; now or earlier when it was not cached): what is
 * computed from it is as fresh as the cache until then. Internal to the enricher.
 */
public record DnsAnswer(Status status, List<Record> records, String problem, long validUntilNanos) {
    public enum Status {
        /** NOERROR with at least one record of the asked type. */
        ANSWER,
        /** NOERROR without records of the asked type. */
        NODATA,
        /** The name does not exist. */
        NXDOMAIN,
        /** No usable answer: timeout, SERVFAIL, another RCODE, or a network error. */
        TEMPERROR
    }

    public DnsAnswer {
        records = List.copyOf(records);
    }

    static DnsAnswer of(List<Record> records) {
        return new DnsAnswer(records.isEmpty() ? Status.NODATA : Status.ANSWER, records, null, 0);
    }

    static DnsAnswer nxdomain() {
        return new DnsAnswer(Status.NXDOMAIN, List.of(), null, 0);
    }

    static DnsAnswer temperror(String problem) {
        return new DnsAnswer(Status.TEMPERROR, List.of(), problem, 0);
    }

    DnsAnswer validUntil(long nanos) {
        return new DnsAnswer(status, records, problem, nanos);
    }

    /** Whether {@code a} is earlier than {@code b} on a {@link System#nanoTime()} clock (which may wrap). */
    public static boolean isBefore(long a, long b) {
        return a - b < 0;
    }

    public boolean isTempError() {
        return status == Status.TEMPERROR;
    }

    /** NXDOMAIN or NODATA: what RFC 7208 calls a void lookup. */
    public boolean isVoid() {
        return status == Status.NXDOMAIN || status == Status.NODATA;
    }

    /**
     * Each TXT record's strings joined without separators, bytes read as ISO-8859-1 so that any byte above 127 stays
     * visible as a non-ASCII character.
     */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Record record : records) {
            if (record instanceof TXTRecord) {
                StringBuilder joined = new StringBuilder();
                for (byte[] part : ((TXTRecord) record).getStringsAsByteArrays()) {
                    joined.append(new String(part, StandardCharsets.ISO_8859_1));
                }
                texts.add(joined.toString());
            }
        }
        return texts;
    }
}
