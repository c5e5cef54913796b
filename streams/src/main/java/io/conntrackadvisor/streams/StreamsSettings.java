package io.conntrackadvisor.streams;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.SHORT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.parse.FieldPaths;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Keys of the {@code streams} command, each defined once in {@link #CONFIG} (Kafka's {@link ConfigDef}; the
 * detector's and recommender's defaults come from {@code core}). Load order (see {@link Settings}): the defaults,
 * the {@code --config} properties file, {@code CONNTRACK_ADVISOR_*} environment variables, flags.
 * Every {@code kafka.}-prefixed key goes to Kafka Streams and its clients unchanged and wins over the values this
 * application derives ({@code kafka.commit.interval.ms}, {@code kafka.num.stream.threads}, security settings).
 */
public final class StreamsSettings {
  public static final String BOOTSTRAP_SERVERS = Settings.BOOTSTRAP_SERVERS;
  public static final String APPLICATION_ID = "application.id";
  public static final String STATE_DIR = "state.dir";
  public static final String METRICS_PORT = CommandConfig.METRICS_PORT;
  public static final String METRICS_ADDRESS = CommandConfig.METRICS_ADDRESS;
  public static final String TOPIC_PREFIX = Settings.TOPIC_PREFIX;
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION = "topic.replication.factor";
  public static final String BURST_GAP = "burst.gap";
  public static final String BURST_UPDATE_INTERVAL = "burst.update.interval";
  public static final String GRACE_PERIOD = "grace.period";
  public static final String IDLE_RETENTION = "idle.retention";
  public static final String FUTURE_TOLERANCE = "future.tolerance";
  public static final String PUNCTUATE_INTERVAL = "punctuate.interval";
  public static final String HOST_MAX_SAMPLES = "host.max.samples";
  public static final String HOST_MAX_OPEN_BURSTS = "host.max.open.bursts";
  public static final String WARNING_THRESHOLD = "saturation.warning";
  public static final String CRITICAL_THRESHOLD = "saturation.critical";
  public static final String PROFILE = "profile";
  public static final String KERNEL_INPUTS = "kernel.inputs";
  /**
   * Prefix of the {@code json} format's paths, one key per field ({@code kernel.input.json.host},
   * {@code .time}, {@code .message}, {@code .transport}, {@code .facility}, {@code .pri}, {@code .tag},
   * {@code .priority}), each a comma-separated list of paths tried in order; a field left empty takes the paths
   * {@code auto} tries.
   */
  public static final String KERNEL_INPUT_JSON_PREFIX = "kernel.input.json.";
  public static final String ROCKSDB_MEMORY = "rocksdb.memory";
  public static final String ROCKSDB_WRITE_BUFFER_RATIO = "rocksdb.write.buffer.ratio";

  /** Default port of the operations endpoints (the Prometheus exporter convention). */
  static final int METRICS_PORT_DEFAULT = 9404;
  /** Every key of the command: name, type, default, check, importance and doc. */
  public static final ConfigDef CONFIG = definition();

  private StreamsSettings() {
  }

  private static ConfigDef definition() {
    DetectorConfig detector = DetectorConfig.defaults();
    ConfigDef d = CommandConfig.common(METRICS_PORT_DEFAULT)
        .define(APPLICATION_ID, STRING, "conntrack-advisor", new ConfigDef.NonEmptyString(), HIGH,
            "Kafka Streams application id: instances with the same id share the work.")
        .define(STATE_DIR, STRING, Path.of(System.getProperty("java.io.tmpdir"), "conntrack-advisor-streams")
            .toString(), HIGH, "Folder of the local RocksDB state.")
        .define(TOPIC_PARTITIONS, INT, 6, ConfigDef.Range.between(1, 10_000), MEDIUM,
            "Partitions of the topics created at start-up; existing topics are left as they are.")
        .define(TOPIC_REPLICATION, SHORT, (short) -1, MEDIUM,
            "Replication factor of the topics created at start-up; -1 takes the broker's default.")
        .define(BURST_GAP, STRING, seconds(detector.burstGap()), CommandConfig.positiveDuration(), MEDIUM,
            "Table-full messages of a host closer than this (event time) form one burst.")
        .define(BURST_UPDATE_INTERVAL, STRING, seconds(detector.burstUpdateInterval()),
            CommandConfig.duration(Duration.ZERO), LOW,
            "An open burst is re-reported at most once per this interval while it grows (0: at every message).")
        .define(GRACE_PERIOD, STRING, "5s", CommandConfig.duration(Duration.ZERO), MEDIUM,
            "How late (behind the newest record of its partition) a kernel message may come and still join its "
            + "burst; bursts close this much later, and later messages are counted as late.")
        .define(IDLE_RETENTION, STRING, "7d", CommandConfig.positiveDuration(), MEDIUM,
            "A host with no record for this long (event time) is forgotten and its recommendation deleted.")
        .define(FUTURE_TOLERANCE, STRING, "1h", CommandConfig.duration(Duration.ZERO), LOW,
            "Records stamped further than this ahead of the wall clock are counted and dropped.")
        .define(PUNCTUATE_INTERVAL, STRING, "5s", CommandConfig.positiveDuration(), LOW,
            "How often time-driven work runs: burst closing (in stream time and by wall clock) and idle "
            + "expiry.")
        .define(HOST_MAX_SAMPLES, INT, detector.maxRecentSamples(), ConfigDef.Range.atLeast(2), LOW,
            "Recent samples kept per host for the trend.")
        .define(HOST_MAX_OPEN_BURSTS, INT, detector.maxOpenBursts(), ConfigDef.Range.atLeast(1), LOW,
            "Bursts (network namespaces) open at once per host.")
        .define(WARNING_THRESHOLD, DOUBLE, detector.warning(), ConfigDef.Range.between(0.0, 1.0), MEDIUM,
            "Utilization that raises the warning level.")
        .define(CRITICAL_THRESHOLD, DOUBLE, detector.critical(), ConfigDef.Range.between(0.0, 1.0), MEDIUM,
            "Utilization that raises the critical level.")
        .define(PROFILE, STRING, RecommenderConfig.defaults().profile().label(),
            ConfigDef.CaseInsensitiveValidString.in("conservative", "aggressive"), MEDIUM,
            "Timeout profile of the recommendations.")
        .define(KERNEL_INPUTS, STRING, KernelInput.CONTRACT_TOPIC + "=contract", HIGH,
            "Where kernel messages come from: TOPIC=FORMAT pairs, comma-separated. Formats: "
            + InputFormat.names() + " (json: paths from the " + KERNEL_INPUT_JSON_PREFIX + "* keys). The topic "
            + KernelInput.CONTRACT_TOPIC + " takes the topic prefix; any other is taken as written and must exist.")
        .define(ROCKSDB_MEMORY, STRING, "256m", CommandConfig.size(1 << 20, Long.MAX_VALUE), MEDIUM,
            "Memory all RocksDB stores of the process may use together (block cache plus write buffers).")
        .define(ROCKSDB_WRITE_BUFFER_RATIO, DOUBLE, 0.5, ConfigDef.Range.between(0.0, 1.0), LOW,
            "Share of rocksdb.memory for write buffers (memtables).");
    for (String field : FieldPaths.FIELDS) {
      d.define(KERNEL_INPUT_JSON_PREFIX + field, STRING, "", LOW,
          "The json format's paths for the field " + field + ", comma-separated, tried in order.");
    }
    return d;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }
}
