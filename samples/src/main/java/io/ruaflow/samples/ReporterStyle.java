package io.ruaflow.samples;

import java.util.List;

/**
 * How a receiver writes, names and packages its aggregate reports, imitating what each large reporter sends: the
 * XML dialect (namespace, optional elements, report id format), the file name, the compression and the shape of the
 * mail around it. {@link #RFC9990} is a receiver on the 2026 schema with its default namespace.
 */
public enum ReporterStyle {
    /** google.com: a single-part mail whose body is the zip, identifiers carry only header_from. */
    GOOGLE(
            "google.com",
            "noreply-dmarc-support@google.com",
            "https://support.google.com/a/answer/2466580",
            "google.com",
            38,
            List.of(Packaging.EML, Packaging.ZIP, Packaging.EML)),
    /**
     * Microsoft (Exchange Online): gzip, {@code enterprise.protection.outlook.com!…xml.gz}, xsd/xsi namespace
     * declarations, envelope_to; the mail is multipart/mixed holding multipart/related holding
     * multipart/alternative with an HTML note, beside the gzip attachment.
     */
    MICROSOFT(
            "Enterprise Outlook",
            "dmarcreport@microsoft.com",
            null,
            "enterprise.protection.outlook.com",
            22,
            List.of(Packaging.EML, Packaging.GZIP)),
    /** Yahoo: gzip, no namespace and no {@code <version>} (a pre-RFC "draft" report). */
    YAHOO("Yahoo", "dmarchelp@yahooinc.com", null, "yahoo.com", 9, List.of(Packaging.EML, Packaging.GZIP)),
    /** AOL: Yahoo's reporter under the AOL name, the same dialect. */
    AOL("AOL", "dmarchelp@yahooinc.com", null, "aol.com", 3, List.of(Packaging.EML, Packaging.GZIP)),
    /**
     * Mimecast: a single-part mail whose body is the gzip; the gzip header carries the file name and two stray
     * bytes (CR LF) follow the gzip stream; the {@code http://dmarc.org/dmarc-xml/0.1} namespace.
     */
    MIMECAST(
            "Mimecast",
            "dmarc-noreply@mimecast.org",
            "https://www.mimecast.com",
            "mimecast.org",
            5,
            List.of(Packaging.EML)),
    /** Mail.ru: gzip attached to a mail. */
    MAIL_RU("Mail.Ru", "dmarc_support@corp.mail.ru", null, "mail.ru", 3, List.of(Packaging.EML, Packaging.GZIP)),
    /** Yandex: zip attached to a mail. */
    YANDEX("Yandex", "dmarchelp@yandex.ru", null, "yandex.ru", 3, List.of(Packaging.EML, Packaging.ZIP)),
    /** GMX: the RFC 9990 namespace written with a prefix on every element ({@code <ns0:feedback>}). */
    GMX("GMX", "dmarc_agg@gmx.net", null, "gmx.net", 3, List.of(Packaging.EML, Packaging.GZIP)),
    /** WEB.DE: the same reporter as GMX under another name. */
    WEB_DE("WEB.DE", "dmarc_agg@web.de", null, "web.de", 2, List.of(Packaging.EML)),
    /**
     * A Cisco Secure Email (ESA) appliance: report ids like {@code 1a6ffb$9f77bea=6b2f…@esa1.example.iphmx.com}
     * (the parser drops the {@code @host}), gzip attached to a mail.
     */
    CISCO_ESA(
            "esa1.example.iphmx.com",
            "dmarc-reports@esa1.example.iphmx.com",
            null,
            "esa1.example.iphmx.com",
            3,
            List.of(Packaging.EML)),
    /** Amazon SES: gzip attached to a mail, UUID report ids. */
    AMAZON_SES("Amazon SES", "postmaster@amazonses.com", null, "amazonses.com", 3, List.of(Packaging.EML)),
    /** Fastmail: gzip, the report id appended to the file name ({@code fastmail.com!domain!begin!end!id.xml.gz}). */
    FASTMAIL(
            "FastMail Pty Ltd",
            "reports@fastmaildmarc.com",
            "https://fastmail.com/",
            "fastmail.com",
            2,
            List.of(Packaging.EML, Packaging.GZIP)),
    /**
     * A receiver on the RFC 9990 schema: {@code urn:ietf:params:xml:ns:dmarc-2.0}, generator, np, testing,
     * discovery_method, no pct, disposition {@code pass}, one SPF result with human_result.
     */
    RFC9990(
            "Receiver Example Mail",
            "dmarc-reports@mail.receiver.example",
            "https://receiver.example/dmarc",
            "mail.receiver.example",
            4,
            List.of(Packaging.GZIP, Packaging.EML, Packaging.XML));

    /** How the mail around the report is built. */
    enum MailShape {
        /** The archive is the whole body of a single-part mail. */
        SINGLE_PART,
        /** multipart/mixed: a short text/plain note, then the archive attached. */
        TEXT_AND_ATTACHMENT,
        /** multipart/mixed > multipart/related > multipart/alternative > text/html, then the archive attached. */
        NESTED_HTML_AND_ATTACHMENT
    }

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
        return this == GOOGLE || this == YANDEX;
    }

    /** Whether the report is on the RFC 9990 schema (namespace, generator, np, testing, no pct). */
    public boolean rfc9990() {
        return this == RFC9990 || this == GMX || this == WEB_DE;
    }

    /** The namespace prefix written on every element ({@code ns0:}), or "" for none. */
    String elementPrefix() {
        return this == GMX || this == WEB_DE ? "ns0:" : "";
    }

    MailShape mailShape() {
        return switch (this) {
            case GOOGLE, MIMECAST -> MailShape.SINGLE_PART;
            case MICROSOFT -> MailShape.NESTED_HTML_AND_ATTACHMENT;
            default -> MailShape.TEXT_AND_ATTACHMENT;
        };
    }

    /** Whether the gzip header names the file and two stray bytes follow the stream, as Mimecast's do. */
    boolean oddGzip() {
        return this == MIMECAST;
    }

    /** Whether the report id is appended to the file name stem. */
    boolean idInFileName() {
        return this == FASTMAIL;
    }
}
