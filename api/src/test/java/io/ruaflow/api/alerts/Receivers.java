package io.ruaflow.api.alerts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.ruaflow.api.mail.Smtp;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** The real receivers alerts go to in tests: a loopback HTTP server that checks the signature, and GreenMail. */
final class Receivers implements AutoCloseable {
    static final String SECRET = "a-webhook-secret-of-some-length";
    static final String MAILBOX_USER = "owner";
    static final String MAILBOX_PASSWORD = "secret-pw";

    /** Bodies whose signature checked out, in arrival order. */
    final List<String> verified = new ArrayList<>();
    /** Requests whose signature did not. */
    final AtomicInteger forged = new AtomicInteger();
    /** Requests answered with 503 before the next one is accepted. */
    final AtomicInteger failNext = new AtomicInteger();

    private final HttpServer http;
    private final GreenMail greenMail;

    Receivers() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String header = exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE_HEADER);
            String expected = "sha256=" + WebhookChannel.sign(SECRET.getBytes(StandardCharsets.UTF_8), body);
            int status;
            if (header == null
                    || !MessageDigest.isEqual(
                            header.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII))) {
                forged.incrementAndGet();
                status = 401;
            } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
            } else {
                synchronized (verified) {
                    verified.add(new String(body, StandardCharsets.UTF_8));
                }
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
        greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
        }));
        greenMail.start();
        greenMail.setUser("owner@example.com", MAILBOX_USER, MAILBOX_PASSWORD);
    }

    URI hook() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
    }

    /** Plain SMTP on loopback, with authentication. */
    Smtp smtp() {
        return Smtp.parse(
                "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(),
                MAILBOX_USER,
                MAILBOX_PASSWORD,
                "dmarc@example.com");
    }

    List<String> verifiedBodies() {
        synchronized (verified) {
            return List.copyOf(verified);
        }
    }

    /** The subjects of the mails in the owner's inbox, read over IMAP. */
    List<String> inboxSubjects() throws Exception {
        List<String> subjects = new ArrayList<>();
        try (Store mailbox = Session.getInstance(new Properties()).getStore("imap")) {
            mailbox.connect("127.0.0.1", greenMail.getImap().getPort(), MAILBOX_USER, MAILBOX_PASSWORD);
            Folder inbox = mailbox.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            inbox.close(false);
        }
        return subjects;
    }

    /** The text of the inbox's first mail whose subject contains {@code part}. */
    String inboxText(String part) throws Exception {
        try (Store mailbox = Session.getInstance(new Properties()).getStore("imap")) {
            mailbox.connect("127.0.0.1", greenMail.getImap().getPort(), MAILBOX_USER, MAILBOX_PASSWORD);
            Folder inbox = mailbox.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    if (message.getSubject().contains(part)) {
                        return (String) message.getContent();
                    }
                }
            } finally {
                inbox.close(false);
            }
        }
        return null;
    }

    @Override
    public void close() {
        http.stop(0);
        greenMail.stop();
    }
}
