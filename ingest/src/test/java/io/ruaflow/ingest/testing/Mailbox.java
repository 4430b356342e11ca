package io.ruaflow.ingest.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Properties;

/**
 * A real mail server (GreenMail: SMTP and IMAP on free loopback ports) with one rua mailbox. Mails are sent through
 * SMTP as a provider would. {@link #close()} may be called twice.
 */
public final class Mailbox implements AutoCloseable {
    public static final String ADDRESS = "dmarc@example.com";
    public static final String USER = "dmarc";
    public static final String PASSWORD = "s3cret";

    private final GreenMail greenMail;
    private boolean closed;

    private Mailbox() {
        greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        greenMail.start();
        greenMail.setUser(ADDRESS, USER, PASSWORD);
    }

    public static Mailbox start() {
        return new Mailbox();
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
