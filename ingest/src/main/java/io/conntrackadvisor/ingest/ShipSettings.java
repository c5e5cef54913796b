package io.conntrackadvisor.ingest;

import io.conntrackadvisor.model.config.Settings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration of the {@code ship} command: every key with its default, and the checked, typed view that
 * {@link #from(Settings)} builds. The launcher loads the layers with
 * {@code Settings.load(ShipSettings.DEFAULTS, file, System.getenv(), ShipSettings.KEYS, flags)}; a repeatable flag
 * ({@code --journal-file}, {@code --syslog-file}) becomes one comma-separated value.
 *
 * @param bootstrapServers   broker address list
 * @param topicPrefix        prefix of every topic name (may be empty)
 * @param host               host name for messages and samples that carry none, or null to take the proc root's
 * @param stateDir           folder of the local checkpoint mirror and the lock
 * @param journald           whether the journald source runs
 * @param journalctl         the {@code journalctl} program
 * @param journalFiles       journal files passed as {@code --file}
 * @param journalDirectory   journal folder passed as {@code --directory}, or null
 * @param journalAll         whether every journal entry is shipped, not only kernel ones
 * @param restartBackoff     wait before the first restart of an exited {@code journalctl}
 * @param restartBackoffMax  longest wait between restarts
 * @param syslogFiles        syslog files to tail
 * @param filePollInterval   how often a tailed file at its end is checked for growth and rotation
 * @param syslogUdp          address of the UDP syslog receiver, or null
 * @param syslogTcp          address of the TCP syslog receiver, or null
 * @param tcpMaxConnections  concurrent TCP syslog connections accepted
 * @param kmsg               whether the {@code /dev/kmsg} source runs
 * @param kmsgPath           the kernel log device the kmsg source reads
 * @param kmsgAll            whether kmsg records that user space wrote are shipped too, not only the kernel's
 * @param sampler            whether the conntrack sampler runs
 * @param procRoot           proc root the sampler reads
 * @param sampleInterval     time between samples
 * @param statesInterval     time between reads of the entry list for the state histogram
 * @param statesMaxLines     most entry-list lines one histogram reads
 * @param statesMaxTime      longest time one histogram read may take
 * @param namespaces         whether samples carry the per-network-namespace breakdown (real proc roots only)
 * @param namespacesRescan   how often every process is enumerated again to find the namespaces
 * @param conntrackCommand   the {@code conntrack} program whose {@code -S} gives the counters where procfs lacks
 *                           them, or null for none
 * @param maxLineBytes       longest line or message shipped; longer ones are truncated and counted
 * @param bufferMaxRecords   records held in memory (queued plus in the open transaction) before sources wait
 * @param bufferMaxBytes     bytes held in memory before sources wait
 * @param batchMaxRecords    most records in one transaction
 * @param batchLinger        how long a transaction waits for more records after the first
 * @param retryBackoff       wait before the first retry after a Kafka failure
 * @param retryBackoffMax    longest wait between Kafka retries
 * @param shutdownTimeout    how long a clean shutdown may spend delivering what was read
 * @param stateFlushInterval least time between two writes of the local checkpoint mirror
 * @param createTopics       whether missing topics are created at start
 * @param transactionalId    the producer's transactional id
 * @param metricsPort        Prometheus port, 0 for any free port, or null for none
 * @param metricsAddress     address the metrics endpoint binds
 * @param kafka              Kafka client properties ({@code bootstrap.servers} and the {@code kafka.*} pass-through)
 */
public record ShipSettings(
    String bootstrapServers,
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
    Duration retryBackoff,
    Duration retryBackoffMax,
    Duration shutdownTimeout,
    Duration stateFlushInterval,
    boolean createTopics,
    String transactionalId,
    Integer metricsPort,
    String metricsAddress,
    Map<String, String> kafka) {

  /** Host name for entries and samples that carry none; unset takes the proc root's {@code sys/kernel/hostname}. */
  public static final String HOST = "host";
  /** Folder of the local checkpoint mirror ({@code checkpoints.json}) and the lock that keeps one agent per folder. */
  public static final String STATE_DIR = "state.dir";
  /** Default of {@link #STATE_DIR}. */
  public static final String DEFAULT_STATE_DIR = "/var/lib/conntrack-advisor/ship";
  /** Journald source: {@code true}, {@code false} or {@code auto} (on unless only syslog or kmsg sources are on). */
  public static final String JOURNALD = "journald.enabled";
  /** Default of {@link #JOURNALD}. */
  public static final String DEFAULT_JOURNALD = "auto";
  /** The {@code journalctl} program: a name looked up on the PATH, or a path. */
  public static final String JOURNALCTL = "journalctl.path";
  /** Default of {@link #JOURNALCTL}. */
  public static final String DEFAULT_JOURNALCTL = "journalctl";
  /** Journal files read instead of the system journal, comma-separated ({@code --file} of journalctl). */
  public static final String JOURNAL_FILES = "journal.files";
  /** Journal folder read instead of the system journal ({@code --directory} of journalctl). */
  public static final String JOURNAL_DIRECTORY = "journal.directory";
  /** Whether every journal entry is shipped; by default only kernel ones ({@code _TRANSPORT=kernel}). */
  public static final String JOURNAL_ALL = "journald.all";
  /** Default of {@link #JOURNAL_ALL}. */
  public static final String DEFAULT_JOURNAL_ALL = "false";
  /** Wait before the first restart of a {@code journalctl} that exited; it doubles on each further restart. */
  public static final String JOURNALD_RESTART_BACKOFF = "journald.restart.backoff";
  /** Default of {@link #JOURNALD_RESTART_BACKOFF}. */
  public static final String DEFAULT_JOURNALD_RESTART_BACKOFF = "1s";
  /** Longest wait between two restarts of {@code journalctl}. */
  public static final String JOURNALD_RESTART_BACKOFF_MAX = "journald.restart.backoff.max";
  /** Default of {@link #JOURNALD_RESTART_BACKOFF_MAX}. */
  public static final String DEFAULT_JOURNALD_RESTART_BACKOFF_MAX = "30s";
  /** Syslog files to tail, comma-separated; each survives rename-and-create and copytruncate rotation. */
  public static final String SYSLOG_FILES = "syslog.files";
  /** How often a tailed file that is at its end is checked for new lines and for rotation. */
  public static final String FILE_POLL_INTERVAL = "syslog.file.poll.interval";
  /** Default of {@link #FILE_POLL_INTERVAL}. */
  public static final String DEFAULT_FILE_POLL_INTERVAL = "250ms";
  /** {@code HOST:PORT} the UDP syslog receiver binds; no receiver when unset. */
  public static final String SYSLOG_UDP = "syslog.udp";
  /** {@code HOST:PORT} the TCP syslog receiver binds (octet-counted or newline framing); none when unset. */
  public static final String SYSLOG_TCP = "syslog.tcp";
  /** Concurrent TCP syslog connections; further ones are closed at once and counted. */
  public static final String SYSLOG_TCP_MAX_CONNECTIONS = "syslog.tcp.max.connections";
  /** Default of {@link #SYSLOG_TCP_MAX_CONNECTIONS}. */
  public static final String DEFAULT_SYSLOG_TCP_MAX_CONNECTIONS = "64";
  /** Whether the {@code /dev/kmsg} source runs (hosts without journald; the flag {@code --kmsg}). */
  public static final String KMSG = "kmsg.enabled";
  /** Default of {@link #KMSG}. */
  public static final String DEFAULT_KMSG = "false";
  /** The kernel log device the kmsg source reads. */
  public static final String KMSG_PATH = "kmsg.path";
  /** Default of {@link #KMSG_PATH}. */
  public static final String DEFAULT_KMSG_PATH = "/dev/kmsg";
  /** Whether kmsg records written by user space (facility other than kern) are shipped too. */
  public static final String KMSG_ALL = "kmsg.all";
  /** Default of {@link #KMSG_ALL}. */
  public static final String DEFAULT_KMSG_ALL = "false";
  /** Whether the conntrack sampler runs. */
  public static final String SAMPLER = "sample.enabled";
  /** Default of {@link #SAMPLER}. */
  public static final String DEFAULT_SAMPLER = "true";
  /** Proc root the sampler reads ({@code /host/proc} in a container). */
  public static final String PROC_ROOT = "proc.root";
  /** Default of {@link #PROC_ROOT}. */
  public static final String DEFAULT_PROC_ROOT = "/proc";
  /** Time between two conntrack samples. */
  public static final String SAMPLE_INTERVAL = "sample.interval";
  /** Default of {@link #SAMPLE_INTERVAL}. */
  public static final String DEFAULT_SAMPLE_INTERVAL = "10s";
  /** Time between two reads of {@code net/nf_conntrack} for the state histogram (only where the file exists). */
  public static final String STATES_INTERVAL = "sample.states.interval";
  /** Default of {@link #STATES_INTERVAL}. */
  public static final String DEFAULT_STATES_INTERVAL = "60s";
  /** Most lines of the entry list one histogram reads (bounds its memory and time on huge tables). */
  public static final String STATES_MAX_LINES = "sample.states.max.lines";
  /** Default of {@link #STATES_MAX_LINES}. */
  public static final String DEFAULT_STATES_MAX_LINES = "2000000";
  /** Longest time one histogram read may take. */
  public static final String STATES_MAX_TIME = "sample.states.max.time";
  /** Default of {@link #STATES_MAX_TIME}. */
  public static final String DEFAULT_STATES_MAX_TIME = "2s";
  /** Whether samples of a real proc root carry conntrack use per network namespace (snapshots have no pids). */
  public static final String NAMESPACES = "sample.namespaces";
  /** Default of {@link #NAMESPACES}. */
  public static final String DEFAULT_NAMESPACES = "true";
  /** How often every process is enumerated again to find new namespaces; in between, known ones are re-read. */
  public static final String NAMESPACES_RESCAN = "sample.namespaces.rescan.interval";
  /** Default of {@link #NAMESPACES_RESCAN}. */
  public static final String DEFAULT_NAMESPACES_RESCAN = "60s";
  /** The {@code conntrack} program whose {@code -S} gives the counters where procfs lacks them; empty for none. */
  public static final String CONNTRACK_COMMAND = "sample.conntrack.command";
  /** Default of {@link #CONNTRACK_COMMAND}. */
  public static final String DEFAULT_CONNTRACK_COMMAND = "conntrack";
  /** Longest line or message in UTF-8 bytes; longer ones are truncated and counted. */
  public static final String MAX_LINE_BYTES = "max.line.bytes";
  /** Default of {@link #MAX_LINE_BYTES}. */
  public static final String DEFAULT_MAX_LINE_BYTES = "65536";
  /** Records held in memory, queued or in the open transaction, before sources stop reading. */
  public static final String BUFFER_MAX_RECORDS = "buffer.max.records";
  /** Default of {@link #BUFFER_MAX_RECORDS}. */
  public static final String DEFAULT_BUFFER_MAX_RECORDS = "20000";
  /** Bytes of record keys and values held in memory before sources stop reading. */
  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
  /** Default of {@link #BUFFER_MAX_BYTES}. */
  public static final String DEFAULT_BUFFER_MAX_BYTES = "16777216";
  /** Most records in one Kafka transaction. */
  public static final String BATCH_MAX_RECORDS = "batch.max.records";
  /** Default of {@link #BATCH_MAX_RECORDS}. */
  public static final String DEFAULT_BATCH_MAX_RECORDS = "5000";
  /** How long a transaction waits for more records after its first one. */
  public static final String BATCH_LINGER = "batch.linger";
  /** Default of {@link #BATCH_LINGER}. */
  public static final String DEFAULT_BATCH_LINGER = "100ms";
  /** Wait before the first retry after a Kafka failure; it doubles on each further retry. */
  public static final String RETRY_BACKOFF = "retry.backoff";
  /** Default of {@link #RETRY_BACKOFF}. */
  public static final String DEFAULT_RETRY_BACKOFF = "500ms";
  /** Longest wait between two Kafka retries. */
  public static final String RETRY_BACKOFF_MAX = "retry.backoff.max";
  /** Default of {@link #RETRY_BACKOFF_MAX}. */
  public static final String DEFAULT_RETRY_BACKOFF_MAX = "10s";
  /** How long a clean shutdown may spend delivering what was already read. */
  public static final String SHUTDOWN_TIMEOUT = "shutdown.timeout";
  /** Default of {@link #SHUTDOWN_TIMEOUT}. */
  public static final String DEFAULT_SHUTDOWN_TIMEOUT = "30s";
  /** Least time between two writes of the local checkpoint mirror (Kafka's checkpoint topic is authoritative). */
  public static final String STATE_FLUSH_INTERVAL = "state.flush.interval";
  /** Default of {@link #STATE_FLUSH_INTERVAL}. */
  public static final String DEFAULT_STATE_FLUSH_INTERVAL = "1s";
  /** Whether the agent creates missing topics (its two event topics and the checkpoint topic) at start. */
  public static final String CREATE_TOPICS = "topics.create";
  /** Default of {@link #CREATE_TOPICS}. */
  public static final String DEFAULT_CREATE_TOPICS = "true";
  /** The producer's transactional id; default {@code conntrack-advisor-ship-<topic prefix><host>}. */
  public static final String TRANSACTIONAL_ID = "transactional.id";
  /** Port of the Prometheus text endpoint {@code /metrics}; unset for none, 0 for any free port. */
  public static final String METRICS_PORT = "metrics.port";
  /** Address the metrics endpoint binds. */
  public static final String METRICS_ADDRESS = "metrics.address";
  /** Default of {@link #METRICS_ADDRESS}. */
  public static final String DEFAULT_METRICS_ADDRESS = "0.0.0.0";

  /** Built-in defaults, the first configuration layer. */
  public static final Map<String, String> DEFAULTS = defaults();
  /** Keys that environment variables may set ({@code CONNTRACK_ADVISOR_STATE_DIR} and so on). */
  public static final List<String> KEYS = List.of(Settings.BOOTSTRAP_SERVERS, Settings.TOPIC_PREFIX, HOST, STATE_DIR,
      JOURNALD, JOURNALCTL, JOURNAL_FILES, JOURNAL_DIRECTORY, JOURNAL_ALL, JOURNALD_RESTART_BACKOFF,
      JOURNALD_RESTART_BACKOFF_MAX, SYSLOG_FILES, FILE_POLL_INTERVAL, SYSLOG_UDP, SYSLOG_TCP,
      SYSLOG_TCP_MAX_CONNECTIONS, KMSG, KMSG_PATH, KMSG_ALL, SAMPLER, PROC_ROOT, SAMPLE_INTERVAL, STATES_INTERVAL,
      STATES_MAX_LINES, STATES_MAX_TIME, NAMESPACES, NAMESPACES_RESCAN, CONNTRACK_COMMAND, MAX_LINE_BYTES, BUFFER_MAX_RECORDS, BUFFER_MAX_BYTES,
      BATCH_MAX_RECORDS, BATCH_LINGER,
      RETRY_BACKOFF, RETRY_BACKOFF_MAX, SHUTDOWN_TIMEOUT, STATE_FLUSH_INTERVAL, CREATE_TOPICS, TRANSACTIONAL_ID,
      METRICS_PORT, METRICS_ADDRESS);

  /** Upper bound of {@link #MAX_LINE_BYTES}: the JSON of such a message (escapes included) fits one Kafka request. */
  static final int MAX_LINE_BYTES_LIMIT = 128 * 1024;
  /** Prefix of the default transactional id. */
  static final String TRANSACTIONAL_ID_PREFIX = "conntrack-advisor-ship-";

  public ShipSettings {
    journalFiles = List.copyOf(journalFiles);
    syslogFiles = List.copyOf(syslogFiles);
    kafka = Map.copyOf(kafka);
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(Settings.TOPIC_PREFIX, "");
    d.put(STATE_DIR, DEFAULT_STATE_DIR);
    d.put(JOURNALD, DEFAULT_JOURNALD);
    d.put(JOURNALCTL, DEFAULT_JOURNALCTL);
    d.put(JOURNAL_ALL, DEFAULT_JOURNAL_ALL);
    d.put(JOURNALD_RESTART_BACKOFF, DEFAULT_JOURNALD_RESTART_BACKOFF);
    d.put(JOURNALD_RESTART_BACKOFF_MAX, DEFAULT_JOURNALD_RESTART_BACKOFF_MAX);
    d.put(FILE_POLL_INTERVAL, DEFAULT_FILE_POLL_INTERVAL);
    d.put(SYSLOG_TCP_MAX_CONNECTIONS, DEFAULT_SYSLOG_TCP_MAX_CONNECTIONS);
    d.put(KMSG, DEFAULT_KMSG);
    d.put(KMSG_PATH, DEFAULT_KMSG_PATH);
    d.put(KMSG_ALL, DEFAULT_KMSG_ALL);
    d.put(SAMPLER, DEFAULT_SAMPLER);
    d.put(PROC_ROOT, DEFAULT_PROC_ROOT);
    d.put(SAMPLE_INTERVAL, DEFAULT_SAMPLE_INTERVAL);
    d.put(STATES_INTERVAL, DEFAULT_STATES_INTERVAL);
    d.put(STATES_MAX_LINES, DEFAULT_STATES_MAX_LINES);
    d.put(STATES_MAX_TIME, DEFAULT_STATES_MAX_TIME);
    d.put(NAMESPACES, DEFAULT_NAMESPACES);
    d.put(NAMESPACES_RESCAN, DEFAULT_NAMESPACES_RESCAN);
    d.put(CONNTRACK_COMMAND, DEFAULT_CONNTRACK_COMMAND);
    d.put(MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES);
    d.put(BUFFER_MAX_RECORDS, DEFAULT_BUFFER_MAX_RECORDS);
    d.put(BUFFER_MAX_BYTES, DEFAULT_BUFFER_MAX_BYTES);
    d.put(BATCH_MAX_RECORDS, DEFAULT_BATCH_MAX_RECORDS);
    d.put(BATCH_LINGER, DEFAULT_BATCH_LINGER);
    d.put(RETRY_BACKOFF, DEFAULT_RETRY_BACKOFF);
    d.put(RETRY_BACKOFF_MAX, DEFAULT_RETRY_BACKOFF_MAX);
    d.put(SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT);
    d.put(STATE_FLUSH_INTERVAL, DEFAULT_STATE_FLUSH_INTERVAL);
    d.put(CREATE_TOPICS, DEFAULT_CREATE_TOPICS);
    d.put(METRICS_ADDRESS, DEFAULT_METRICS_ADDRESS);
    return Map.copyOf(d);
  }

  /**
   * The checked view of {@code settings}; keys missing there take their {@link #DEFAULTS}.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static ShipSettings from(Settings settings) {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    merged.putAll(settings.asMap());
    Settings s = Settings.of(merged);
    Map<String, String> kafka = new LinkedHashMap<>();
    s.kafkaProperties().forEach((k, v) -> kafka.put((String) k, (String) v));
    String prefix = s.get(Settings.TOPIC_PREFIX, "");
    String host = blankToNull(s.get(HOST));
    List<Path> journalFiles = paths(s.get(JOURNAL_FILES));
    Path journalDirectory = path(s.get(JOURNAL_DIRECTORY));
    List<Path> syslogFiles = paths(s.get(SYSLOG_FILES));
    InetSocketAddress udp = address(SYSLOG_UDP, s.get(SYSLOG_UDP));
    InetSocketAddress tcp = address(SYSLOG_TCP, s.get(SYSLOG_TCP));
    boolean kmsg = s.getBoolean(KMSG, false);
    // kmsg and journald read the same ring buffer: auto keeps journald off when kmsg is on, against duplicates
    boolean journald = journaldEnabled(s.get(JOURNALD), !journalFiles.isEmpty() || journalDirectory != null,
        kmsg || !syslogFiles.isEmpty() || udp != null || tcp != null);
    return new ShipSettings(
        s.require(Settings.BOOTSTRAP_SERVERS), prefix, host,
        Path.of(s.require(STATE_DIR)).toAbsolutePath().normalize(),
        journald, s.require(JOURNALCTL), journalFiles, journalDirectory, s.getBoolean(JOURNAL_ALL, false),
        positive(s, JOURNALD_RESTART_BACKOFF), positive(s, JOURNALD_RESTART_BACKOFF_MAX),
        syslogFiles, positive(s, FILE_POLL_INTERVAL), udp, tcp,
        (int) range(s, SYSLOG_TCP_MAX_CONNECTIONS, 1, 10_000),
        kmsg, Path.of(s.require(KMSG_PATH)), s.getBoolean(KMSG_ALL, false),
        s.getBoolean(SAMPLER, true), Path.of(s.require(PROC_ROOT)),
        positive(s, SAMPLE_INTERVAL), positive(s, STATES_INTERVAL),
        range(s, STATES_MAX_LINES, 1, Long.MAX_VALUE), positive(s, STATES_MAX_TIME),
        s.getBoolean(NAMESPACES, true), nonNegative(s, NAMESPACES_RESCAN), blankToNull(s.get(CONNTRACK_COMMAND)),
        (int) range(s, MAX_LINE_BYTES, 64, MAX_LINE_BYTES_LIMIT),
        (int) range(s, BUFFER_MAX_RECORDS, 1, 10_000_000), range(s, BUFFER_MAX_BYTES, 1024, Long.MAX_VALUE),
        (int) range(s, BATCH_MAX_RECORDS, 1, 100_000), nonNegative(s, BATCH_LINGER),
        positive(s, RETRY_BACKOFF), positive(s, RETRY_BACKOFF_MAX), positive(s, SHUTDOWN_TIMEOUT),
        nonNegative(s, STATE_FLUSH_INTERVAL), s.getBoolean(CREATE_TOPICS, true),
        transactionalId(s), metricsPort(s), s.get(METRICS_ADDRESS), kafka);
  }

  /** Kafka client properties as {@link Properties}. */
  public Properties kafkaProperties() {
    Properties p = new Properties();
    p.putAll(kafka);
    return p;
  }

  /** The transactional id for an agent whose host name resolved to {@code agentHost}. */
  String transactionalIdFor(String agentHost) {
    return transactionalId != null ? transactionalId : TRANSACTIONAL_ID_PREFIX + topicPrefix + agentHost;
  }

  /** True when any log source is configured besides journald. */
  boolean hasSyslogSources() {
    return !syslogFiles.isEmpty() || syslogUdp != null || syslogTcp != null;
  }

  /** For logs: sources and limits; Kafka properties are left out because they may hold credentials. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ShipSettings[bootstrapServers=%s, topicPrefix='%s', host=%s, stateDir=%s, "
            + "journald=%s (files=%s, directory=%s, all=%s), syslogFiles=%s, syslogUdp=%s, syslogTcp=%s, "
            + "kmsg=%s (%s), sampler=%s (procRoot=%s, every %s, namespaces=%s, conntrack=%s), "
            + "buffer=%d records/%d bytes, "
            + "metricsPort=%s]",
        bootstrapServers, topicPrefix, host, stateDir, journald, journalFiles, journalDirectory, journalAll,
        syslogFiles, syslogUdp, syslogTcp, kmsg, kmsgPath, sampler, procRoot, sampleInterval, namespaces,
        conntrackCommand,
        bufferMaxRecords, bufferMaxBytes, metricsPort);
  }

  static boolean journaldEnabled(String value, boolean journalGiven, boolean syslogGiven) {
    String v = value == null ? DEFAULT_JOURNALD : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> journalGiven || !syslogGiven;
      default -> throw new IllegalArgumentException("setting '" + JOURNALD + "' must be true, false or auto, got '"
          + value + "'");
    };
  }

  /** Splits a comma-separated list of paths; blanks are ignored. */
  static List<Path> paths(String value) {
    List<Path> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(Path.of(part.trim()));
        }
      }
    }
    return out;
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

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value.trim());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String transactionalId(Settings s) {
    String explicit = blankToNull(s.get(TRANSACTIONAL_ID));
    return explicit != null ? explicit : blankToNull(s.get(Settings.KAFKA_PREFIX + "transactional.id"));
  }

  private static Integer metricsPort(Settings s) {
    String v = s.get(METRICS_PORT);
    return v == null || v.isBlank() ? null : (int) range(s, METRICS_PORT, 0, 65_535);
  }

  private static Duration positive(Settings s, String key) {
    Duration d = s.getDuration(key, null);
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("setting '" + key + "' must be a positive duration");
    }
    return d;
  }

  private static Duration nonNegative(Settings s, String key) {
    Duration d = s.getDuration(key, null);
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("setting '" + key + "' must be a duration");
    }
    return d;
  }

  private static long range(Settings s, String key, long min, long max) {
    String v = s.require(key).trim();
    long value;
    try {
      value = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + v + "'", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("setting '" + key + "' must be between " + min + " and " + max
          + ", got " + value);
    }
    return value;
  }
}
