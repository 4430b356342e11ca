package io.ruaflow.deploy.config;

import io.ruaflow.api.ApiSettings;
import io.ruaflow.api.alerts.AlertSettings;
import io.ruaflow.api.alerts.PerDomain;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.enricher.OrgDomainMethod;
import io.ruaflow.ingest.process.ProcessSettings;
import io.ruaflow.ingest.sink.SinkSettings;
import io.ruaflow.ingest.source.DirectorySettings;
import io.ruaflow.store.Retention;
import io.ruaflow.store.StoreSettings;
import io.ruaflow.store.StoreUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every setting of every command, each declared once, and their resolution: a command-line flag wins over the environment
 * variable ({@link ConfigKey#envName()}), which wins over the config file (Java properties, or YAML whose nested
 * maps spell the dotted names), which wins over the default. Keys under {@code kafka.client.} are passed to the
 * Kafka clients as is ({@code kafka.client.security.protocol=SSL}); unknown keys in the file are refused.
 */
public final class PipelineConfig {
    /** The health and metrics port of a role without an HTTP API, unless {@code metrics.port} says otherwise. */
    public static final int DEFAULT_METRICS_PORT = 9400;

    public static final ConfigKey<String> KAFKA_BOOTSTRAP = ConfigKey.string(
            "kafka.bootstrap",
            null,
            "Kafka bootstrap servers (host:9092,...); unset: the in-process queue (run only).");
    public static final ConfigKey<Integer> QUEUE_CAPACITY = ConfigKey.integer(
            "queue.capacity.messages",
            10_000,
            1,
            10_000_000,
            "In-process queue: messages per topic before publishers wait.");
    public static final ConfigKey<String> TOPIC_RAW =
            ConfigKey.string("topic.raw", "ruaflow.raw", "Topic of raw report bytes, keyed by sha256.");
    public static final ConfigKey<String> TOPIC_RECORDS =
            ConfigKey.string("topic.records", "ruaflow.records", "Topic of enriched records, keyed by report uid.");
    public static final ConfigKey<String> TOPIC_DLQ =
            ConfigKey.string("topic.dlq", "ruaflow.dlq", "Topic of rejected input with its reason.");
    public static final ConfigKey<Integer> TOPIC_PARTITIONS = ConfigKey.integer(
            "topic.create.partitions",
            6,
            1,
            10_000,
            "Partitions of topics the roles create when missing (the upper bound on instances per stage).");
    public static final ConfigKey<Integer> TOPIC_REPLICATION = ConfigKey.integer(
            "topic.create.replication", 1, 1, 32, "Replication factor of topics the roles create when missing.");

    public static final ConfigKey<String> STORE_URL = ConfigKey.string(
            "store.url",
            "duckdb:",
            "Where records are stored, for every command: duckdb:PATH or clickhouse://HOST:PORT/DATABASE; duckdb:"
                    + " alone is $XDG_DATA_HOME/ruaflow/ruaflow.duckdb (else ~/.local/share/ruaflow/ruaflow.duckdb).");
    public static final ConfigKey<String> STORE_CLICKHOUSE_CLUSTER = new ConfigKey<>(
            "store.clickhouse.cluster",
            "ClickHouse cluster (a name in the servers' remote_servers) the tables span: ON CLUSTER DDL,"
                    + " ReplicatedReplacingMergeTree tables under Distributed ones, sharded by report uid; unset: one"
                    + " server.",
            null,
            value -> new StoreSettings(value, null).clickHouseCluster());
    public static final ConfigKey<Integer> STORE_RETENTION_DAYS = ConfigKey.integer(
            "store.retention.days",
            0,
            0,
            Retention.MAX_DAYS,
            "Days of aggregate report data kept (by report period, UTC: today and the days before); the processes"
                    + " that write (run, sink, import, api) delete older rows at start and every hour; 0: keep"
                    + " forever.");

    public static final ConfigKey<String> STORE_CLICKHOUSE_USER = ConfigKey.string(
            "store.clickhouse.user",
            null,
            "ClickHouse user; unset: $" + StoreUrl.USER_ENV + ", else default. --store-user wins.");
    public static final ConfigKey<String> STORE_CLICKHOUSE_PASSWORD_FILE = ConfigKey.string(
            "store.clickhouse.password.file",
            null,
            "File holding the ClickHouse password (first line), e.g. a mounted secret; unset: $" + StoreUrl.PASSWORD_ENV
                    + ", else empty. --store-password-file wins.");
    public static final ConfigKey<Boolean> FAILURE_REDACT = ConfigKey.bool(
            "failure.redact",
            true,
            "Replace the local part of every address in failure reports (the original's From, To, MAIL FROM, RCPT TO"
                    + " and its stored headers) with 'redacted' as they are read, before they travel or are stored;"
                    + " the original's body is never kept either way.");
    public static final ConfigKey<Integer> FAILURE_RETENTION_DAYS = ConfigKey.integer(
            "failure.retention.days",
            90,
            1,
            36_500,
            "Days a failure report is kept after it arrived (they carry other people's mail headers); older ones"
                    + " are deleted hourly by the sink and by run.");

    public static final ConfigKey<Boolean> DNS_ENABLED = ConfigKey.bool(
            "dns.enabled", true, "Re-check records against live DNS (false: alignment from the report only).");
    public static final ConfigKey<String> DNS_SERVER = new ConfigKey<>(
            "dns.server",
            "Ask only this resolver, HOST:PORT (IP address); default: the system's.",
            null,
            PipelineConfig::dnsServer);
    public static final ConfigKey<Long> DNS_TIMEOUT_MS = ConfigKey.longValue(
            "dns.timeout.ms",
            DnsSettings.DEFAULT_TIMEOUT.toMillis(),
            1,
            60_000,
            "How long one DNS attempt waits for an answer before it is retried.");
    public static final ConfigKey<Integer> DNS_RETRIES = ConfigKey.integer(
            "dns.retries",
            DnsSettings.DEFAULT_RETRIES,
            0,
            10,
            "Attempts after the first before a query counts as a temporary error (temperror).");
    public static final ConfigKey<Integer> DNS_CONCURRENCY = ConfigKey.integer(
            "dns.concurrency.max",
            DnsSettings.DEFAULT_MAX_CONCURRENT_QUERIES,
            1,
            10_000,
            "DNS queries in flight at once.");
    public static final ConfigKey<Integer> ENRICH_CHUNK = ConfigKey.integer(
            "enrich.chunk.records",
            EnrichingHandler.DEFAULT_CHUNK_RECORDS,
            1,
            EnrichingHandler.MAX_CHUNK_RECORDS,
            "Records enriched together (their DNS lookups overlap) and held at a time, on every path: process,"
                    + " import, upload, parse --enrich.");

    public static final ConfigKey<String> API_BIND = ConfigKey.string(
            "api.bind",
            ApiSettings.DEFAULT_BIND,
            "Address the HTTP API listens on; anything but loopback needs a bearer token.");
    public static final ConfigKey<Integer> API_PORT =
            ConfigKey.integer("api.port", ApiSettings.DEFAULT_PORT, 0, 65_535, "HTTP API port; 0 picks a free one.");
    public static final ConfigKey<String> API_TOKEN_FILE = ConfigKey.string(
            "api.token.file",
            null,
            "File whose first line is the API's bearer token, e.g. a mounted secret; unset: $" + ApiSettings.TOKEN_ENV
                    + ". --token-file wins.");
    public static final ConfigKey<Long> API_MAX_UPLOAD_BYTES = ConfigKey.longValue(
            "api.max.upload.bytes",
            ApiSettings.DEFAULT_MAX_UPLOAD_BYTES,
            1,
            1L << 34,
            "Largest report upload POST /api/reports accepts.");
    public static final ConfigKey<Long> API_CACHE_SECONDS = ConfigKey.longValue(
            "api.cache.seconds",
            ApiSettings.DEFAULT_CACHE_TTL.toSeconds(),
            0,
            86_400,
            "How long an API answer is reused for the same question (0: no cache); uploads clear it.");

    public static final ConfigKey<String> METRICS_BIND = ConfigKey.string(
            "metrics.bind",
            ApiSettings.DEFAULT_BIND,
            "Address the health and metrics port of ingest, process and sink listens on (0.0.0.0 in a container).");
    public static final ConfigKey<Integer> METRICS_PORT = ConfigKey.integer(
            "metrics.port",
            DEFAULT_METRICS_PORT,
            -1,
            65_535,
            "Port where ingest, process and sink serve /healthz, /readyz and /metrics; 0 picks a free one, -1"
                    + " serves none. Give each role on one host its own.");

    public static final ConfigKey<String> INGEST_DIR =
            ConfigKey.string("ingest.dir", null, "Folder to import (recursive; files, Maildir, mbox).");
    public static final ConfigKey<String> INGEST_DIR_PROCESSED =
            ConfigKey.string("ingest.dir.processed", null, "Where imported files are moved; default DIR/processed.");
    public static final ConfigKey<String> INGEST_DIR_INVALID = ConfigKey.string(
            "ingest.dir.invalid", null, "Where files without a report are moved; default DIR/invalid.");
    public static final ConfigKey<Long> INGEST_POLL_MS = ConfigKey.longValue(
            "ingest.poll.ms",
            60_000,
            0,
            86_400_000L,
            "Pause between folder scans or mailbox polls (and the longest IMAP IDLE); 0 with --dir: scan once.");
    public static final ConfigKey<Long> INGEST_SETTLE_MS = ConfigKey.longValue(
            "ingest.settle.ms",
            DirectorySettings.DEFAULT_SETTLE.toMillis(),
            0,
            3_600_000L,
            "While polling a folder, how long a file must stay unchanged before it is read (a copy still in"
                    + " progress is not read half-written); 0 reads at once.");
    public static final ConfigKey<Integer> INGEST_INFLIGHT = ConfigKey.integer(
            "ingest.inflight.max",
            1_000,
            1,
            1_000_000,
            "Inputs published but not yet acknowledged before ingest waits.");
    public static final ConfigKey<Long> INGEST_MAX_INPUT_BYTES = ConfigKey.longValue(
            DirectorySettings.MAX_INPUT_BYTES_KEY,
            DirectorySettings.DEFAULT_MAX_INPUT_BYTES,
            1024,
            1L << 34,
            "Larger files or mails go to invalid unread.");
    public static final ConfigKey<String> IMAP_URL = ConfigKey.string(
            "imap.url", null, "Mailbox to poll: imaps://user@host/INBOX, or imap://user@host/INBOX with STARTTLS.");
    public static final ConfigKey<String> IMAP_PASSWORD_ENV = ConfigKey.string(
            "imap.password.env", "RUAFLOW_IMAP_PASSWORD", "Environment variable holding the IMAP password.");
    public static final ConfigKey<String> IMAP_PASSWORD_FILE = ConfigKey.string(
            "imap.password.file", null, "File holding the IMAP password (first line); wins over the variable.");
    public static final ConfigKey<Boolean> IMAP_STARTTLS = ConfigKey.bool(
            "imap.starttls", true, "Require STARTTLS on imap:// URLs (turn off only for a loopback test server).");
    public static final ConfigKey<Path> IMAP_SSL_TRUSTSTORE = new ConfigKey<>(
            "imap.ssl.truststore",
            "PEM file of the CA or server certificates to trust for IMAP TLS instead of the system trust store"
                    + " (the host name is checked either way); unset: the system trust store.",
            null,
            PipelineConfig::readableFile);
    public static final ConfigKey<String> IMAP_PROCESSED = ConfigKey.string(
            "imap.folder.processed",
            "processed",
            "Folder published mails are moved to; empty: leave them, flag \\Seen.");
    public static final ConfigKey<String> IMAP_INVALID = ConfigKey.string(
            "imap.folder.invalid", "invalid", "Folder mails without a report are moved to; empty: leave them.");
    public static final ConfigKey<Boolean> IMAP_IDLE =
            ConfigKey.bool("imap.idle", true, "Wait for new mail with IMAP IDLE when the server supports it.");
    public static final ConfigKey<String> IMAP_STATE_FILE = ConfigKey.string(
            "imap.state.file", "ruaflow-imap.state", "Remembers UIDVALIDITY and the last handled UID across restarts.");
    public static final ConfigKey<Long> IMAP_TIMEOUT_MS = ConfigKey.longValue(
            "imap.timeout.ms", 30_000, 1_000, 600_000, "Connect and read timeout of the IMAP connection.");

    public static final ConfigKey<String> PROCESS_GROUP = ConfigKey.string(
            "process.group", ProcessSettings.DEFAULT.group(), "Consumer group of the process instances.");
    public static final ConfigKey<Integer> PROCESS_INFLIGHT = ConfigKey.integer(
            "process.inflight.max.inputs",
            ProcessSettings.DEFAULT.maxInflightInputs(),
            1,
            1_000_000,
            "Raw inputs processed but not yet acknowledged downstream before the process stage waits.");
    public static final ConfigKey<Integer> PROCESS_THREADS = ConfigKey.integer(
            "process.threads",
            ProcessSettings.DEFAULT.threads(),
            1,
            ProcessSettings.MAX_THREADS,
            "Raw inputs parsed and enriched at the same time by one process instance (each input on one thread;"
                    + " inputs committed in order); 2 uses both cores of a 2-core machine.");
    public static final ConfigKey<String> REPORT_WEEKLY_SCHEDULE = ConfigKey.string(
            "report.weekly.schedule",
            null,
            "When ruaflow run mails each domain's weekly report for the last complete week, like MON 07:00 (in"
                    + " report.weekly.timezone); unset: never. Needs report.weekly.recipients, smtp.url and mail.from.");
    public static final ConfigKey<String> REPORT_WEEKLY_TIMEZONE = ConfigKey.string(
            "report.weekly.timezone", "UTC", "Time zone of report.weekly.schedule (IANA name like Europe/Berlin).");
    public static final ConfigKey<String> REPORT_WEEKLY_RECIPIENTS = ConfigKey.string(
            "report.weekly.recipients",
            null,
            "Who gets each domain's weekly report: example.com:a@example.com b@example.com; other.org:c@other.org.");
    public static final ConfigKey<String> SMTP_URL = ConfigKey.string(
            "smtp.url",
            null,
            "Outgoing mail server: smtps://HOST[:465] (TLS) or smtp://HOST[:587] (STARTTLS required unless loopback).");
    public static final ConfigKey<String> SMTP_USER =
            ConfigKey.string("smtp.user", null, "SMTP user; authentication only when set.");
    public static final ConfigKey<String> SMTP_PASSWORD_FILE = ConfigKey.string(
            "smtp.password.file", null, "File holding the SMTP password (else env RUAFLOW_SMTP_PASSWORD).");
    public static final ConfigKey<String> MAIL_FROM =
            ConfigKey.string("mail.from", null, "Sender address of the mail ruaflow sends.");
    public static final ConfigKey<Boolean> ALERTS_ENABLED = ConfigKey.bool(
            "alerts.enabled",
            true,
            "Evaluate alerts in the sink (after batches, spaced to take at most a tenth of the store's time, and every"
                    + " alerts.check.interval.minutes); each fires"
                    + " once, is listed at /api/alerts and sent to alerts.webhook.url and alerts.mail.recipients.");
    public static final ConfigKey<Integer> ALERTS_CHECK_INTERVAL_MINUTES = ConfigKey.integer(
            "alerts.check.interval.minutes",
            60,
            1,
            24 * 60,
            "How often all domains are evaluated even when nothing arrives (what sees a reporter that stopped).");
    public static final ConfigKey<PerDomain<Long>> ALERTS_NEW_SOURCE_MESSAGES = perDomain(
            "alerts.new-source.min.messages",
            Long.toString(AlertSettings.DEFAULT_NEW_SOURCE_MESSAGES),
            1,
            Long.MAX_VALUE,
            "A source first seen in the last 7 days alerts once it sent this many messages.");
    public static final ConfigKey<PerDomain<Long>> ALERTS_PASS_RATE_DROP_POINTS = perDomain(
            "alerts.pass-rate.drop.points",
            Long.toString(AlertSettings.DEFAULT_PASS_RATE_DROP_POINTS),
            0,
            100,
            "The last 7 days' DMARC pass rate alerts when more than this many percentage points below the 4 weeks"
                    + " before (once per ISO week).");
    public static final ConfigKey<PerDomain<Long>> ALERTS_REPORTER_SILENT_DAYS = perDomain(
            "alerts.reporter.silent.days",
            Long.toString(AlertSettings.DEFAULT_REPORTER_SILENT_DAYS),
            1,
            365,
            "A reporter that sent daily (5 of 7 days) alerts after this many days without a report.");
    public static final ConfigKey<PerDomain<Boolean>> ALERTS_POSTURE_CHANGE = new ConfigKey<>(
            "alerts.posture.change",
            "Alert when the SPF record or DMARC policy changes or a DKIM key seen in reports is gone (needs"
                    + " dns.enabled): on or off, per domain like on; test.example:off.",
            "on",
            value -> PerDomain.parse(value, PerDomain::on));
    public static final ConfigKey<PerDomain<Long>> ALERTS_FAILING_RISE_PERCENT = perDomain(
            "alerts.failing.rise.percent",
            Long.toString(AlertSettings.DEFAULT_FAILING_RISE_PERCENT),
            0,
            100_000,
            "The last 7 days' DMARC-failing messages alert when more than this percentage above the weekly mean of"
                    + " the 4 weeks before (once per ISO week).");
    public static final ConfigKey<Long> ALERTS_MIN_MESSAGES = ConfigKey.longValue(
            "alerts.min.messages",
            AlertSettings.DEFAULT_MIN_MESSAGES,
            1,
            Long.MAX_VALUE,
            "Pass rates and failing volumes are compared only with at least this many messages in the window.");
    public static final ConfigKey<String> ALERTS_WEBHOOK_URL = ConfigKey.string(
            "alerts.webhook.url",
            null,
            "Where alerts are POSTed as JSON, signed (X-Ruaflow-Signature: sha256=HMAC) with the secret of"
                    + " alerts.webhook.secret.file or env RUAFLOW_ALERTS_WEBHOOK_SECRET; unset: no webhook.");
    public static final ConfigKey<String> ALERTS_WEBHOOK_SECRET_FILE = ConfigKey.string(
            "alerts.webhook.secret.file", null, "File holding the webhook's HMAC secret (at least 16 bytes).");
    public static final ConfigKey<String> ALERTS_MAIL_RECIPIENTS = ConfigKey.string(
            "alerts.mail.recipients",
            null,
            "Who gets alerts by mail (through smtp.url and mail.from): example.com:a@example.com; *:ops@example.net"
                    + " (* for every other domain); unset: no mail.");
    public static final ConfigKey<Long> ALERTS_RETRY_MS = ConfigKey.longValue(
            "alerts.retry.backoff.ms",
            1_000,
            1,
            3_600_000,
            "First pause after a failed alert delivery (doubles, at most 60 s).");
    public static final ConfigKey<Integer> ALERTS_RETRY_ATTEMPTS = ConfigKey.integer(
            "alerts.retry.max.attempts",
            5,
            0,
            100,
            "Retries of one alert delivery before it is given up (and listed as failed at /api/alerts).");

    public static final ConfigKey<OrgDomainMethod> DMARC_ORG_DOMAIN = new ConfigKey<>(
            "dmarc.org-domain",
            "How relaxed alignment finds Organizational Domains: treewalk (RFC 9989 DNS tree walk over _dmarc"
                    + " records; the Public Suffix List when DNS is off or fails) or psl (RFC 7489 Public Suffix List).",
            "treewalk",
            OrgDomainMethod::parse);

    public static final ConfigKey<String> SINK_GROUP =
            ConfigKey.string("sink.group", SinkSettings.DEFAULT.group(), "Consumer group of the sink instances.");
    public static final ConfigKey<Integer> SINK_BATCH_RECORDS = ConfigKey.integer(
            "sink.batch.max.records",
            SinkSettings.DEFAULT.batchMaxRecords(),
            1,
            10_000_000,
            "A store write happens when a batch holds this many records (a topic message holds up to a chunk);"
                    + " import gathers its reports into writes of this size too.");
    public static final ConfigKey<Long> SINK_BATCH_MS = ConfigKey.longValue(
            "sink.batch.max.ms",
            SinkSettings.DEFAULT.batchMaxTime().toMillis(),
            1,
            3_600_000,
            "... or when the batch's oldest message waited this long.");
    public static final ConfigKey<Long> SINK_RETRY_MS = ConfigKey.longValue(
            "sink.retry.backoff.ms",
            SinkSettings.DEFAULT.retryBackoff().toMillis(),
            1,
            3_600_000,
            "First pause after the store was unavailable (doubles).");
    public static final ConfigKey<Long> SINK_RETRY_MAX_MS = ConfigKey.longValue(
            "sink.retry.backoff.max.ms",
            SinkSettings.DEFAULT.retryBackoffMax().toMillis(),
            1,
            3_600_000,
            "Longest pause between store write attempts.");
    public static final ConfigKey<Integer> SINK_THREADS = ConfigKey.integer(
            "sink.threads",
            SinkSettings.DEFAULT.threads(),
            1,
            SinkSettings.MAX_THREADS,
            "Store writes one sink instance makes at the same time: a batch is split by report into this many"
                    + " parts, written side by side (DuckDB: new reports on parallel connections).");

    public static final ConfigKey<Integer> KAFKA_SESSION_TIMEOUT_MS = ConfigKey.integer(
            "kafka.session.timeout.ms",
            10_000,
            1_000,
            300_000,
            "How long a consumer may go silent (killed, hung) before its partitions move to another instance;"
                    + " the broker allows 6,000..1,800,000 by default. Kafka's own default is 45 s.");
    public static final ConfigKey<Integer> KAFKA_HEARTBEAT_MS = ConfigKey.integer(
            "kafka.heartbeat.interval.ms",
            3_000,
            100,
            100_000,
            "Pause between a consumer's heartbeats; must be below kafka.session.timeout.ms (a third of it is usual).");
    public static final ConfigKey<String> KAFKA_GROUP_INSTANCE_ID = ConfigKey.string(
            "kafka.group.instance.id",
            null,
            "Static group membership: a stable id unique to this instance (e.g. the pod or host name), so that a role"
                    + " restarted in place within the session timeout gets its partitions back without a rebalance."
                    + " Unset: dynamic membership, and a stopped role hands its partitions over at once.");

    /** Prefix of keys passed to the Kafka clients unchanged (after the prefix). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    private static final List<ConfigKey<?>> ALL = declared();

    private final Map<String, String> values;

    private PipelineConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Every declared key, in declaration order: for help and documentation. */
    public static List<ConfigKey<?>> keys() {
        return ALL;
    }

    /**
     * Resolves every key.
     *
     * @param flags values given on the command line, by key name
     * @param env the process environment
     * @param file a .properties, .yaml or .yml file, or null
     * @throws IllegalArgumentException naming the key and value when one is invalid or unknown
     */
    public static PipelineConfig load(Map<String, String> flags, Map<String, String> env, Path file) {
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : fromFile.keySet()) {
            if (!key.startsWith(KAFKA_CLIENT_PREFIX) && find(key) == null) {
                throw new IllegalArgumentException(file + ": unknown key " + key);
            }
        }
        values.putAll(fromFile);
        env.forEach((name, value) -> {
            if (name.startsWith("RUAFLOW_KAFKA_CLIENT_")) {
                values.put(
                        KAFKA_CLIENT_PREFIX
                                + name.substring("RUAFLOW_KAFKA_CLIENT_".length())
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '.'),
                        value);
            }
        });
        for (ConfigKey<?> key : ALL) {
            String value = env.get(key.envName());
            if (value != null) {
                values.put(key.name(), value);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (!flag.getKey().startsWith(KAFKA_CLIENT_PREFIX) && find(flag.getKey()) == null) {
                throw new IllegalArgumentException("unknown configuration key " + flag.getKey());
            }
            if (flag.getValue() != null) {
                values.put(flag.getKey(), flag.getValue());
            }
        }
        PipelineConfig config = new PipelineConfig(values);
        for (ConfigKey<?> key : ALL) {
            config.get(key); // validate everything up front
        }
        return config;
    }

    /** The key's value, or its default; null when neither is set. */
    public <T> T get(ConfigKey<T> key) {
        String value = values.getOrDefault(key.name(), key.defaultValue());
        return value == null ? null : key.parse(value);
    }

    /** Whether the key was set anywhere (not only defaulted). */
    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key.name());
    }

    /** The {@code kafka.client.*} entries without their prefix. */
    public Map<String, String> kafkaClientProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_CLIENT_PREFIX)) {
                out.put(key.substring(KAFKA_CLIENT_PREFIX.length()), value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static ConfigKey<PerDomain<Long>> perDomain(
            String name, String defaultValue, long min, long max, String doc) {
        return new ConfigKey<>(
                name,
                doc + " Per domain and off: like " + defaultValue + "; example.com:VALUE; test.example:off.",
                defaultValue,
                value -> PerDomain.parse(value, PerDomain.range(min, max)));
    }

    private static String dnsServer(String value) {
        if (value.isEmpty()) {
            return null;
        }
        DnsSettings.parseServer(value); // validates: an IP address and an optional port
        return value;
    }

    private static Path readableFile(String value) {
        if (value.isEmpty()) {
            return null;
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("not a readable file: '" + value + "'");
        }
        return file;
    }

    private static ConfigKey<?> find(String name) {
        for (ConfigKey<?> key : ALL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        return null;
    }

    private static Map<String, String> readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                if (root != null && !(root instanceof Map)) {
                    throw new IllegalArgumentException(file + ": a YAML config file must be a map of keys");
                }
                flatten("", root == null ? Map.of() : (Map<?, ?>) root, out);
            } else {
                Properties props = new Properties();
                props.load(in);
                props.stringPropertyNames().forEach(key -> out.put(key, props.getProperty(key)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        map.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, out);
            } else {
                out.put(name, value == null ? "" : value.toString());
            }
        });
    }

    private static List<ConfigKey<?>> declared() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        for (Field field : PipelineConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigKey.class) {
                try {
                    keys.add((ConfigKey<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(keys);
    }
}
