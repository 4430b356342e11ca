package io.ruaflow.samples;

import java.util.List;

/**
 * How a receiver writes, names and packages its aggregate reports. The first four imitate large mailbox providers
 * writing the RFC 7489 schema; {@link #RFC9990} writes the 2026 schema with its namespace.
 */
public enum ReporterStyle {
    /** google.com: zip, {@code google.com!domain!begin!end.zip}, identifiers carry only header_from. */
    GOOGLE(
            "google.com",
            "noreply-dmarc-support@google.com",
            "https://support.google.com/a/answer/2466580",
            "google.com",
            45,
            List.of(Packaging.EML, Packaging.ZIP, Packaging.EML)),
    /** Microsoft: gzip, {@code protection.outlook.com!…xml.gz}, xsd/xsi namespace declarations, envelope_to. */
    MICROSOFT(
            "Enterprise Outlook",
            "dmarcreport@microsoft.com",
            null,
            "protection.outlook.com",
            25,
            List.of(Packaging.EML, Packaging.GZIP)),
    /** Yahoo: plain or gzipped XML without namespace or {@code <version>} (a pre-RFC "draft" report). */
    YAHOO("Yahoo", "dmarchelp@yahooinc.com", null, "yahoo.com", 12, List.of(Packaging.XML, Packaging.GZIP)),
    /** Mimecast: gzip attached to a mail, the {@code http://dmarc.org/dmarc-xml/0.1} namespace. */
    MIMECAST(
            "Mimecast",
            "dmarc-noreply@mimecast.org",
            "https://www.mimecast.com",
            "mimecast.org",
            8,
            List.of(Packaging.EML)),
    /**
     * A receiver on the RFC 9990 schema: {@code urn:ietf:params:xml:ns:dmarc-2.0}, generator, np, testing,
     * discovery_method, no pct, disposition {@code pass}, one SPF result with human_result.
     */
    RFC9990(
            "Receiver Example Mail",
            "dmarc-reports@mail.receiver.example",
            "https://receiver.example/dmarc",
            "mail.receiver.example",
            10,
            List.of(Packaging.GZIP, Packaging.EML, Packaging.XML));

    private final String orgName;
    private final String email;
    private final String extraContactInfo;
    private final String submitter;
    private final int volumeShare;
    private final List<Packaging> packagings;

    ReporterStyle(
            String orgName,
            String email,
            String extraContactInfo,
            String submitter,
            int volumeShare,
            List<Packaging> packagings) {
        this.orgName = orgName;
        this.email = email;
        this.extraContactInfo = extraContactInfo;
        this.submitter = submitter;
        this.volumeShare = volumeShare;
        this.packagings = packagings;
    }

    public String orgName() {
        return orgName;
    }

    public String email() {
        return email;
    }

    /** May be null. */
    public String extraContactInfo() {
        return extraContactInfo;
    }

    /** The receiver's domain as it appears first in file names and in the mail subject. */
    public String submitter() {
        return submitter;
    }

    /** Percent of a domain's mail this receiver sees. */
    public int volumeShare() {
        return volumeShare;
    }

    /** The packagings this reporter uses, picked from per report (repeats weigh more). */
    public List<Packaging> packagings() {
        return packagings;
    }

    /** Whether the report file inside the packaging is a zip (else gzip, or plain XML for {@link Packaging#XML}). */
    boolean zips() {
        return this == GOOGLE;
    }

    public boolean rfc9990() {
        return this == RFC9990;
    }
}
