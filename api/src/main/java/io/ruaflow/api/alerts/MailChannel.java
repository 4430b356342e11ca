package io.ruaflow.api.alerts;

import io.ruaflow.api.mail.Smtp;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alerts as plain-text mail through {@link Smtp} (TLS or STARTTLS, with auth when configured) to the domain's
 * recipients ({@code example.com:a@example.com; *:ops@example.net}, {@code *} for every other domain).
 */
public final class MailChannel implements AlertChannel {
    /** The recipients entry that covers every domain without its own. */
    public static final String ANY_DOMAIN = "*";

    private final Smtp smtp;
    private final Map<String, List<InternetAddress>> recipients;

    public MailChannel(Smtp smtp, Map<String, List<InternetAddress>> recipients) {
        this.smtp = smtp;
        this.recipients = new TreeMap<>(recipients);
    }

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public boolean covers(String domain) {
        return !to(domain).isEmpty();
    }

    private List<InternetAddress> to(String domain) {
        List<InternetAddress> own = recipients.get(domain.toLowerCase(Locale.ROOT));
        return own != null ? own : recipients.getOrDefault(ANY_DOMAIN, List.of());
    }

    @Override
    public void send(Alert alert) throws IOException {
        List<InternetAddress> to = to(alert.domain());
        if (to.isEmpty()) {
            return;
        }
        try {
            MimeMessage message = new MimeMessage(smtp.session());
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
            message.setSubject("[ruaflow] " + alert.domain() + ": " + alert.summary(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(alert.firedAt()));
            message.setHeader("X-Ruaflow-Alert", alert.key());
            StringBuilder text = new StringBuilder();
            text.append(alert.summary()).append("\n\n");
            text.append("Kind: ").append(alert.kind().wireName()).append('\n');
            text.append("Domain: ").append(alert.domain()).append('\n');
            text.append("About: ").append(alert.subject()).append('\n');
            text.append("Fired at: ").append(alert.firedAt()).append('\n');
            new TreeMap<>(alert.details())
                    .forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
            text.append("\nThis alert fires once for this condition; ruaflow lists every alert at /api/alerts.\n");
            message.setText(text.toString(), StandardCharsets.UTF_8.name());
            smtp.send(message);
        } catch (MessagingException e) {
            throw new IOException("mailing alert " + alert.key() + " to " + to + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "mail via " + smtp;
    }
}
