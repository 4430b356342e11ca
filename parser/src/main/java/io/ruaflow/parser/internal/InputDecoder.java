package io.ruaflow.parser.internal;

import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.PartContent;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.ReportSniffer;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.WholeReport;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one input (mail, zip, gzip, XML, JSON, nested in any order up to {@code MAX_ARCHIVE_DEPTH}) and reads
 * every report in it, of every {@link ReportKind}: aggregates stream through the handler, the other kinds are read
 * whole by their {@link KindReader}. Thread-safe: each call keeps its state in a fresh {@link Walk}.
 */
public final class InputDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(InputDecoder.class);
    private static final int BUFFER = 64 * 1024;
    private static final String INPUT = "input";
    /** What an input with no report is refused for; more follows when it had parts. */
    public static final String NO_REPORT = "no DMARC aggregate, SMTP TLS or failure report found";

    private static final String REPORT_KINDS = "DMARC aggregate, SMTP TLS or failure report";
    /** How much of a text part is read to tell Exim's plain-text failure report. */
    static final int EXIM_PEEK_BYTES = 16 * 1024;
    /** Skipped parts named in a refusal; the rest are counted. */
    static final int MAX_NOTES = 20;

    private final ParserLimits limits;
    private final XmlReportReader xmlReader;
    /** The reader of each kind read whole; a kind without one is detected, named and skipped. */
    private final Map<ReportKind, KindReader> readers = new EnumMap<>(ReportKind.class);

    public InputDecoder(ParserLimits limits) {
        this(limits, true);
    }

    /** @param redactFailures whether failure reports have the local parts of the original's addresses redacted */
    public InputDecoder(ParserLimits limits, boolean redactFailures) {
        this.limits = limits;
        this.xmlReader = new XmlReportReader(limits);
        readers.put(ReportKind.SMTP_TLS, new TlsReportReader());
        readers.put(ReportKind.FAILURE, new FailureKindReader(limits, redactFailures));
    }

    /** Reads every report in {@code input}, returning how many there were. */
    public int decode(ReportInput input, ReportSource source, ReportHandler handler)
            throws ReportRejectedException, IOException {
        Walk walk = new Walk(source, handler, false);
        try (InputStream raw = input.open()) {
            walk.walk(new BufferedInputStream(new SourceStream(raw), BUFFER), 0, true, List.of(), INPUT);
            walk.flush();
        } catch (HandlerFailed e) {
            throw e.original();
        } catch (IOException | MessagingException | RuntimeException e) {
            throw translate(input.name(), e);
        }
        if (walk.reports == 0) {
            throw new ReportRejectedException(input.name(), walk.noReportReason());
        }
        return walk.reports;
    }

    /**
     * Whether some part of {@code input} may hold a report, walking the same tree as {@link #decode} but reading
     * only the first bytes of each part. True when unsure (the input is broken or over a limit).
     */
    public boolean mayHoldReport(ReportInput input) {
        Walk walk = new Walk(null, null, true);
        try (InputStream raw = input.open()) {
            walk.walk(new BufferedInputStream(raw, BUFFER), 0, true, List.of(), INPUT);
        } catch (IOException | MessagingException | RuntimeException e) {
            return true;
        }
        return walk.candidates > 0;
    }

    /** The rejection for a failure while decoding; rethrows handler and raw-input failures unchanged. */
    private static ReportRejectedException translate(String file, Exception e) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HandlerFailed handlerFailed) {
                throw handlerFailed.original();
            }
            if (t instanceof InputRejected rejected) {
                return rejected.toRejection(file);
            }
            if (t instanceof SourceReadFailed failed) {
                throw failed.original();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        LOG.debug("{}: corrupt data", file, e);
        if (e instanceof EOFException) {
            return new ReportRejectedException(file, "truncated: the data ends inside a gzip or zip stream", e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ReportRejectedException(file, "corrupt or truncated data: " + message, e);
    }

    /** The state of one {@link #decode} call. */
    private final class Walk {
        final ReportSource source;
        final ReportHandler handler;
        final ByteBudget budget = new ByteBudget(limits.maxDecompressedBytes());
        final List<PendingReport> pending = new ArrayList<>(1);
        final List<PendingWhole> pendingWhole = new ArrayList<>(1);
        final List<String> notes = new ArrayList<>();
        /** Only look: count the parts that may hold a report instead of reading them. */
        final boolean sniffOnly;

        int skipped;
        int candidates;
        int reports;
        int mimeParts;

        Walk(ReportSource source, ReportHandler handler, boolean sniffOnly) {
            this.source = source;
            this.handler = handler;
            this.sniffOnly = sniffOnly;
        }

        /** Why an input with no report is refused: what it was, or what each of its parts was. */
        String noReportReason() {
            if (notes.isEmpty()) {
                return NO_REPORT;
            }
            if (skipped == 1 && notes.get(0).startsWith(INPUT + ": ")) {
                return "not a " + REPORT_KINDS + ": " + notes.get(0).substring(INPUT.length() + 2);
            }
            String more = skipped > notes.size() ? "; and " + (skipped - notes.size()) + " more" : "";
            return NO_REPORT + " in " + skipped + (skipped == 1 ? " part: " : " parts: ") + String.join("; ", notes)
                    + more;
        }

        void walk(BufferedInputStream in, int depth, boolean allowMail, List<String> context, String where)
                throws IOException, MessagingException {
            PartContent content = ReportSniffer.sniff(in);
            switch (content) {
                case EMPTY -> {
                    if (depth == 0 && where.equals(INPUT)) {
                        throw InputRejected.because("empty input (0 bytes)");
                    }
                    skip(where, "empty");
                }
                case GZIP -> gzip(in, depth + 1, context, where);
                case ZIP -> zip(in, depth + 1, context, where);
                case AGGREGATE_REPORT, XML -> xml(in, context, where);
                case TLS_REPORT, JSON -> whole(ReportKind.SMTP_TLS, in, context, where);
                case MAIL -> {
                    if (allowMail) {
                        mail(in, depth, context);
                    } else {
                        skip(where, content.description() + " where a report was expected");
                    }
                }
                case UNKNOWN -> skip(where, "neither XML, gzip, zip nor a mail");
                default -> skip(where, content.description());
            }
        }

        /** A part that holds no report: named in the refusal if no part holds one, else only logged. */
        private void skip(String where, String what) {
            skipped++;
            LOG.debug("{}: {}: {}, skipped", source == null ? "sniffed input" : source.file(), where, what);
            if (notes.size() < MAX_NOTES) {
                notes.add(where + ": " + what);
            }
        }

        private void checkDepth(int depth) throws InputRejected {
            if (depth > limits.maxArchiveDepth()) {
                throw InputRejected.overLimit(
                        "MAX_ARCHIVE_DEPTH",
                        limits.maxArchiveDepth(),
                        "archives are nested more than " + limits.maxArchiveDepth() + " deep");
            }
        }

        private void xml(BufferedInputStream in, List<String> context, String where) throws IOException {
            if (sniffOnly) {
                candidates++;
                return;
            }
            flush();
            try {
                pending.add(xmlReader.read(in, source, handler, context));
            } catch (InputRejected e) {
                if (!e.isNotAReport()) {
                    throw e;
                }
                skip(where, "XML that is not a DMARC report (" + e.getMessage() + ")");
                return;
            }
            reports++;
        }

        /** A report of a kind read whole: held back like an aggregate's end until the layers around it end. */
        private void whole(ReportKind kind, InputStream in, List<String> context, String where) throws IOException {
            KindReader reader = readers.get(kind);
            if (reader == null) {
                skip(where, "a " + kind.description() + ", which this build does not read");
                return;
            }
            if (sniffOnly) {
                candidates++;
                return;
            }
            flush();
            WholeReport report;
            try {
                report = reader.read(in, source, context);
            } catch (InputRejected e) {
                if (!e.isNotAReport()) {
                    throw e;
                }
                skip(where, e.getMessage());
                return;
            }
            pendingWhole.add(new PendingWhole(report));
            reports++;
        }

        private void gzip(BufferedInputStream in, int depth, List<String> context, String where)
                throws IOException, MessagingException {
            checkDepth(depth);
            if (sniffOnly) {
                candidates++;
                return;
            }
            int first = pending.size();
            int firstWhole = pendingWhole.size();
            GzipCompressorInputStream gzip = new GzipCompressorInputStream(in, false);
            BufferedInputStream inner = new BufferedInputStream(budget.meter(gzip), BUFFER);
            walk(inner, depth, false, context, "gzip data in " + where);
            drain(inner);
            long trailing = drain(in);
            if (trailing > 0) {
                String warning = trailing + " bytes after the end of the gzip stream were ignored";
                for (int i = first; i < pending.size(); i++) {
                    pending.get(i).warnings.add(warning);
                }
                for (int i = firstWhole; i < pendingWhole.size(); i++) {
                    pendingWhole.get(i).warnings.add(warning);
                }
            }
        }

        private void zip(BufferedInputStream in, int depth, List<String> context, String where)
                throws IOException, MessagingException {
            checkDepth(depth);
            if (sniffOnly) {
                candidates++;
                return;
            }
            ZipArchiveInputStream zip = new ZipArchiveInputStream(in, "UTF-8", true, true);
            int entries = 0;
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxArchiveEntries()) {
                    throw InputRejected.overLimit(
                            "MAX_ARCHIVE_ENTRIES",
                            limits.maxArchiveEntries(),
                            "a zip archive has more than " + limits.maxArchiveEntries() + " entries");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String name = "zip entry " + entry.getName();
                if (!zip.canReadEntryData(entry)) {
                    skip(name, "cannot be read (encrypted or unsupported compression)");
                    continue;
                }
                BufferedInputStream data = new BufferedInputStream(budget.meter(zip), BUFFER);
                walk(data, depth, false, context, name);
                drain(data);
                flush();
            }
        }

        private void mail(BufferedInputStream in, int depth, List<String> context)
                throws IOException, MessagingException {
            byte[] raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limits.maxMailBytes() + 1));
            if (raw.length > limits.maxMailBytes()) {
                throw InputRejected.overLimit(
                        "MAX_MAIL_BYTES",
                        limits.maxMailBytes(),
                        "the mail is larger than " + limits.maxMailBytes() + " bytes");
            }
            int start = 0;
            if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
                // An mbox "From " separator line precedes the headers.
                while (start < raw.length && raw[start] != '\n') {
                    start++;
                }
                start++;
            }
            MimeMessage message = new MimeMessage(
                    MailSessions.reports(), new ByteArrayInputStream(raw, start, Math.max(0, raw.length - start)));
            part(message, depth, context);
        }

        private void part(Part part, int depth, List<String> context) throws IOException, MessagingException {
            if (++mimeParts > limits.maxMimeParts()) {
                throw InputRejected.overLimit(
                        "MAX_MIME_PARTS",
                        limits.maxMimeParts(),
                        "the mail has more than " + limits.maxMimeParts() + " MIME parts");
            }
            String type = declaredType(part);
            if (type.startsWith("multipart/")) {
                MimeMultipart multipart =
                        new MimeMultipart(part.getDataHandler().getDataSource());
                if (ReportSniffer.kindOfMime(fullType(part), childTypes(multipart)) == ReportKind.FAILURE
                        || (type.equals("multipart/report") && eximText(multipart))) {
                    failure(part, depth, context);
                    return;
                }
                for (int i = 0; i < multipart.getCount(); i++) {
                    part(multipart.getBodyPart(i), depth, context);
                }
                return;
            }
            String where = "mail part " + type + describeName(part);
            BufferedInputStream data = new BufferedInputStream(decoded(part), BUFFER);
            if (type.equals("message/rfc822") || type.equals("message/global")) {
                checkDepth(depth + 1);
                walk(data, depth + 1, true, context, where);
                return;
            }
            PartContent content = ReportSniffer.sniff(data);
            if (content == PartContent.TEXT || content == PartContent.UNKNOWN || content == PartContent.MAIL) {
                BufferedInputStream base64 = undeclaredBase64(data);
                if (base64 == null) {
                    skip(where, content == PartContent.UNKNOWN ? "unrecognized data" : content.description());
                } else {
                    walk(base64, depth, false, with(context, where + " holds base64 text it does not declare"), where);
                }
                return;
            }
            String mismatch = mismatch(type, content);
            walk(data, depth, false, mismatch == null ? context : with(context, where + mismatch), where);
        }

        private InputStream decoded(Part part) throws MessagingException, IOException {
            try {
                return part.getInputStream();
            } catch (MessagingException | IOException e) {
                if (part instanceof MimePart mime) {
                    return mime instanceof MimeMessage m ? m.getRawInputStream() : rawOf(mime);
                }
                throw e;
            }
        }

        private InputStream rawOf(MimePart part) throws MessagingException {
            if (part instanceof jakarta.mail.internet.MimeBodyPart body) {
                return body.getRawInputStream();
            }
            throw new MessagingException("cannot read the part's raw content");
        }

        /** A part whose text is base64 though it does not say so (a common typo in Content-Transfer-Encoding). */
        private BufferedInputStream undeclaredBase64(BufferedInputStream data) throws IOException {
            data.mark(16);
            byte[] head = data.readNBytes(8);
            data.reset();
            String start = new String(head, java.nio.charset.StandardCharsets.US_ASCII);
            if (start.startsWith("H4sI")
                    || start.startsWith("UEsDB")
                    || start.startsWith("PD94")
                    || start.startsWith("PGZl")
                    || start.startsWith("eyJ")
                    || start.startsWith("ewog")
                    || start.startsWith("ew0K")) {
                return new BufferedInputStream(Base64.getMimeDecoder().wrap(data), BUFFER);
            }
            return null;
        }

        /** Whether a part of a {@code multipart/report} without an ARF part is Exim's plain-text failure report. */
        private boolean eximText(MimeMultipart multipart) throws MessagingException, IOException {
            for (int i = 0; i < multipart.getCount(); i++) {
                Part child = multipart.getBodyPart(i);
                if (declaredType(child).equals("text/plain")) {
                    try (InputStream in = decoded(child)) {
                        byte[] head = in.readNBytes(EXIM_PEEK_BYTES);
                        if (FailureMailReader.looksLikeEximText(
                                new String(head, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /** A failure report: its whole MIME entity goes to the failure reader. */
        private void failure(Part part, int depth, List<String> context) throws IOException, MessagingException {
            String where = "mail part " + declaredType(part) + " (report-type=feedback-report)";
            if (!readers.containsKey(ReportKind.FAILURE) || sniffOnly) {
                whole(ReportKind.FAILURE, InputStream.nullInputStream(), context, where);
                return;
            }
            java.io.ByteArrayOutputStream entity = new java.io.ByteArrayOutputStream();
            part.writeTo(entity);
            whole(ReportKind.FAILURE, new ByteArrayInputStream(entity.toByteArray()), context, where);
        }

        void flush() {
            for (PendingWhole report : pendingWhole) {
                WholeReport whole = report.report.withWarnings(report.warnings.toList());
                LOG.debug("{}: {} warnings", whole.describe(), whole.warnings().size());
                try {
                    handler.whole(whole);
                } catch (RuntimeException e) {
                    throw new HandlerFailed(e);
                }
            }
            pendingWhole.clear();
            for (PendingReport report : pending) {
                List<String> warnings = report.warnings.toList();
                LOG.debug(
                        "report {} ({} {}): {} records, {} messages, {} warnings",
                        report.header.reportUid(),
                        report.header.orgName(),
                        report.header.reportId(),
                        report.recordCount,
                        report.messageCount,
                        warnings.size());
                try {
                    handler.end(report.header, report.recordCount, report.messageCount, warnings);
                } catch (RuntimeException e) {
                    throw new HandlerFailed(e);
                }
            }
            pending.clear();
        }

        private long drain(InputStream in) throws IOException {
            long total = 0;
            byte[] sink = new byte[8192];
            int n;
            while ((n = in.read(sink)) > 0) {
                total += n;
            }
            return total;
        }
    }

    /** A report read whole, held until the layers around it end (they may add warnings). */
    private static final class PendingWhole {
        final WholeReport report;
        final Warnings warnings = new Warnings();

        PendingWhole(WholeReport report) {
            this.report = report;
        }
    }

    private static List<String> with(List<String> context, String warning) {
        List<String> list = new ArrayList<>(context);
        list.add(warning);
        return list;
    }

    private static String declaredType(Part part) {
        try {
            String type = part.getContentType();
            if (type == null) {
                return "text/plain";
            }
            int semicolon = type.indexOf(';');
            return (semicolon >= 0 ? type.substring(0, semicolon) : type).trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "unknown";
        }
    }

    private static String fullType(Part part) {
        try {
            String type = part.getContentType();
            return type == null ? "text/plain" : type;
        } catch (MessagingException e) {
            return "unknown";
        }
    }

    private static List<String> childTypes(MimeMultipart multipart) throws MessagingException {
        List<String> types = new ArrayList<>(multipart.getCount());
        for (int i = 0; i < multipart.getCount(); i++) {
            types.add(declaredType(multipart.getBodyPart(i)));
        }
        return types;
    }

    private static String describeName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? "" : " (" + name + ")";
        } catch (MessagingException e) {
            return "";
        }
    }

    /** A warning suffix when the declared type does not match what the bytes are, else null. */
    private static String mismatch(String type, PartContent content) {
        boolean matches =
                switch (content) {
                    case GZIP -> type.contains("gzip");
                    case ZIP -> type.contains("zip") && !type.contains("gzip");
                    case XML, AGGREGATE_REPORT -> type.endsWith("/xml") || type.endsWith("+xml");
                    case JSON, TLS_REPORT -> type.endsWith("/json") || type.endsWith("+json");
                    default -> true;
                };
        String holds = content == PartContent.AGGREGATE_REPORT
                ? "XML"
                : content == PartContent.TLS_REPORT ? "JSON" : content.description();
        return matches ? null : " is declared as " + type + " but holds " + holds;
    }
}
