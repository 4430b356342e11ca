package io.ruaflow.api.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Properties;

/**
 * Where and how mail goes out: {@code smtps://HOST[:465]} (TLS from the start) or {@code smtp://HOST[:587]} (STARTTLS,
 * required unless the host is loopback), an optional user with its password (never in the URL), and the sender
 * address. The server's certificate is checked against the system trust store and must name the host.
 */
public record Smtp(String host, int port, Security security, String user, String password, String from) {
    /** How the connection is protected. */
    public enum Security {
        /** TLS from the first byte ({@code smtps://}). */
        TLS,
        /** STARTTLS, refused if the server does not offer it. */
        STARTTLS,
        /** Plain SMTP; only to a loopback host. */
        NONE
    }

    public static final int SMTPS_PORT = 465;
    public static final int SUBMISSION_PORT = 587;
    /** Connect, read and write timeout of one SMTP session. */
    public static final int TIMEOUT_MS = 30_000;

    /**
     * Parses {@code smtp://HOST[:PORT]} or {@code smtps://HOST[:PORT]}.
     *
     * @throws IllegalArgumentException naming the value when it is not such a URL or carries credentials
     */
    public static Smtp parse(String url, String user, String password, String from) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("SMTP URL must look like smtp://mail.example.com:587: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null) {
            throw new IllegalArgumentException("SMTP URL must look like smtp://mail.example.com:587: " + url);
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("SMTP URL must not carry a user or password: " + uri.getHost());
        }
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException("a sender address is needed (like dmarc@example.com): " + from);
        }
        boolean tls = scheme.equals("smtps");
        Security security = tls ? Security.TLS : isLoopback(uri.getHost()) ? Security.NONE : Security.STARTTLS;
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? SMTPS_PORT : SUBMISSION_PORT;
        return new Smtp(uri.getHost(), port, security, user, password, from);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A mail session for building and sending messages to this server. */
    public Session session() {
        Properties p = new Properties();
        String protocol = security == Security.TLS ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", host);
        p.put(prefix + "port", Integer.toString(port));
        p.put(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MS));
        p.put(prefix + "timeout", Integer.toString(TIMEOUT_MS));
        p.put(prefix + "writetimeout", Integer.toString(TIMEOUT_MS));
        p.put(prefix + "from", from);
        if (security == Security.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (security != Security.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
        }
        Authenticator auth = null;
        if (user != null && !user.isEmpty()) {
            p.put(prefix + "auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password == null ? "" : password);
                }
            };
        }
        return Session.getInstance(p, auth);
    }

    /**
     * Sends {@code message} (built on {@link #session()}).
     *
     * @throws MessagingException when the server refuses or cannot be reached; the message names the server
     */
    public void send(MimeMessage message) throws MessagingException {
        try {
            Transport.send(message);
        } catch (MessagingException e) {
            throw new MessagingException("sending mail through " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Smtp[" + security + " " + host + ":" + port + (user == null ? "" : " as " + user) + "]";
    }
}
