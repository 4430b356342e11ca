package io.ruaflow.ingest.source;

import io.ruaflow.ingest.ErrorPolicy;
import io.ruaflow.parser.ReportSniffer;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls an IMAP mailbox. Every new mail (by UID, above the last one handled) is published to the raw topic and,
 * once the publish is acknowledged, moved to the processed folder (or flagged \Seen when none is configured); a
 * mail with no report attachment is moved to the invalid folder unpublished. The last handled UID and the folder's
 * UIDVALIDITY are kept in a state file, so a restart resumes where it stopped; when UIDVALIDITY changes the folder
 * is read again from the start (the store counts a report once). Each pass selects the folder afresh; a pass that
 * handled mail is followed by another at once, and after one that found nothing it waits with IDLE when the server
 * supports it (ended early by any new mail announced), for at most the poll interval. A dropped connection or
 * timeout is retried with backoff.
 *
 * <p>TLS ({@code imaps://}, or STARTTLS when required) checks the server's certificate against the system trust
 * store, or only against {@link ImapSettings#trustStore()} when one is given, and checks that it names the host; a
 * certificate that fails either check ends the connection before the password is sent, and is never accepted.
 */
public final class ImapSource implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImapSource.class);
    /** Longest pause between reconnection attempts. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private record Item(long uid, Message message, String source) {
        @Override
        public String toString() {
            return source;
        }
    }

    private final ImapSettings settings;
    private final RawPublisher publisher;
    private final SSLSocketFactory socketFactory;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "imap-idle-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<String> beforeMarkDone = source -> {};
    private volatile IMAPFolder openFolder;
    private volatile boolean idling;

    /**
     * @throws IllegalArgumentException when the settings' trust store cannot be read or holds no certificate
     */
    public ImapSource(ImapSettings settings, RawPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
        this.socketFactory = settings.trustStore() == null ? null : trusting(settings.trustStore());
    }

    /** A TLS socket factory that trusts exactly the certificates in {@code file} (PEM or DER, one or more). */
    static SSLSocketFactory trusting(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("IMAP trust store " + file + " holds no certificate");
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                anchors.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read IMAP trust store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "IMAP trust store " + file + " is not a PEM or DER certificate file: " + e.getMessage(), e);
        }
    }

    /** The server's TLS certificate (or its STARTTLS support) was refused; nothing was sent in the clear. */
    static final class TlsRefusedException extends MessagingException {
        private static final long serialVersionUID = 1L;

        TlsRefusedException(String message, Exception cause) {
            super(message, cause);
        }
    }

    /** Test hook: runs after a mail's publish was acknowledged and before it is moved. */
    public void beforeMarkDone(Consumer<String> hook) {
        this.beforeMarkDone = hook;
    }

    @Override
    public void run() {
        ErrorPolicy policy = ErrorPolicy.retryForever(FIRST_BACKOFF, MAX_BACKOFF);
        int failures = 0;
        while (!stopping.get()) {
            try {
                poll(() -> {});
                return;
            } catch (Exception e) {
                if (stopping.get()) {
                    return;
                }
                ErrorPolicy.Decision next = policy.decide(ErrorPolicy.Failure.TRANSIENT, ++failures);
                if (expected(e)) {
                    LOG.warn(
                            "mailbox {}: {}; {}",
                            settings.describe(),
                            e instanceof TlsRefusedException ? e.getMessage() : AckWindow.rootOf(e),
                            next.describe("the connection"));
                } else {
                    LOG.error(
                            "mailbox {}: unexpected failure; {}",
                            settings.describe(),
                            next.describe("the connection"),
                            e);
                }
                if (next.action() != ErrorPolicy.Action.RETRY) {
                    return;
                }
                sleep(next.delay());
            }
        }
    }

    /** Failures of the mailbox or the transport, logged without a stack trace. */
    private static boolean expected(Exception e) {
        return e instanceof MessagingException
                || e instanceof IOException
                || e instanceof IllegalStateException
                || e instanceof AckWindow.PublishFailedException;
    }

    /** Connects and handles mail until {@link #close()}; {@code afterPoll} runs after each pass (tests). */
    void poll(Runnable afterPoll) throws Exception {
        Store store = session().getStore(settings.ssl() ? "imaps" : "imap");
        try {
            String user = settings.url().getUserInfo();
            connect(store, user);
            IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            openFolder = folder;
            Folder processed = ensureFolder(store, settings.processedFolder());
            Folder invalid = ensureFolder(store, settings.invalidFolder());
            folder.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent event) {
                    wakeIdle(folder);
                }
            });
            LOG.info("polling mailbox {} (UIDVALIDITY {})", settings.describe(), folder.getUIDValidity());
            boolean fresh = true;
            while (!stopping.get()) {
                if (!fresh) {
                    reselect(folder);
                }
                fresh = false;
                int announced = folder.getMessageCount();
                int handled = pollOnce(folder, processed, invalid);
                afterPoll.run();
                if (handled == 0 && folder.getMessageCount() <= announced) {
                    waitForMail((IMAPStore) store, folder);
                }
            }
        } finally {
            openFolder = null;
            closeQuietly(store);
        }
    }

    /**
     * Selects the folder again, so the client sees it as the server has it now. Each pass starts so, and a pass
     * that handled mail, or heard of new mail while it ran, is followed by another at once; only a pass that found
     * nothing waits. A server may announce mail that arrives during a MOVE with an EXISTS count already lowered by
     * the EXPUNGE it sends after it (GreenMail does), or send a FETCH for a message before the EXISTS that announces
     * it: the client then counts fewer messages than there are, and the newest mails stay out of its view (and out
     * of "UID FETCH n:*") until the next SELECT, however often it idles or polls.
     */
    private static void reselect(IMAPFolder folder) throws MessagingException {
        if (folder.isOpen()) {
            folder.close(false); // UNSELECT (or EXAMINE and CLOSE): expunges nothing
        }
        folder.open(Folder.READ_WRITE);
    }

    /**
     * New mail was announced: ends a running IDLE, so the next pass picks it up. An announcement read while IDLE
     * starts (a server may send what arrived since the last command before it confirms the IDLE) does not end
     * {@code idle(true)} by itself. One read during a pass is seen by the pass's own count check.
     */
    private void wakeIdle(IMAPFolder folder) {
        if (idling && !stopping.get()) {
            try {
                watchdog.execute(() -> abortIdle(folder));
            } catch (RejectedExecutionException e) {
                // stopping: close() ends the IDLE itself
            }
        }
    }

    private void connect(Store store, String user) throws MessagingException {
        String host = settings.url().getHost();
        try {
            store.connect(host, settings.url().getPort(), user, settings.password());
        } catch (MessagingException e) {
            String root = AckWindow.rootOf(e);
            String trusted = settings.trustStore() == null
                    ? "the system trust store"
                    : "the certificates in " + settings.trustStore();
            SSLException tls = cause(e, SSLException.class);
            if (tls != null) {
                throw new TlsRefusedException(
                        "TLS refused: the server's certificate is not trusted or does not name " + host + " (trusting "
                                + trusted + "): " + tls.getMessage(),
                        e);
            }
            if (settings.startTls() && !settings.ssl() && root.contains("STARTTLS")) {
                throw new TlsRefusedException(
                        "TLS refused: STARTTLS is required but " + host + " does not offer it: " + root, e);
            }
            throw e;
        }
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Handles every mail above the last handled UID; returns how many it handled (published or moved to invalid). */
    int pollOnce(IMAPFolder folder, Folder processed, Folder invalid) throws Exception {
        long uidValidity = folder.getUIDValidity();
        ImapState state = ImapState.load(settings.stateFile());
        if (state.uidValidity() != -1 && state.uidValidity() != uidValidity) {
            LOG.warn(
                    "mailbox {}: UIDVALIDITY changed from {} to {}; reading the folder again from the start (the store"
                            + " ignores reports it already has)",
                    settings.describe(),
                    state.uidValidity(),
                    uidValidity);
            state = new ImapState(uidValidity, 0);
        }
        long[] lastUid = {state.lastUid()};
        Message[] messages = folder.getMessagesByUID(lastUid[0] + 1, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.SIZE);
        folder.fetch(messages, profile);
        AckWindow<Item> window = new AckWindow<>(settings.maxInflight());
        AckWindow.Done<Item> done = item -> {
            beforeMarkDone.accept(item.source());
            moveOrFlag(folder, item.message(), processed);
            lastUid[0] = item.uid();
            new ImapState(uidValidity, item.uid()).save(settings.stateFile());
        };
        int handled = 0;
        for (Message message : messages) {
            if (stopping.get()) {
                break;
            }
            long uid = folder.getUID(message);
            if (uid <= lastUid[0]) {
                continue; // "UID n:*" always returns the last message
            }
            String source = settings.describe() + " uid " + uid + " (uidvalidity " + uidValidity + ")";
            byte[] raw = message.getSize() > settings.maxInputBytes() ? null : bytes(message);
            if (raw == null || !ReportSniffer.mayHoldReport(raw)) {
                window.drain(done, 0);
                LOG.info(
                        "{}: {}; moved to {}",
                        source,
                        raw == null
                                ? "over " + settings.maxInputBytes() + " bytes (raised by "
                                        + DirectorySettings.MAX_INPUT_BYTES_KEY + ")"
                                : "no report attachment",
                        invalid == null ? "nowhere (left in place)" : invalid.getFullName());
                publisher.countInvalid("imap");
                moveOrFlag(folder, message, invalid);
                lastUid[0] = uid;
                new ImapState(uidValidity, uid).save(settings.stateFile());
                handled++;
                continue;
            }
            window.add(new Item(uid, message, source), publisher.publish("imap", source, raw), done);
            handled++;
        }
        window.drain(done, 0);
        return handled;
    }

    private static byte[] bytes(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, message.getSize()));
        message.writeTo(out);
        return out.toByteArray();
    }

    private static void moveOrFlag(IMAPFolder folder, Message message, Folder target) throws MessagingException {
        if (target == null) {
            message.setFlag(Flags.Flag.SEEN, true);
            return;
        }
        Message[] one = {message};
        if (folder.getStore() instanceof IMAPStore store && store.hasCapability("MOVE")) {
            folder.moveMessages(one, target);
        } else {
            folder.copyMessages(one, target);
            message.setFlag(Flags.Flag.DELETED, true); // left for the mailbox's own expunge; never expunged here
        }
    }

    private static Folder ensureFolder(Store store, String name) throws MessagingException {
        if (name.isEmpty()) {
            return null;
        }
        Folder folder = store.getFolder(name);
        if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create IMAP folder " + name);
        }
        return folder;
    }

    private void waitForMail(IMAPStore store, IMAPFolder folder) throws MessagingException {
        if (stopping.get()) {
            return;
        }
        if (settings.idle() && store.hasCapability("IDLE")) {
            ScheduledFuture<?> abort = watchdog.schedule(
                    () -> abortIdle(folder), settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            try {
                idling = true;
                if (!stopping.get()) {
                    folder.idle(true);
                }
            } finally {
                idling = false;
                abort.cancel(false);
            }
        } else {
            sleep(settings.pollInterval());
            folder.getMessageCount(); // keeps the connection alive and notices a dropped one
        }
    }

    /** Any command from another thread ends an IDLE: a NOOP, sent whatever the last command's age. */
    private static void abortIdle(IMAPFolder folder) {
        try {
            folder.doCommand(protocol -> {
                protocol.simpleCommand("NOOP", null);
                return null;
            });
        } catch (MessagingException | IllegalStateException e) {
            // the poll loop notices a broken connection itself
        }
    }

    private Session session() {
        String protocol = settings.ssl() ? "imaps" : "imap";
        String timeout = Long.toString(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".writetimeout", timeout);
        props.put("mail." + protocol + ".partialfetch", "false");
        props.put("mail." + protocol + ".fetchsize", Integer.toString(1024 * 1024));
        if (settings.ssl()) {
            props.put("mail.imaps.ssl.checkserveridentity", "true");
        }
        if (socketFactory != null) {
            props.put("mail." + protocol + ".ssl.socketFactory", socketFactory);
        }
        if (settings.startTls()) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
            props.put("mail.imap.ssl.checkserveridentity", "true");
        }
        return Session.getInstance(props);
    }

    private void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopping.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, duration.toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // closing a broken connection
        }
    }

    /** Stops after the current mail; safe to call twice. */
    @Override
    public void close() {
        if (stopping.compareAndSet(false, true)) {
            IMAPFolder folder = openFolder;
            if (folder != null && idling) {
                watchdog.execute(() -> abortIdle(folder));
            }
            watchdog.shutdown();
        }
    }
}
