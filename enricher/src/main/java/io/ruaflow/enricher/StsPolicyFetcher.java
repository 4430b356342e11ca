package io.ruaflow.enricher;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Fetches a domain's MTA-STS policy file as a sending MTA does (RFC 8461 3.3): {@code mta-sts.<domain>} is resolved
 * through our own {@link DnsClient}, the connection goes to the resolved address with TLS, SNI and certificate
 * hostname verification against {@code mta-sts.<domain>}, one HTTP/1.1 GET, redirects not followed, the body read up
 * to {@value #MAX_POLICY_BYTES} bytes. Never throws: every failure is an {@link Outcome}. Blocking; safe for
 * concurrent use.
 */
final class StsPolicyFetcher {
    static final int HTTPS_PORT = 443;
    static final String PATH = "/.well-known/mta-sts.txt";
    /** RFC 8461 3.3 lets senders refuse larger policy bodies; so do we. */
    static final int MAX_POLICY_BYTES = 64 * 1024;
    /** Status line and headers together. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The resolved addresses tried, A before AAAA. */
    static final int MAX_ADDRESSES = 4;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest wait for any one read, the TLS handshake included. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** The longest a whole fetch may take once connected, however slowly the server trickles bytes. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

    /** What became of a fetch. */
    enum Outcome {
        /** An HTTP response was read: see {@code status}, {@code contentType}, {@code body}. */
        RESPONSE,
        /** {@code mta-sts.<domain>} has no A or AAAA record (or DNS did not answer). */
        NO_ADDRESS,
        /** No TCP connection, or it broke or timed out. */
        UNREACHABLE,
        /** The TLS handshake failed: untrusted or expired certificate, no common protocol. */
        TLS,
        /** The certificate is trusted but does not name {@code mta-sts.<domain>}. */
        CERTIFICATE_NAME,
        /** The body is larger than {@link #MAX_POLICY_BYTES}. */
        TOO_LARGE,
        /** What came back is not HTTP/1.x. */
        BAD_RESPONSE
    }

    /**
     * One fetch: the URL, the outcome, and for {@link Outcome#RESPONSE} the status, the Content-Type (null if none),
     * the Location (null if none) and the body as UTF-8; {@code problem} says what failed otherwise.
     */
    record Fetched(
            String url, Outcome outcome, int status, String contentType, String location, String body, String problem) {
        static Fetched failed(String url, Outcome outcome, String problem) {
            return new Fetched(url, outcome, 0, null, null, null, problem);
        }
    }

    private final DnsClient dns;
    private final SSLSocketFactory tls;
    private final int port;

    /** The production fetcher: port 443, the JDK's default trust store. */
    StsPolicyFetcher(DnsClient dns) {
        this(dns, (SSLSocketFactory) SSLSocketFactory.getDefault(), HTTPS_PORT);
    }

    /** For tests: trust what {@code tls} trusts and connect to {@code port} instead of 443. */
    StsPolicyFetcher(DnsClient dns, SSLSocketFactory tls, int port) {
        this.dns = dns;
        this.tls = tls;
        this.port = port;
    }

    static String host(String domain) {
        return "mta-sts." + domain;
    }

    static String url(String domain) {
        return "https://" + host(domain) + PATH;
    }

    Fetched fetch(String domain) {
        String host = host(domain);
        String url = url(domain);
        List<InetAddress> addresses = new ArrayList<>();
        List<String> dnsProblems = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            DnsAnswer answer = dns.query(host, type).join();
            if (answer.isTempError()) {
                dnsProblems.add(answer.problem());
            }
            for (Record r : answer.records()) {
                if (r instanceof ARecord a) {
                    addresses.add(a.getAddress());
                } else if (r instanceof AAAARecord aaaa) {
                    addresses.add(aaaa.getAddress());
                }
            }
        }
        if (addresses.isEmpty()) {
            return Fetched.failed(
                    url,
                    Outcome.NO_ADDRESS,
                    dnsProblems.isEmpty()
                            ? host + " has no A or AAAA record"
                            : "DNS did not answer for " + host + ": " + String.join("; ", dnsProblems));
        }
        List<String> refused = new ArrayList<>();
        for (InetAddress address : addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES))) {
            Socket raw = new Socket();
            try {
                raw.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                closeQuietly(raw);
                refused.add(address.getHostAddress() + ": " + e.getMessage());
                continue;
            }
            return fetchOver(raw, host, url, address);
        }
        return Fetched.failed(url, Outcome.UNREACHABLE, "cannot connect to " + host + " port " + port + ": " + refused);
    }

    private Fetched fetchOver(Socket raw, String host, String url, InetAddress address) {
        String where = host + " (" + address.getHostAddress() + " port " + port + ")";
        try (SSLSocket socket = (SSLSocket) tls.createSocket(raw, host, port, true)) {
            raw.setSoTimeout((int) READ_TIMEOUT.toMillis());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
            } catch (SSLException e) {
                CertificateException name = nameMismatch(e);
                if (name != null) {
                    return Fetched.failed(
                            url,
                            Outcome.CERTIFICATE_NAME,
                            "the certificate of " + where + " does not name " + host + ": " + name.getMessage());
                }
                return Fetched.failed(url, Outcome.TLS, "TLS with " + where + " failed: " + e.getMessage());
            }
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + PATH + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: ruaflow\r\n"
                            + "Accept: text/plain\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + FETCH_TIMEOUT.toNanos();
            return HttpResponse.read(new BufferedInputStream(socket.getInputStream()), url, deadline);
        } catch (SocketTimeoutException e) {
            return Fetched.failed(url, Outcome.UNREACHABLE, where + " did not answer in time: " + e.getMessage());
        } catch (SSLException e) {
            return Fetched.failed(url, Outcome.TLS, "TLS with " + where + " failed: " + e.getMessage());
        } catch (IOException e) {
            return Fetched.failed(url, Outcome.UNREACHABLE, "the connection to " + where + " broke: " + e.getMessage());
        }
    }

    /** The hostname-verification failure inside a handshake failure, or null when it is another TLS problem. */
    private static CertificateException nameMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException c
                    && c.getMessage() != null
                    && (c.getMessage().startsWith("No subject alternative")
                            || c.getMessage().startsWith("No name matching"))) {
                return c;
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was sent on it
        }
    }

    /** Reads one HTTP/1.1 response: fixed length, chunked, or up to the end of the connection. */
    static final class HttpResponse {
        private final InputStream in;
        private final long deadline;

        private HttpResponse(InputStream in, long deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        static Fetched read(InputStream in, String url, long deadline) throws IOException {
            return new HttpResponse(in, deadline).read(url);
        }

        private Fetched read(String url) throws IOException {
            int[] headerBytes = {0};
            String statusLine = line(headerBytes);
            String[] parts = statusLine == null ? new String[0] : statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
                return Fetched.failed(url, Outcome.BAD_RESPONSE, "not an HTTP/1.x response: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            String contentType = null;
            String location = null;
            String transferEncoding = null;
            long contentLength = -1;
            for (String header = line(headerBytes); header != null && !header.isEmpty(); header = line(headerBytes)) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).strip();
                switch (name) {
                    case "content-type" -> contentType = value;
                    case "location" -> location = value;
                    case "transfer-encoding" -> transferEncoding = value.toLowerCase(Locale.ROOT);
                    case "content-length" -> contentLength = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -1;
                    default -> {}
                }
            }
            if (headerBytes[0] > MAX_HEADER_BYTES) {
                return Fetched.failed(url, Outcome.BAD_RESPONSE, "headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean fits;
            if (transferEncoding != null && transferEncoding.contains("chunked")) {
                fits = chunked(body);
            } else if (contentLength > MAX_POLICY_BYTES) {
                fits = false;
            } else {
                fits = copy(body, contentLength < 0 ? Long.MAX_VALUE : contentLength);
            }
            if (!fits) {
                return new Fetched(
                        url,
                        Outcome.TOO_LARGE,
                        status,
                        contentType,
                        location,
                        null,
                        "the body is larger than " + MAX_POLICY_BYTES + " bytes");
            }
            return new Fetched(
                    url, Outcome.RESPONSE, status, contentType, location, body.toString(StandardCharsets.UTF_8), null);
        }

        /** Copies up to {@code length} bytes (to the end when shorter); false when the body exceeds the limit. */
        private boolean copy(ByteArrayOutputStream body, long length) throws IOException {
            byte[] buffer = new byte[8192];
            long left = length;
            while (left > 0) {
                checkDeadline();
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return true;
                }
                body.write(buffer, 0, n);
                left -= n;
                if (body.size() > MAX_POLICY_BYTES) {
                    return false;
                }
            }
            return true;
        }

        private boolean chunked(ByteArrayOutputStream body) throws IOException {
            while (true) {
                String sizeLine = line(new int[] {0});
                if (sizeLine == null) {
                    return true;
                }
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
                if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                    throw new IOException("bad chunk size line: " + sizeLine);
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    return true;
                }
                if (body.size() + size > MAX_POLICY_BYTES) {
                    return false;
                }
                if (!copy(body, size)) {
                    return false;
                }
                line(new int[] {0});
            }
        }

        /** One CRLF- (or LF-) terminated line as ISO-8859-1; null at the end of the stream. */
        private String line(int[] counted) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                checkDeadline();
                int b = in.read();
                if (b < 0) {
                    return line.length() == 0 ? null : line.toString();
                }
                if (++counted[0] > MAX_HEADER_BYTES) {
                    return null;
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
        }

        private void checkDeadline() throws SocketTimeoutException {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("no complete answer within " + FETCH_TIMEOUT.toSeconds() + " s");
            }
        }
    }
}
