package io.ruaflow.samples;

import io.ruaflow.samples.SampleWorld.Sender;
import io.ruaflow.samples.SampleWorld.SenderKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * DMARC failure reports (ruf) about a {@link SampleWorld}: one per failing message of its spoofers and misconfigured
 * services, in the three shapes real receivers send: ARF with the original's headers ({@code text/rfc822-headers}),
 * ARF with the whole original ({@code message/rfc822}), and Exim's plain text without an ARF part. The same seed,
 * world and dates give byte-identical mails.
 */
public final class FailureSamples {
    /** The most failure reports one call writes. */
    public static final int MAX_FAILURE_REPORTS = 100_000;

    /** The folder of a sample set that holds the failure reports. */
    public static final String FAILURE_DIR = "failure";

    /** The three shapes, taken in turn. */
    public enum Shape {
        ARF_HEADERS,
        ARF_MESSAGE,
        EXIM_TEXT
    }

    /** One generated failure report and the facts it states, for tests to check a parser against. */
    public record Sample(
            String fileName, Shape shape, String domain, String sourceIp, ZonedDateTime arrival, String mail) {}

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final String[] SUBJECTS = {
        "Your invoice is ready",
        "Password reset request",
        "Urgent: payment overdue",
        "Weekly newsletter",
        "Your order has shipped"
    };

    private FailureSamples() {}

    /**
     * {@code count} failure reports about the world's failing senders (spoofers and misconfigured services), spread
     * over the days {@code from} to {@code to}, shapes in turn.
     */
    public static List<Sample> generate(SampleWorld world, int count, LocalDate from, LocalDate to) {
        if (count < 0 || count > MAX_FAILURE_REPORTS) {
            throw new IllegalArgumentException(
                    "failure reports must be 0 to " + MAX_FAILURE_REPORTS + " (MAX_FAILURE_REPORTS): " + count);
        }
        List<Sender> failing = world.senders().stream()
                .filter(s -> s.kind() == SenderKind.SPOOFER || s.kind() == SenderKind.MISCONFIGURED)
                .toList();
        List<Sample> samples = new ArrayList<>(count);
        if (failing.isEmpty() || count == 0) {
            return samples;
        }
        Random random = new Random(world.seed() * 31 + 6591);
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        for (int i = 0; i < count; i++) {
            Sender sender = failing.get(i % failing.size());
            Shape shape = Shape.values()[i % Shape.values().length];
            ZonedDateTime arrival =
                    from.plusDays(i % days).atStartOfDay(ZoneOffset.UTC).plusSeconds(random.nextInt(86_400));
            String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
            String name = String.format(Locale.ROOT, "failure-%05d.eml", i + 1);
            String mail = mail(sender, shape, arrival, subject, i + 1);
            samples.add(new Sample(name, shape, sender.policyDomain(), sender.ip(), arrival, mail));
        }
        return samples;
    }

