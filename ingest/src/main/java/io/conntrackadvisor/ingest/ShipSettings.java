package io.conntrackadvisor.ingest;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Configuration of the {@code ship} command: every key defined once in {@link #CONFIG} (Kafka's {@link ConfigDef}:
 * name, type, default, check, importance and its doc, which {@code --help} and docs/configuration.md show), and
 * the checked, typed view that {@link #from(Settings)} builds, one component per key. The launcher loads the layers
 * with {@code Settings.load(ShipSettings.CONFIG, file, System.getenv(), flags)}; a repeatable flag
 * ({@code --journal-file}, {@code --syslog-file}) becomes one comma-separated value. {@code kafka} holds the Kafka
 * client properties ({@code bootstrap.servers} and the {@code kafka.*} pass-through).
 */
public record ShipSettings(
    String topicPrefix,
    String host,
    Path stateDir,
    boolean journald,
    String journalctl,
    List<Path> journalFiles,
    Path journalDirectory,
    boolean journalAll,
    Duration restartBackoff,
    Duration restartBackoffMax,
    List<Path> syslogFiles,
    Duration filePollInterval,
    InetSocketAddress syslogUdp,
    InetSocketAddress syslogTcp,
    int tcpMaxConnections,
    boolean kmsg,
    Path kmsgPath,
    boolean kmsgAll,
    boolean sampler,
    Path procRoot,
    Duration sampleInterval,
    Duration statesInterval,
    long statesMaxLines,
    Duration statesMaxTime,
    boolean namespaces,
    Duration namespacesRescan,
    String conntrackCommand,
    int maxLineBytes,
    int bufferMaxRecords,
    long bufferMaxBytes,
    int batchMaxRecords,
    Duration batchLinger,
    Duration samplesLinger,
    Duration retryBackoff,
    Duration retryBackoffMax,
    Duration shutdownTimeout,
    Duration stateFlushInterval,
    boolean createTopics,
    String transactionalId,
    Integer metricsPort,
    String metricsAddress,
    Map<String, String> kafka) {

  public static final String HOST = "host";
  public static final String STATE_DIR = "state.dir";
  public static final String JOURNALD = "journald.enabled";
  public static final String JOURNALCTL = "journalctl.path";
  public static final String JOURNAL_FILES = "journal.files";
  public static final String JOURNAL_DIRECTORY = "journal.directory";
  public static final String JOURNAL_ALL = "journald.all";
  public static final String JOURNALD_RESTART_BACKOFF = "journald.restart.backoff";
  public static final String JOURNALD_RESTART_BACKOFF_MAX = "journald.restart.backoff.max";
  public static final String SYSLOG_FILES = "syslog.files";
  public static final String FILE_POLL_INTERVAL = "syslog.file.poll.interval";
  public static final String SYSLOG_UDP = "syslog.udp";
  public static final String SYSLOG_TCP = "syslog.tcp";
  public static final String SYSLOG_TCP_MAX_CONNECTIONS = "syslog.tcp.max.connections";
  public static final String KMSG = "kmsg.enabled";
  public static final String KMSG_PATH = "kmsg.path";
  public static final String KMSG_ALL = "kmsg.all";
  public static final String SAMPLER = "sample.enabled";
  public static final String PROC_ROOT = "proc.root";
  public static final String SAMPLE_INTERVAL = "sample.interval";
  public static final String STATES_INTERVAL = "sample.states.interval";
  public static final String STATES_MAX_LINES = "sample.states.max.lines";
  public static final String STATES_MAX_TIME = "sample.states.max.time";
  public static final String NAMESPACES = "sample.namespaces";
  public static final String NAMESPACES_RESCAN = "sample.namespaces.rescan.interval";
  public static final String CONNTRACK_COMMAND = "sample.conntrack.command";
  public static final String MAX_LINE_BYTES = "max.line.bytes";
  public static final String BUFFER_MAX_RECORDS = "buffer.max.records";
  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
  public static final String BATCH_MAX_RECORDS = "batch.max.records";
  public static final String BATCH_LINGER = "batch.linger";
  public static final String BATCH_LINGER_SAMPLES = "batch.linger.samples";
  public static final String RETRY_BACKOFF = "retry.backoff";
  public static final String RETRY_BACKOFF_MAX = "retry.backoff.max";
  public static final String SHUTDOWN_TIMEOUT = "shutdown.timeout";
  public static final String STATE_FLUSH_INTERVAL = "state.flush.interval";
  public static final String CREATE_TOPICS = "topics.create";
  public static final String TRANSACTIONAL_ID = "transactional.id";
  public static final String METRICS_PORT = CommandConfig.METRICS_PORT;
  public static final String METRICS_ADDRESS = CommandConfig.METRICS_ADDRESS;

  /** Upper bound of {@link #MAX_LINE_BYTES}: the JSON of such a message (escapes included) fits one Kafka request. */
  static final int MAX_LINE_BYTES_LIMIT = 128 * 1024;
  /** Every key of the command: name, type, default, check, importance and doc. */
  public static final ConfigDef CONFIG = definition();
  /** Prefix of the default transactional id. */
  static final String TRANSACTIONAL_ID_PREFIX = "conntrack-advisor-ship-";

  public ShipSettings {
    journalFiles = List.copyOf(journalFiles);
    syslogFiles = List.copyOf(syslogFiles);
    kafka = Map.copyOf(kafka);
  }

  private static ConfigDef definition() {
    ConfigDef d = CommandConfig.common(-1);
    sources(d);
    sampler(d);
    return delivery(d);
  }

  private static void sources(ConfigDef d) {
    d.define(HOST, STRING, null, MEDIUM, "Host name for entries and samples that carry none; unset takes the proc "
            + "root's sys/kernel/hostname.")
        .define(STATE_DIR, STRING, "/var/lib/conntrack-advisor/ship", new ConfigDef.NonEmptyString(), HIGH,
            "Folder of the local checkpoint mirror and the lock that keeps one agent per folder.")
        .define(JOURNALD, STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("true", "false", "auto"), HIGH,
            "Journald source: true, false or auto (on unless only syslog or kmsg sources are on).")
        .define(JOURNALCTL, STRING, "journalctl", new ConfigDef.NonEmptyString(), LOW,
            "The journalctl program: a name on the PATH, or a path.")
        .define(JOURNAL_FILES, LIST, "", LOW, "Journal files read instead of the system journal (--file).")
        .define(JOURNAL_DIRECTORY, STRING, null, LOW, "Journal folder read instead of the system journal.")
        .define(JOURNAL_ALL, BOOLEAN, false, LOW, "Ship every journal entry, not only kernel ones (_TRANSPORT=kernel).")
        .define(JOURNALD_RESTART_BACKOFF, STRING, "1s", CommandConfig.positiveDuration(), LOW,
            "Wait before the first restart of a journalctl that exited; doubles per restart.")
        .define(JOURNALD_RESTART_BACKOFF_MAX, STRING, "30s", CommandConfig.positiveDuration(), LOW,
            "Longest wait between two restarts of journalctl.")
        .define(SYSLOG_FILES, LIST, "", HIGH, "Syslog files to tail; each survives rotation (rename-and-create or "
            + "copytruncate).")
        .define(FILE_POLL_INTERVAL, STRING, "250ms", CommandConfig.positiveDuration(), LOW,
            "How often a tailed file at its end is checked for new lines and rotation.")
        .define(SYSLOG_UDP, STRING, null, MEDIUM, "HOST:PORT of the UDP syslog receiver; none when unset.")
        .define(SYSLOG_TCP, STRING, null, MEDIUM, "HOST:PORT of the TCP syslog receiver (octet-counted or newline "
            + "framing); none when unset.")
        .define(SYSLOG_TCP_MAX_CONNECTIONS, INT, 64, ConfigDef.Range.between(1, 10_000), LOW,
            "Concurrent TCP syslog connections; further ones are closed at once and counted.")
        .define(KMSG, BOOLEAN, false, HIGH, "Read /dev/kmsg (hosts without journald).")
        .define(KMSG_PATH, STRING, "/dev/kmsg", LOW, "The kernel log device the kmsg source reads.")
        .define(KMSG_ALL, BOOLEAN, false, LOW, "Ship kmsg records user space wrote too, not only the kernel's.");
  }

  private static void sampler(ConfigDef d) {
    d.define(SAMPLER, BOOLEAN, true, HIGH, "Run the conntrack sampler.")
        .define(PROC_ROOT, STRING, "/proc", MEDIUM, "Proc root the sampler reads (/host/proc in a container).")
        .define(SAMPLE_INTERVAL, STRING, "10s", CommandConfig.positiveDuration(), MEDIUM,
            "Time between two conntrack samples.")
        .define(STATES_INTERVAL, STRING, "60s", CommandConfig.positiveDuration(), LOW,
            "Time between two reads of net/nf_conntrack, where it exists, for the state histogram.")
        .define(STATES_MAX_LINES, LONG, 2_000_000L, ConfigDef.Range.atLeast(1), LOW,
            "Most lines of the entry list one histogram reads (bounds its memory and time on huge tables).")
        .define(STATES_MAX_TIME, STRING, "2s", CommandConfig.positiveDuration(), LOW,
            "Longest time one histogram read may take.")
        .define(NAMESPACES, BOOLEAN, true, LOW, "Samples of a real proc root carry conntrack use per namespace.")
        .define(NAMESPACES_RESCAN, STRING, "60s", CommandConfig.duration(Duration.ZERO), LOW,
            "How often every process is enumerated again to find new namespaces; in between, known ones "
            + "are re-read.")
        .define(CONNTRACK_COMMAND, STRING, "conntrack", LOW, "The conntrack program whose -S gives the counters "
            + "where procfs lacks them (a name on the PATH or a path), or none.");
  }

  private static ConfigDef delivery(ConfigDef d) {
    return d.define(MAX_LINE_BYTES, INT, 65_536, ConfigDef.Range.between(64, MAX_LINE_BYTES_LIMIT), LOW,
            "Longest line or message in UTF-8 bytes; longer ones are truncated and counted.")
        .define(BUFFER_MAX_RECORDS, INT, 20_000, ConfigDef.Range.between(1, 10_000_000), MEDIUM,
            "Records held in memory before sources stop reading.")
        .define(BUFFER_MAX_BYTES, STRING, "2m", CommandConfig.size(1024, Long.MAX_VALUE), MEDIUM,
            "Bytes of record keys and values held in memory before sources stop reading; the heap of "
                + "deploy/jvm/ship.options is sized for 2m (raise -Xmx by three times what you add).")
        .define(BATCH_MAX_RECORDS, INT, 5000, ConfigDef.Range.between(1, 100_000), LOW,
            "Most records in one Kafka transaction.")
        .define(BATCH_LINGER, STRING, "100ms", CommandConfig.duration(Duration.ZERO), LOW,
            "How long a transaction waits for more records after its first one.")
        .define(BATCH_LINGER_SAMPLES, STRING, "60s", CommandConfig.duration(Duration.ZERO), LOW,
            "How long a transaction of conntrack samples alone waits for more: while the host logs nothing, "
                + "samples reach Kafka up to this late, several per transaction; any other record ends the wait.")
        .define(RETRY_BACKOFF, STRING, "500ms", CommandConfig.positiveDuration(), LOW,
            "Wait before the first retry after a Kafka failure; doubles per retry.")
        .define(RETRY_BACKOFF_MAX, STRING, "10s", CommandConfig.positiveDuration(), LOW,
            "Longest wait between two Kafka retries.")
        .define(SHUTDOWN_TIMEOUT, STRING, "30s", CommandConfig.positiveDuration(), LOW,
            "How long a clean shutdown may spend delivering what was already read.")
        .define(STATE_FLUSH_INTERVAL, STRING, "1s", CommandConfig.duration(Duration.ZERO), LOW,
            "Least time between two writes of the local checkpoint mirror (the checkpoint topic is authoritative).")
        .define(CREATE_TOPICS, BOOLEAN, true, LOW,
            "Create missing topics (the two event topics and the checkpoint topic) at start.")
        .define(TRANSACTIONAL_ID, STRING, null, LOW,
            "The producer's transactional id; default conntrack-advisor-ship-<topic prefix><host>.");
  }

  /**
   * The checked view of {@code settings}; keys missing or blank there take their defaults.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static ShipSettings from(Settings settings) {
    CommandConfig c = CommandConfig.of(CONFIG, settings);
    List<Path> journalFiles = c.getPaths(JOURNAL_FILES);
    Path journalDirectory = c.getPath(JOURNAL_DIRECTORY);
    List<Path> syslogFiles = c.getPaths(SYSLOG_FILES);
    InetSocketAddress udp = address(SYSLOG_UDP, c.getString(SYSLOG_UDP));
    InetSocketAddress tcp = address(SYSLOG_TCP, c.getString(SYSLOG_TCP));
    boolean kmsg = c.getBoolean(KMSG);
    // kmsg and journald read the same ring buffer: auto keeps journald off when kmsg is on, against duplicates
    boolean journald = journaldEnabled(c.getString(JOURNALD), !journalFiles.isEmpty() || journalDirectory != null,
        kmsg || !syslogFiles.isEmpty() || udp != null || tcp != null);
    String command = c.getString(CONNTRACK_COMMAND);
    return new ShipSettings(
        c.getString(CommandConfig.TOPIC_PREFIX), c.getString(HOST),
        c.getPath(STATE_DIR).toAbsolutePath().normalize(),
        journald, c.getString(JOURNALCTL), journalFiles, journalDirectory, c.getBoolean(JOURNAL_ALL),
        c.getDuration(JOURNALD_RESTART_BACKOFF), c.getDuration(JOURNALD_RESTART_BACKOFF_MAX),
        syslogFiles, c.getDuration(FILE_POLL_INTERVAL), udp, tcp, c.getInt(SYSLOG_TCP_MAX_CONNECTIONS),
        kmsg, c.getPath(KMSG_PATH), c.getBoolean(KMSG_ALL),
        c.getBoolean(SAMPLER), c.getPath(PROC_ROOT),
        c.getDuration(SAMPLE_INTERVAL), c.getDuration(STATES_INTERVAL),
        c.getLong(STATES_MAX_LINES), c.getDuration(STATES_MAX_TIME),
        c.getBoolean(NAMESPACES), c.getDuration(NAMESPACES_RESCAN), "none".equals(command) ? null : command,
        c.getInt(MAX_LINE_BYTES), c.getInt(BUFFER_MAX_RECORDS), c.getSize(BUFFER_MAX_BYTES),
        c.getInt(BATCH_MAX_RECORDS), c.getDuration(BATCH_LINGER), c.getDuration(BATCH_LINGER_SAMPLES),
        c.getDuration(RETRY_BACKOFF), c.getDuration(RETRY_BACKOFF_MAX), c.getDuration(SHUTDOWN_TIMEOUT),
        c.getDuration(STATE_FLUSH_INTERVAL), c.getBoolean(CREATE_TOPICS),
        transactionalId(c), c.metricsPort(), c.getString(METRICS_ADDRESS), c.kafka());
  }

  /** The transactional id for an agent whose host name resolved to {@code agentHost}. */
  String transactionalIdFor(String agentHost) {
    return transactionalId != null ? transactionalId : TRANSACTIONAL_ID_PREFIX + topicPrefix + agentHost;
  }

  /** For logs: sources and limits; Kafka properties are left out because they may hold credentials. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ShipSettings[bootstrapServers=%s, topicPrefix='%s', host=%s, stateDir=%s, "
            + "journald=%s (files=%s, directory=%s, all=%s), syslogFiles=%s, syslogUdp=%s, syslogTcp=%s, "
            + "kmsg=%s (%s), sampler=%s (procRoot=%s, every %s, namespaces=%s, conntrack=%s), "
            + "buffer=%d records/%d bytes, "
            + "metricsPort=%s]",
        kafka.get(Settings.BOOTSTRAP_SERVERS), topicPrefix, host, stateDir, journald, journalFiles, journalDirectory,
        journalAll, syslogFiles, syslogUdp, syslogTcp, kmsg, kmsgPath, sampler, procRoot, sampleInterval, namespaces,
        conntrackCommand,
        bufferMaxRecords, bufferMaxBytes, metricsPort);
  }

  static boolean journaldEnabled(String value, boolean journalGiven, boolean syslogGiven) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> journalGiven || !syslogGiven; // auto
    };
  }

  /** Parses {@code HOST:PORT} ({@code [v6]:PORT} for IPv6); null when unset. */
  static InetSocketAddress address(String key, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException("setting '" + key + "' must be HOST:PORT, got '" + value + "'");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + key + "' must end in a port number, got '" + value + "'", e);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("setting '" + key + "' has a port out of range: " + port);
    }
    return new InetSocketAddress(host, port);
  }

  private static String transactionalId(CommandConfig c) {
    String explicit = c.getString(TRANSACTIONAL_ID);
    Object passed = c.originals().get(Settings.KAFKA_PREFIX + "transactional.id");
    return explicit != null ? explicit : passed == null || passed.toString().isBlank() ? null : passed.toString();
  }
}
