package io.ruaflow.api.weekly;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The weekly report as a mail: the HTML page inline (inline styles, no scripts) with its chart as inline SVG and,
 * for Outlook, as a PNG in the same multipart/related part ({@link #CHART_CID}), and the CSV attached as
 * {@code dmarc-<domain>-<week>.csv}; the subject names the domain, the week and the verdict.
 */
public final class WeeklyMail {
    /** The Content-ID of the chart's PNG, which Outlook shows instead of the inline SVG. */
    public static final String CHART_CID = "daily-volume@ruaflow";

    private WeeklyMail() {}

    public static MimeMessage compose(
            Session session, WeeklyReport report, InternetAddress from, List<InternetAddress> to, Instant now)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(MimeMessage.RecipientType.TO, to.toArray(InternetAddress[]::new));
        message.setSubject(
                "DMARC weekly report " + report.domain() + " " + report.week() + ": "
                        + report.readiness().verdict().wireName().replace('_', ' '),
                "UTF-8");
        message.setSentDate(Date.from(now));

        MimeBodyPart html = new MimeBodyPart();
        html.setContent(WeeklyReportHtml.render(report, CHART_CID), "text/html; charset=utf-8");
        MimeBodyPart chart = new MimeBodyPart();
        chart.setDataHandler(new DataHandler(new ByteArrayDataSource(WeeklyChart.png(report.daily()), "image/png")));
        chart.setContentID("<" + CHART_CID + ">");
        chart.setDisposition(MimeBodyPart.INLINE);
        chart.setFileName("daily-volume.png");
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(html);
        related.addBodyPart(chart);
        MimeBodyPart page = new MimeBodyPart();
        page.setContent(related);
        MimeBodyPart csv = new MimeBodyPart();
        csv.setDataHandler(new DataHandler(new ByteArrayDataSource(csvBytes(report), "text/csv; charset=utf-8")));
        csv.setFileName("dmarc-" + report.domain() + "-" + report.week() + ".csv");
        csv.setDisposition(MimeBodyPart.ATTACHMENT);

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(page);
        mixed.addBodyPart(csv);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private static byte[] csvBytes(WeeklyReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WeeklyReportFormat.CSV.write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the CSV of the weekly report of " + report.domain(), e);
        }
        return out.toByteArray();
    }
}