    /** Writes {@code samples} into {@code dir} (created), one {@code .eml} each; returns how many. */
    public static int writeTo(List<Sample> samples, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Sample sample : samples) {
            Files.writeString(dir.resolve(sample.fileName()), sample.mail(), StandardCharsets.UTF_8);
        }
        return samples.size();
    }

    private static String mail(Sender s, Shape shape, ZonedDateTime arrival, String subject, int n) {
        String date = RFC_5322.format(arrival);
        String reportDate = RFC_5322.format(arrival.plusMinutes(5));
        String messageId =
                "<" + Integer.toHexString(n * 7919) + "." + arrival.toEpochSecond() + "@" + s.envelopeFrom() + ">";
        String dkim = s.signatures().isEmpty() ? null : s.signatures().get(0).domain();
        String selector =
                s.signatures().isEmpty() ? null : s.signatures().get(0).selector();
        String dkimResult =
                s.signatures().isEmpty() ? "none" : s.signatures().get(0).result();
        String original = "Received: from " + (s.ptr() == null ? "unknown" : s.ptr()) + " ([" + s.ip() + "])\n"
                + "\tby mx.receiver.example with ESMTPS; " + date + "\n"
                + (dkim == null
                        ? ""
                        : "DKIM-Signature: v=1; a=rsa-sha256; d=" + dkim + "; s=" + selector
                                + "; h=from:to:subject; b=c2FtcGxl\n")
                + "From: \"Customer Service\" <service@" + s.policyDomain() + ">\n"
                + "To: <customer" + n + "@receiver.example>\n"
                + "Subject: " + subject + "\n"
                + "Date: " + date + "\n"
                + "Message-ID: " + messageId + "\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=us-ascii\n";
        String authResults = "mx.receiver.example; dkim=" + dkimResult
                + (dkim == null ? "" : " header.d=" + dkim) + "; spf=" + s.spfResult() + " smtp.mailfrom="
                + s.envelopeFrom() + "; dmarc=fail header.from=" + s.policyDomain();
        String head = "From: DMARC failure reports <ruf-noreply@receiver.example>\n"
                + "To: " + SampleWorld.RUA_ADDRESS + "\n"
                + "Date: " + reportDate + "\n"
                + "Message-ID: <ruf-" + n + "." + arrival.toEpochSecond() + "@receiver.example>\n"
                + "MIME-Version: 1.0\n";
        if (shape == Shape.EXIM_TEXT) {
            return head + "Subject: DMARC Forensic Report for " + s.policyDomain() + " from IP " + s.ip() + "\n"
                    + "Content-Type: multipart/report; boundary=\"exim-" + n + "\"\n\n"
                    + "--exim-" + n + "\nContent-Type: text/plain; charset=\"us-ascii\"\n\n"
                    + "A message claiming to be from you has failed the published DMARC policy for your domain.\n\n"
                    + "  Sender Domain: " + s.policyDomain() + "\n"
                    + "  Sender IP Address: " + s.ip() + "\n"
                    + "  Received date: " + date + "\n"
                    + "  SPF Alignment: no\n"
                    + "  DKIM Alignment: no\n"
                    + "  DMARC Results: Reject, Reject\n\n"
                    + "------ This is a copy of the headers that were received before the error was detected.\n\n"
                    + "Received-SPF: " + s.spfResult() + " client-ip=" + s.ip() + "; envelope-from=bounce@"
                    + s.envelopeFrom() + ";\n"
                    + "Authentication-Results: " + authResults + "\n"
                    + original + "\n"
                    + "--exim-" + n + "--\n";
        }
        String originalPart = shape == Shape.ARF_HEADERS
                ? "Content-Type: text/rfc822-headers\n\n" + original
                : "Content-Type: message/rfc822\n\n" + original + "\nDear customer, please find your document.\n";
        return head + "Subject: DMARC failure report for " + s.policyDomain() + " from " + s.ip() + "\n"
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf-" + n + "\"\n\n"
                + "--arf-" + n + "\nContent-Type: text/plain; charset=us-ascii\n\n"
                + "This is an authentication failure report for a message received from IP " + s.ip() + ".\n\n"
                + "--arf-" + n + "\nContent-Type: message/feedback-report\n\n"
                + "Feedback-Type: auth-failure\n"
                + "User-Agent: ruaflow-samples/1.0\n"
                + "Version: 1\n"
                + "Original-Mail-From: <bounce@" + s.envelopeFrom() + ">\n"
                + "Original-Rcpt-To: <customer" + n + "@receiver.example>\n"
                + "Arrival-Date: " + date + "\n"
                + "Source-IP: " + s.ip() + "\n"
                + "Reported-Domain: " + s.policyDomain() + "\n"
                + "Authentication-Results: " + authResults + "\n"
                + (dkim == null ? "" : "DKIM-Domain: " + dkim + "\nDKIM-Selector: " + selector + "\n")
                + "Delivery-Result: " + (n % 2 == 0 ? "reject" : "delivered") + "\n"
                + "Auth-Failure: dmarc\n\n"
                + "--arf-" + n + "\n" + originalPart + "\n"
                + "--arf-" + n + "--\n";
    }
}
