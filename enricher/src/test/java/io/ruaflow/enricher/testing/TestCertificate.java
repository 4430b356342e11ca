package io.ruaflow.enricher.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed RSA certificate and its key, generated for tests with the JDK's keytool (valid two days, subject
 * alternative names as given), in a PKCS12 file deleted when the JVM exits. {@link #serverContext()} serves it;
 * {@link #trusting(TestCertificate...)} makes a client that trusts exactly the given certificates.
 */
public final class TestCertificate {
    private static final String PASSWORD = "changeit";
    private static final String ALIAS = "test";
    /** keytool may take a while to start on a loaded machine. */
    private static final long KEYTOOL_TIMEOUT_SECONDS = 120;

    private final Path keyStore;

    private TestCertificate(Path keyStore) {
        this.keyStore = keyStore;
    }

    /** A certificate with subject {@code CN=<first name>} and every name as a DNS subject alternative name. */
    public static TestCertificate forNames(String... dnsNames) {
        try {
            Path dir = Files.createTempDirectory("ruaflow-cert");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("cert.p12");
            List<String> san = new ArrayList<>();
            for (String name : dnsNames) {
                san.add("dns:" + name);
            }
            keytool(
                    "-genkeypair",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=" + dnsNames[0],
                    "-ext",
                    "SAN=" + String.join(",", san),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            file.toFile().deleteOnExit();
            return new TestCertificate(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PKCS12 file holding the key and certificate (password {@link #password()}). */
    public Path keyStore() {
        return keyStore;
    }

    public String password() {
        return PASSWORD;
    }

    public Certificate certificate() {
        try {
            return load().getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate (not the key) to {@code file} as PEM, to be deleted when the JVM exits; returns it. */
    public Path writePem(Path file) {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate().getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context whose server side presents this certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client socket factory that trusts exactly {@code trusted} (and checks host names as the caller asks). */
    public static SSLSocketFactory trusting(TestCertificate... trusted) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (TestCertificate t : trusted) {
                anchors.setCertificateEntry("trusted-" + i++, t.certificate());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load() throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }
}
