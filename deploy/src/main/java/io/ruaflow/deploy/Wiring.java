package io.ruaflow.deploy;

import io.ruaflow.api.ApiSettings;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.ingest.RawParser;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.Transport;
import io.ruaflow.ingest.process.ProcessSettings;
import io.ruaflow.ingest.sink.SinkSettings;
import io.ruaflow.ingest.source.DirectorySettings;
import io.ruaflow.ingest.source.ImapSettings;
import io.ruaflow.ingest.transport.InProcessTransport;
import io.ruaflow.ingest.transport.KafkaTransport;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.Retention;
import io.ruaflow.store.StoreSettings;
import io.ruaflow.store.StoreUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Builds the pipeline's parts from a {@link PipelineConfig}; the one place that knows every module's factory. */
final class Wiring {
    private Wiring() {}

    static Topics topics(PipelineConfig config) {
        return new Topics(
                config.get(PipelineConfig.TOPIC_RAW),
                config.get(PipelineConfig.TOPIC_RECORDS),
                config.get(PipelineConfig.TOPIC_DLQ));
    }

    /** Kafka when a bootstrap is configured (creating missing topics), else the in-process queue if allowed. */
    static Transport transport(PipelineConfig config, boolean inProcessAllowed, String role) {
        String bootstrap = config.get(PipelineConfig.KAFKA_BOOTSTRAP);
        if (bootstrap == null || bootstrap.isBlank()) {
            if (!inProcessAllowed) {
                throw new IllegalArgumentException(
                        "ruaflow " + role + " needs --kafka BOOTSTRAP (or RUAFLOW_KAFKA_BOOTSTRAP); to run every stage"
                                + " in one JVM use ruaflow run");
            }
            return InProcessTransport.withCapacity(config.get(PipelineConfig.QUEUE_CAPACITY));
        }
        KafkaTransport kafka = KafkaTransport.withBootstrap(bootstrap, kafkaProperties(config));
        kafka.createTopics(
                topics(config),
                config.get(PipelineConfig.TOPIC_PARTITIONS),
                config.get(PipelineConfig.TOPIC_REPLICATION).shortValue(),
                Duration.ofSeconds(60));
        return kafka;
    }

