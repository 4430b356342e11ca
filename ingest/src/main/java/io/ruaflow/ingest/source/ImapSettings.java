package io.ruaflow.ingest.source;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to poll a mailbox.
 *
 * @param url {@code imaps://user@host[:993]/INBOX} or {@code imap://user@host[:143]/INBOX}; the path names the
 *     folder (default INBOX); a password in the URL is refused
 * @param password read from an environment variable or a file by the caller, never from the command line
 * @param startTls require STARTTLS on an {@code imap://} connection
 * @param processedFolder where published mails are moved; empty leaves them in place (flagged \Seen)
 * @param invalidFolder where mails without a report are moved; empty leaves them in place
 * @param pollInterval pause between polls, and the longest IDLE before a poll
 * @param idle wait with IMAP IDLE when the server supports it
 * @param stateFile remembers UIDVALIDITY and the last handled UID across restarts
 * @param timeout connect and read timeout of the IMAP connection
 * @param maxInflight mails published but not yet acknowledged before the poller waits
 * @param maxInputBytes larger mails are moved to the invalid folder unread
 * @param trustStore a PEM (or DER) file of the certificates to trust for the server's TLS certificate (a private CA
 *     or the server's own self-signed certificate) instead of the system trust store; null: the system trust store.
 *     The host name is checked against the certificate either way.
 */
public record ImapSettings(
        URI url,
        String password,
        boolean startTls,
        String processedFolder,
        String invalidFolder,
        Duration pollInterval,
        boolean idle,
        Path stateFile,
        Duration timeout,
        int maxInflight,
        long maxInputBytes,
        Path trustStore) {

    public ImapSettings {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("imap") && !scheme.equals("imaps")) {
            throw new IllegalArgumentException("IMAP URL must start with imaps:// or imap://: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(
                    "IMAP URL must name a host, like imaps://user@mail.example.com/INBOX: " + url);
        }
        if (url.getUserInfo() == null || url.getUserInfo().isEmpty()) {
            throw new IllegalArgumentException("IMAP URL must name the user, like imaps://user@host/INBOX: " + url);
        }
        if (url.getUserInfo().contains(":")) {
            throw new IllegalArgumentException(
                    "IMAP URL must not contain a password (use the password environment variable or file): "
                            + url.getScheme() + "://" + url.getHost());
        }
        processedFolder = processedFolder == null ? "" : processedFolder;
        invalidFolder = invalidFolder == null ? "" : invalidFolder;
    }

    public static ImapSettings of(URI url, String password, Path stateFile) {
        return new ImapSettings(
                url,
                password,
                false,
                "processed",
                "invalid",
                Duration.ofMinutes(1),
                true,
                stateFile,
                Duration.ofSeconds(30),
                200,
                DirectorySettings.DEFAULT_MAX_INPUT_BYTES,
                null);
    }

    public ImapSettings withPollInterval(Duration interval) {
        return new ImapSettings(
                url,
                password,
                startTls,
                processedFolder,
                invalidFolder,
                interval,
                idle,
                stateFile,
                timeout,
                maxInflight,
                maxInputBytes,
                trustStore);
    }

    public ImapSettings withIdle(boolean useIdle) {
        return new ImapSettings(
                url,
                password,
                startTls,
                processedFolder,
                invalidFolder,
                pollInterval,
                useIdle,
                stateFile,
                timeout,
                maxInflight,
                maxInputBytes,
                trustStore);
    }

    /** Trusts the certificates in {@code file} (PEM or DER) instead of the system trust store. */
    public ImapSettings withTrustStore(Path file) {
        return new ImapSettings(
                url,
                password,
                startTls,
                processedFolder,
                invalidFolder,
                pollInterval,
                idle,
                stateFile,
                timeout,
                maxInflight,
                maxInputBytes,
                file);
    }

    /** Requires (or not) STARTTLS on an {@code imap://} connection. */
    public ImapSettings withStartTls(boolean require) {
        return new ImapSettings(
                url,
                password,
                require,
                processedFolder,
                invalidFolder,
                pollInterval,
                idle,
                stateFile,
                timeout,
                maxInflight,
                maxInputBytes,
                trustStore);
    }

    boolean ssl() {
        return url.getScheme().equalsIgnoreCase("imaps");
    }

    String folder() {
        String path = url.getPath();
        return path == null || path.isEmpty() || path.equals("/") ? "INBOX" : path.substring(1);
    }

    /** The mailbox without credentials, for logs and the source header. */
    String describe() {
        return url.getScheme() + "://" + url.getUserInfo() + "@" + url.getHost()
                + (url.getPort() > 0 ? ":" + url.getPort() : "") + "/" + folder();
    }
}
