package io.ruaflow.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alerts as a JSON POST: {@code {"key":…,"kind":"new_source","domain":…,"subject":…,"summary":…,"details":{…},
 * "fired_at":…}}, signed with HMAC-SHA256 over the exact body bytes under the shared secret, sent as
 * {@value #SIGNATURE_HEADER}{@code : sha256=<hex>} (GitHub's convention). Any 2xx answer is delivered.
 */
public final class WebhookChannel implements AlertChannel {
    public static final String SIGNATURE_HEADER = "X-Ruaflow-Signature";
    /** How long one attempt may take, connect and answer included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The shortest secret accepted. */
    public static final int MIN_SECRET_BYTES = 16;

    private final URI url;
    private final byte[] secret;
    private final HttpClient client;

    /**
     * @throws IllegalArgumentException when the URL is not http(s) or the secret is shorter than
     *     {@link #MIN_SECRET_BYTES}
     */
    public WebhookChannel(URI url, String secret) {
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            throw new IllegalArgumentException("webhook URL must be http(s)://HOST/...: '" + url + "'");
        }
        byte[] key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "webhook secret must be at least " + MIN_SECRET_BYTES + " bytes (MIN_SECRET_BYTES): " + key.length);
        }
        this.url = url;
        this.secret = key;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(Alert alert) throws IOException {
        byte[] body = body(alert);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, "sha256=" + sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting alert " + alert.key() + " to " + url, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + url + " answered HTTP " + response.statusCode());
        }
    }

    /** The JSON body of an alert. */
    static byte[] body(Alert alert) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", alert.key());
        json.put("kind", alert.kind().wireName());
        json.put("domain", alert.domain());
        json.put("subject", alert.subject());
        json.put("summary", alert.summary());
        json.put("details", alert.details());
        json.put("fired_at", alert.firedAt().toString());
        try {
            return ReportJson.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + alert.key() + " cannot be written as JSON", e);
        }
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}: what a receiver recomputes to verify. */
    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "webhook " + url;
    }
}