    /**
     * What the Kafka clients are given: the declared consumer-group settings (session timeout, heartbeat, static
     * membership) as consumer properties, then every {@code kafka.client.*} entry, which wins when it names the same
     * client property.
     *
     * @throws IllegalArgumentException when the heartbeat is not shorter than the session timeout
     */
    static Map<String, String> kafkaProperties(PipelineConfig config) {
        Map<String, String> given = config.kafkaClientProperties();
        int session = config.get(PipelineConfig.KAFKA_SESSION_TIMEOUT_MS);
        int heartbeat = config.get(PipelineConfig.KAFKA_HEARTBEAT_MS);
        if (heartbeat >= session) {
            throw new IllegalArgumentException(PipelineConfig.KAFKA_HEARTBEAT_MS.name() + " (" + heartbeat
                    + ") must be below " + PipelineConfig.KAFKA_SESSION_TIMEOUT_MS.name() + " (" + session + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        putUnlessGiven(out, given, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(session));
        putUnlessGiven(out, given, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(heartbeat));
        String instance = config.get(PipelineConfig.KAFKA_GROUP_INSTANCE_ID);
        if (instance != null && !instance.isBlank()) {
            putUnlessGiven(out, given, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance.strip());
        }
        out.putAll(given);
        return out;
    }

    private static void putUnlessGiven(Map<String, String> out, Map<String, String> given, String key, String value) {
        if (!given.containsKey(key) && !given.containsKey("consumer." + key)) {
            out.put("consumer." + key, value);
        }
    }

    /**
     * In-process only: registers the consumer groups before anything is published, so that no message is
     * acknowledged before its consumer group exists.
     */
    static void declareGroups(Transport transport, PipelineConfig config) {
        if (transport instanceof InProcessTransport) {
            Topics topics = topics(config);
            transport
                    .subscribe(topics.raw(), config.get(PipelineConfig.PROCESS_GROUP))
                    .close();
            transport
                    .subscribe(topics.records(), config.get(PipelineConfig.SINK_GROUP))
                    .close();
        }
    }

    static ProcessSettings processSettings(PipelineConfig config) {
        return new ProcessSettings(
                config.get(PipelineConfig.PROCESS_GROUP),
                config.get(PipelineConfig.ENRICH_CHUNK),
                config.get(PipelineConfig.PROCESS_INFLIGHT),
                Duration.ofSeconds(1),
                config.get(PipelineConfig.PROCESS_THREADS));
    }

    static SinkSettings sinkSettings(PipelineConfig config) {
        return new SinkSettings(
                config.get(PipelineConfig.SINK_GROUP),
                config.get(PipelineConfig.SINK_BATCH_RECORDS),
                Duration.ofMillis(config.get(PipelineConfig.SINK_BATCH_MS)),
                Duration.ofMillis(config.get(PipelineConfig.SINK_RETRY_MS)),
                Duration.ofMillis(Math.max(
                        config.get(PipelineConfig.SINK_RETRY_MS), config.get(PipelineConfig.SINK_RETRY_MAX_MS))),
                config.get(PipelineConfig.SINK_THREADS));
    }

    static DirectorySettings directorySettings(PipelineConfig config, Path root, boolean once) {
        DirectorySettings defaults = DirectorySettings.defaultsFor(root);
        String processed = config.get(PipelineConfig.INGEST_DIR_PROCESSED);
        String invalid = config.get(PipelineConfig.INGEST_DIR_INVALID);
        return new DirectorySettings(
                processed == null ? defaults.processed() : Path.of(processed),
                invalid == null ? defaults.invalid() : Path.of(invalid),
                once ? Duration.ZERO : Duration.ofMillis(config.get(PipelineConfig.INGEST_POLL_MS)),
                config.get(PipelineConfig.INGEST_INFLIGHT),
                config.get(PipelineConfig.INGEST_MAX_INPUT_BYTES),
                Duration.ofMillis(config.get(PipelineConfig.INGEST_SETTLE_MS)));
    }

    static ImapSettings imapSettings(PipelineConfig config, Map<String, String> env) {
        URI url = URI.create(config.get(PipelineConfig.IMAP_URL));
        return new ImapSettings(
                url,
                imapPassword(config, env),
                config.get(PipelineConfig.IMAP_STARTTLS) && url.getScheme().equalsIgnoreCase("imap"),
                config.get(PipelineConfig.IMAP_PROCESSED),
                config.get(PipelineConfig.IMAP_INVALID),
                Duration.ofMillis(Math.max(1_000, config.get(PipelineConfig.INGEST_POLL_MS))),
                config.get(PipelineConfig.IMAP_IDLE),
                Path.of(config.get(PipelineConfig.IMAP_STATE_FILE)),
                Duration.ofMillis(config.get(PipelineConfig.IMAP_TIMEOUT_MS)),
                config.get(PipelineConfig.INGEST_INFLIGHT),
                config.get(PipelineConfig.INGEST_MAX_INPUT_BYTES),
                config.get(PipelineConfig.IMAP_SSL_TRUSTSTORE));
    }

    private static String imapPassword(PipelineConfig config, Map<String, String> env) {
        String file = config.get(PipelineConfig.IMAP_PASSWORD_FILE);
        if (file != null && !file.isBlank()) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new IllegalArgumentException("IMAP password file " + file + " is empty");
                }
                return lines.get(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read IMAP password file " + file, e);
            }
        }
        String variable = config.get(PipelineConfig.IMAP_PASSWORD_ENV);
        String password = env.get(variable);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("no IMAP password: set the environment variable " + variable
                    + " or imap.password.file (never on the command line)");
        }
        return password;
    }

    /** The report parser with its default limits, redacting failure reports as {@code failure.redact} says. */
    static RawParser parser(PipelineConfig config) {
        return reportParser(config)::parse;
    }

    /** The report parser with its default limits, redacting failure reports as {@code failure.redact} says. */
    static ReportParser reportParser(PipelineConfig config) {
        return new ReportParser(io.ruaflow.parser.ParserLimits.defaults(), config.get(PipelineConfig.FAILURE_REDACT));
    }

    /**
     * The enricher the configuration asks for: live DNS as {@link #dnsSettings} says when {@code dns.enabled},
     * finding Organizational Domains by {@code dmarc.org-domain}, else offline. Close it after use.
     */
    static Enricher enricher(PipelineConfig config) {
        if (!config.get(PipelineConfig.DNS_ENABLED)) {
            return Enricher.offline();
        }
        return enricherWithDns(config);
    }

    /** As {@link #enricher(PipelineConfig)} with live DNS whatever {@code dns.enabled} says. Close it after use. */
    static Enricher enricherWithDns(PipelineConfig config) {
        return Enricher.withDns(dnsSettings(config), config.get(PipelineConfig.DMARC_ORG_DOMAIN));
    }

    /** The resolver ({@code dns.server}, else the system's), timeout, retries and concurrency of the dns.* keys. */
    static DnsSettings dnsSettings(PipelineConfig config) {
        DnsSettings settings = DnsSettings.systemDefault()
                .withTimeout(Duration.ofMillis(config.get(PipelineConfig.DNS_TIMEOUT_MS)))
                .withRetries(config.get(PipelineConfig.DNS_RETRIES))
                .withMaxConcurrentQueries(config.get(PipelineConfig.DNS_CONCURRENCY));
        String server = config.get(PipelineConfig.DNS_SERVER);
        return server == null || server.isBlank() ? settings : settings.withServer(server);
    }

    static ReportStore store(String url) {
        return ReportStores.open(url);
    }

    /**
     * The HTTP API's settings, for every command that serves it: {@code api.bind}, {@code api.port},
     * {@code api.max.upload.bytes}, {@code api.cache.seconds}, and the bearer token from the token file
     * ({@code tokenFileFlag}, else {@code api.token.file}) or {@link ApiSettings#TOKEN_ENV}.
     *
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} for a bad address or token file
     */
    static ApiSettings apiSettings(PipelineConfig config, Path tokenFileFlag) {
        return new ApiSettings(
                config.get(PipelineConfig.API_BIND),
                config.get(PipelineConfig.API_PORT),
                ApiSettings.tokenFrom(tokenFile(tokenFileFlag, config), System.getenv()),
                config.get(PipelineConfig.API_MAX_UPLOAD_BYTES),
                Duration.ofSeconds(config.get(PipelineConfig.API_CACHE_SECONDS)));
    }

    /** The API token file: {@code --token-file} when given, else {@code api.token.file}; null when neither. */
    static Path tokenFile(Path flag, PipelineConfig config) {
        String configured = config.get(PipelineConfig.API_TOKEN_FILE);
        return flag != null ? flag : configured == null || configured.isBlank() ? null : Path.of(configured);
    }

    /**
     * The store of {@code store.url} with the credentials of the {@code store.clickhouse.*} keys, on its cluster,
     * deleting what its retention no longer keeps.
     */
    static ReportStore store(PipelineConfig config) {
        return ReportStores.open(storeUrl(config), storeSettings(config));
    }

    /** {@code store.clickhouse.cluster} and {@code store.retention.days}, for the processes that write. */
    static StoreSettings storeSettings(PipelineConfig config) {
        return new StoreSettings(
                config.get(PipelineConfig.STORE_CLICKHOUSE_CLUSTER),
                Retention.none().withDays(Retention.AGGREGATE, config.get(PipelineConfig.STORE_RETENTION_DAYS)));
    }

    /**
     * {@code store.url} with {@code store.clickhouse.user} and the first line of {@code store.clickhouse.password.file}
     * when set (else the URL's own fallbacks: the environment, then {@code default} and no password).
     *
     * @throws UncheckedIOException naming the password file when it cannot be read
     */
    static StoreUrl storeUrl(PipelineConfig config) {
        StoreUrl url = StoreUrl.parse(config.get(PipelineConfig.STORE_URL));
        String file = config.get(PipelineConfig.STORE_CLICKHOUSE_PASSWORD_FILE);
        String password = null;
        if (file != null && !file.isBlank()) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                password = lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read " + PipelineConfig.STORE_CLICKHOUSE_PASSWORD_FILE.name() + " " + file, e);
            }
        }
        String user = config.get(PipelineConfig.STORE_CLICKHOUSE_USER);
        return url.withCredentials(user == null || user.isBlank() ? null : user.strip(), password);
    }
}
