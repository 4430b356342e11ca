package io.ruaflow.ingest.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.ruaflow.enricher.testing.FreePorts;
import io.ruaflow.enricher.testing.TestCertificate;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real mail server (GreenMail: SMTP and IMAP on free loopback ports) with one rua mailbox. Mails are sent through
 * SMTP as a provider would. {@link #startWithImaps()} also serves IMAPS with a self-signed certificate for the name
 * {@code localhost} only (generated once per JVM: {@link TestCertificate}). {@link #close()} may be called twice.
 */
public final class Mailbox implements AutoCloseable {
    public static final String ADDRESS = "dmarc@example.com";
    public static final String USER = "dmarc";
    public static final String PASSWORD = "s3cret";

    private final GreenMail greenMail;
    private boolean closed;

    private Mailbox(ServerSetup[] setups) {
        greenMail = started(setups);
        greenMail.setUser(ADDRESS, USER, PASSWORD);
    }

    /** Starts GreenMail, again on fresh ports when its start-up check fails, as it sometimes does on a loaded machine. */
    private static GreenMail started(ServerSetup[] setups) {
        return FreePorts.startRetrying(
                "GreenMail test mailbox",
                () -> {
                    GreenMail mail = new GreenMail(ServerSetup.dynamicPort(setups));
                    try {
                        mail.start();
                        return mail;
                    } catch (IllegalStateException e) {
                        mail.stop();
                        throw e;
                    }
                },
                e -> e instanceof IllegalStateException);
    }

    public static Mailbox start() {
        return new Mailbox(ServerSetupTest.SMTP_IMAP);
    }

    /** SMTP, IMAP and IMAPS; the IMAPS certificate is {@link #serverCertificate()}, valid for {@code localhost}. */
    public static Mailbox startWithImaps() {
        Tls.init();
        return new Mailbox(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.IMAP, ServerSetupTest.IMAPS});
    }

    /** PEM of the IMAPS server's self-signed certificate (subject alternative name DNS:localhost only). */
    public static Path serverCertificate() {
        return Tls.init().serverPem;
    }

    /** PEM of another self-signed certificate for {@code localhost}: not the server's. */
    public static Path otherCertificate() {
        return Tls.init().otherPem;
    }

    /** {@code imaps://dmarc@HOST:PORT/INBOX}. */
    public URI imapsUrl(String host) {
        return URI.create(
                "imaps://" + USER + "@" + host + ":" + greenMail.getImaps().getPort() + "/INBOX");
    }

    private static final class Tls {
        private static Tls instance;
        private final Path serverPem;
        private final Path otherPem;

        private Tls(Path dir) {
            TestCertificate server = TestCertificate.forNames("localhost");
            serverPem = server.writePem(dir.resolve("server.pem"));
            otherPem = TestCertificate.forNames("localhost").writePem(dir.resolve("other.pem"));
            // read once by GreenMail, when its first TLS server starts
            System.setProperty("greenmail.tls.keystore.file", server.keyStore().toString());
            System.setProperty("greenmail.tls.keystore.password", server.password());
            System.setProperty("greenmail.tls.key.password", server.password());
        }

        static synchronized Tls init() {
            if (instance == null) {
                try {
                    Path dir = Files.createTempDirectory("ruaflow-imaps");
                    dir.toFile().deleteOnExit();
                    instance = new Tls(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return instance;
        }
    }

    /** {@code imap://dmarc@127.0.0.1:PORT/INBOX}; the password is {@link #PASSWORD}. */
    public URI imapUrl() {
        return URI.create("imap://" + USER + "@127.0.0.1:" + greenMail.getImap().getPort() + "/INBOX");
    }

    /** Sends a raw RFC 5322 mail to the mailbox through SMTP. */
    public void send(byte[] raw) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
        Session session = Session.getInstance(props);
        try {
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
            Transport.send(message, new InternetAddress[] {new InternetAddress(ADDRESS)});
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send mail to " + ADDRESS, e);
        }
    }

    /** Messages in {@code folder} now (0 when it does not exist). */
    public int count(String folder) {
        Properties props = new Properties();
        Session session = Session.getInstance(props);
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), USER, PASSWORD);
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return 0;
            }
            f.open(Folder.READ_ONLY);
            int count = 0;
            for (jakarta.mail.Message message : f.getMessages()) {
                if (!message.isSet(jakarta.mail.Flags.Flag.DELETED)) {
                    count++;
                }
            }
            f.close(false);
            return count;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot count mails in " + folder, e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            greenMail.stop();
        }
    }
}
