package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.parse.FieldPaths;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keys and built-in defaults of the {@code streams} command, side by side. Load order (see {@link Settings}):
 * these defaults, the {@code --config} properties file, {@code CONNTRACK_ADVISOR_*} environment variables, flags.
 * Every {@code kafka.}-prefixed key goes to Kafka Streams and its clients unchanged and wins over the values this
 * application derives ({@code kafka.commit.interval.ms}, {@code kafka.num.stream.threads}, security settings).
 */
public final class StreamsSettings {
  /** Broker address list (flag {@code --bootstrap-servers}); required. */
  public static final String BOOTSTRAP_SERVERS = Settings.BOOTSTRAP_SERVERS;
  /** Kafka Streams application id: instances with the same id share the work (flag {@code --application-id}). */
  public static final String APPLICATION_ID = "application.id";
  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "conntrack-advisor";
  /** Folder of the local RocksDB state (flag {@code --state-dir}). */
  public static final String STATE_DIR = "state.dir";
  /** Default state folder: {@code conntrack-advisor-streams} in the temp folder, as Kafka Streams' own default. */
  public static final String DEFAULT_STATE_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "conntrack-advisor-streams").toString();
  /** Port of the {@code /health}, {@code /ready} and {@code /metrics} endpoints; 0 picks a free port, -1 disables. */
  public static final String METRICS_PORT = "metrics.port";
  /** Default metrics port (the Prometheus exporter convention). */
  public static final String DEFAULT_METRICS_PORT = "9404";
  /** Prefix of every topic name (e.g. {@code team-a.}). */
  public static final String TOPIC_PREFIX = Settings.TOPIC_PREFIX;
  /** Default topic prefix: none. */
  public static final String DEFAULT_TOPIC_PREFIX = "";
  /** Partitions of the topics created at start-up; existing topics are left as they are. */
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  /** Default partition count of created topics. */
  public static final String DEFAULT_TOPIC_PARTITIONS = "6";
  /** Replication factor of the topics created at start-up; -1 takes the broker's default. */
  public static final String TOPIC_REPLICATION = "topic.replication.factor";
  /** Default replication factor: the broker's. */
  public static final String DEFAULT_TOPIC_REPLICATION = "-1";
  /** Table-full messages of a host closer than this (event time) form one burst. */
  public static final String BURST_GAP = "burst.gap";
  /** Default burst gap. */
  public static final String DEFAULT_BURST_GAP = "60s";
  /** An open burst is re-reported at most once per this interval (event time) while it grows. */
  public static final String BURST_UPDATE_INTERVAL = "burst.update.interval";
  /** Default burst update interval. */
  public static final String DEFAULT_BURST_UPDATE_INTERVAL = "10s";
  /**
   * How late (behind the newest record of its partition) a kernel message may come and still join its burst:
   * bursts close this much later. Records later than this are counted as late. Records are processed as they come
   * either way; a sample older than its host's latest is merged into the peak and the trend.
   */
  public static final String GRACE_PERIOD = "grace.period";
  /** Default grace period. */
  public static final String DEFAULT_GRACE_PERIOD = "5s";
  /** A host with no record for this long (event time) is forgotten and its recommendation deleted. */
  public static final String IDLE_RETENTION = "idle.retention";
  /** Default idle retention. */
  public static final String DEFAULT_IDLE_RETENTION = "7d";
  /** Records stamped further than this ahead of the wall clock are counted and dropped. */
  public static final String FUTURE_TOLERANCE = "future.tolerance";
  /** Default future tolerance. */
  public static final String DEFAULT_FUTURE_TOLERANCE = "1h";
  /** How often time-driven work runs: burst closing (in stream time and by wall clock) and idle expiry. */
  public static final String PUNCTUATE_INTERVAL = "punctuate.interval";
  /** Default punctuation interval. */
  public static final String DEFAULT_PUNCTUATE_INTERVAL = "5s";
  /** Recent samples kept per host for the trend (the ring of the per-host size budget). */
  public static final String HOST_MAX_SAMPLES = "host.max.samples";
  /** Default ring size. */
  public static final String DEFAULT_HOST_MAX_SAMPLES = "256";
  /** Bursts (network namespaces) open at once per host; the oldest closes when one more opens. */
  public static final String HOST_MAX_OPEN_BURSTS = "host.max.open.bursts";
  /** Default open bursts per host. */
  public static final String DEFAULT_HOST_MAX_OPEN_BURSTS = "32";
  /** Utilization that raises the warning level. */
  public static final String WARNING_THRESHOLD = "saturation.warning";
  /** Default warning threshold. */
  public static final String DEFAULT_WARNING_THRESHOLD = "0.75";
  /** Utilization that raises the critical level. */
  public static final String CRITICAL_THRESHOLD = "saturation.critical";
  /** Default critical threshold. */
  public static final String DEFAULT_CRITICAL_THRESHOLD = "0.90";
  /** Timeout profile of the recommendations: {@code conservative} or {@code aggressive}. */
  public static final String PROFILE = "profile";
  /** Default profile. */
  public static final String DEFAULT_PROFILE = "conservative";
  /**
   * Where kernel messages come from, as {@code TOPIC=FORMAT} pairs separated by commas (flag {@code --kernel-input},
   * repeatable). Formats: {@code contract} (the JSON contract), {@code syslog}, {@code journald},
   * {@code rsyslog-json}, {@code syslog-ng-json}, {@code fluent-bit}, {@code vector}, {@code ecs}, {@code auto} and
   * {@code json} (paths from the {@value #KERNEL_INPUT_JSON_PREFIX} keys). The topic {@code kernel-messages} is the
   * contract's, with the topic prefix; any other name is taken as written and must exist.
   */
  public static final String KERNEL_INPUTS = "kernel.inputs";
  /** Default: the contract's {@code kernel-messages} topic only. */
  public static final String DEFAULT_KERNEL_INPUTS = "kernel-messages=contract";
  /**
   * Prefix of the {@code json} format's paths, one key per field ({@code kernel.input.json.host},
   * {@code .time}, {@code .message}, {@code .transport}, {@code .facility}, {@code .pri}, {@code .tag},
   * {@code .priority}), each a comma-separated list of paths tried in order; a field left empty takes the paths
   * {@code auto} tries.
   */
  public static final String KERNEL_INPUT_JSON_PREFIX = "kernel.input.json.";
  /** Memory all RocksDB stores of the process may use together (block cache plus write buffers), e.g. 256m. */
  public static final String ROCKSDB_MEMORY = "rocksdb.memory";
  /** Default RocksDB memory bound. */
  public static final String DEFAULT_ROCKSDB_MEMORY = "256m";
  /** Share of {@link #ROCKSDB_MEMORY} for write buffers (memtables), between 0 and 1. */
  public static final String ROCKSDB_WRITE_BUFFER_RATIO = "rocksdb.write.buffer.ratio";
  /** Default write buffer share. */
  public static final String DEFAULT_ROCKSDB_WRITE_BUFFER_RATIO = "0.5";

  private StreamsSettings() {
  }

  /** Every key of this command, for environment variables and help texts. */
  public static List<String> keys() {
    return List.copyOf(defaults().keySet());
  }

  /** The built-in defaults ({@code bootstrap.servers} has none). */
  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(BOOTSTRAP_SERVERS, "");
    d.put(APPLICATION_ID, DEFAULT_APPLICATION_ID);
    d.put(STATE_DIR, DEFAULT_STATE_DIR);
    d.put(METRICS_PORT, DEFAULT_METRICS_PORT);
    d.put(TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX);
    d.put(TOPIC_PARTITIONS, DEFAULT_TOPIC_PARTITIONS);
    d.put(TOPIC_REPLICATION, DEFAULT_TOPIC_REPLICATION);
    d.put(BURST_GAP, DEFAULT_BURST_GAP);
    d.put(BURST_UPDATE_INTERVAL, DEFAULT_BURST_UPDATE_INTERVAL);
    d.put(GRACE_PERIOD, DEFAULT_GRACE_PERIOD);
    d.put(IDLE_RETENTION, DEFAULT_IDLE_RETENTION);
    d.put(FUTURE_TOLERANCE, DEFAULT_FUTURE_TOLERANCE);
    d.put(PUNCTUATE_INTERVAL, DEFAULT_PUNCTUATE_INTERVAL);
    d.put(HOST_MAX_SAMPLES, DEFAULT_HOST_MAX_SAMPLES);
    d.put(HOST_MAX_OPEN_BURSTS, DEFAULT_HOST_MAX_OPEN_BURSTS);
    d.put(WARNING_THRESHOLD, DEFAULT_WARNING_THRESHOLD);
    d.put(CRITICAL_THRESHOLD, DEFAULT_CRITICAL_THRESHOLD);
    d.put(PROFILE, DEFAULT_PROFILE);
    d.put(KERNEL_INPUTS, DEFAULT_KERNEL_INPUTS);
    for (String field : FieldPaths.FIELDS) {
      d.put(KERNEL_INPUT_JSON_PREFIX + field, "");
    }
    d.put(ROCKSDB_MEMORY, DEFAULT_ROCKSDB_MEMORY);
    d.put(ROCKSDB_WRITE_BUFFER_RATIO, DEFAULT_ROCKSDB_WRITE_BUFFER_RATIO);
    return d;
  }

  /**
   * Merges defaults, the optional properties file, the environment and the flags (keys as above; null values are
   * ignored), as the {@code streams} command does.
   */
  public static Settings load(Path configFile, Map<String, String> env, Map<String, String> flags)
      throws IOException {
    return Settings.load(defaults(), configFile, env, keys(), flags);
  }

  /** Parses a byte size such as {@code 1048576}, {@code 512k}, {@code 64m} or {@code 1g} (binary units). */
  public static long parseBytes(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1).trim();
    }
    try {
      long n = Long.parseLong(t);
      if (n <= 0) {
        throw new NumberFormatException("not positive");
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("setting '" + key + "' must be a positive size like 64m, got '" + text
          + "'", e);
    }
  }
}
