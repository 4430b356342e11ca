package io.ruaflow.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the API listens and how it authenticates. A {@code token} is required whenever {@code bindAddress} is not a
 * loopback address ({@link ApiServer#start} refuses otherwise); on loopback it is optional and, when set, enforced.
 *
 * @param bindAddress host name or IP to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port TCP port; 0 picks a free one ({@link ApiServer#port()} tells which)
 * @param token the bearer token clients must send, or null for none
 * @param maxUploadBytes the largest report upload accepted by {@code POST /api/reports}
 * @param cacheTtl how long a store answer is reused for the same question; zero turns the cache off
 */
public record ApiSettings(String bindAddress, int port, String token, long maxUploadBytes, Duration cacheTtl) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The environment variable holding the bearer token when no token file is given. */
    public static final String TOKEN_ENV = "RUAFLOW_API_TOKEN";
    /** Shorter tokens are refused: they can be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** The default upload limit: 32 MiB, far above any real compressed aggregate report. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 32L * 1024 * 1024;
    /** The default answer cache: short enough that new reports show up quickly, long enough for dashboards. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(15);

    public ApiSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (token != null) {
            token = token.strip();
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(
                        "bearer token must be at least " + MIN_TOKEN_LENGTH + " characters: got " + token.length());
            }
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("upload limit must be positive: " + maxUploadBytes);
        }
        if (cacheTtl == null || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cache time to live must be zero or positive: " + cacheTtl);
        }
    }

    /** Loopback only, no token, the default upload limit. */
    public static ApiSettings loopback(int port) {
        return new ApiSettings(DEFAULT_BIND, port, null, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_CACHE_TTL);
    }

    public ApiSettings withBindAddress(String bindAddress) {
        return new ApiSettings(bindAddress, port, token, maxUploadBytes, cacheTtl);
    }

    public ApiSettings withToken(String token) {
        return new ApiSettings(bindAddress, port, token, maxUploadBytes, cacheTtl);
    }

    public ApiSettings withMaxUploadBytes(long maxUploadBytes) {
        return new ApiSettings(bindAddress, port, token, maxUploadBytes, cacheTtl);
    }

    public ApiSettings withCacheTtl(Duration cacheTtl) {
        return new ApiSettings(bindAddress, port, token, maxUploadBytes, cacheTtl);
    }

    /**
     * The token from {@code tokenFile} when given (its first line, trimmed), else from {@link #TOKEN_ENV} in
     * {@code environment}; null when neither has one.
     */
    public static String tokenFrom(Path tokenFile, Map<String, String> environment) {
        if (tokenFile != null) {
            try {
                String text =
                        Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                int newline = text.indexOf('\n');
                String token = (newline < 0 ? text : text.substring(0, newline)).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("token file " + tokenFile + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read token file " + tokenFile + ": " + e.getMessage(), e);
            }
        }
        String value = environment.get(TOKEN_ENV);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Whether every address {@code bindAddress} resolves to is a loopback address. */
    public boolean loopbackOnly() {
        try {
            for (InetAddress address : InetAddress.getAllByName(bindAddress)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind address does not resolve: " + bindAddress, e);
        }
    }

    @Override
    public String toString() {
        return "ApiSettings[bindAddress=" + bindAddress + ", port=" + port + ", token="
                + (token == null ? "none" : "set") + ", maxUploadBytes=" + maxUploadBytes + ", cacheTtl=" + cacheTtl
                + "]";
    }
}
