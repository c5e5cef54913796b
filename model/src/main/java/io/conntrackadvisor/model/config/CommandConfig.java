package io.conntrackadvisor.model.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The checked settings of one command, read through Kafka's own {@link ConfigDef}: each command defines its keys
 * once (type, default, validator, importance, one line of doc) and its typed view reads them from here. Durations
 * and sizes are written as text ({@code 10s}, {@code 16m}) and checked by {@link #duration} and {@link #size}.
 * A blank value is no value: the key keeps its default, in every command. Every {@code kafka.}-prefixed key goes
 * to the Kafka clients untouched.
 */
public final class CommandConfig extends AbstractConfig {
  /** Prefix of every topic name. */
  public static final String TOPIC_PREFIX = Settings.TOPIC_PREFIX;
  /** Port of {@code /metrics}, {@code /health} and {@code /ready}: -1 for none, 0 for any free port. */
  public static final String METRICS_PORT = "metrics.port";
  /** Address the operations endpoints bind. */
  public static final String METRICS_ADDRESS = "metrics.address";

  private CommandConfig(ConfigDef def, Map<String, String> values) {
    super(def, values, false);
  }

  /**
   * Reads {@code settings} (the merged layers) with {@code def}.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static CommandConfig of(ConfigDef def, Settings settings) {
    try {
      return new CommandConfig(def, withoutBlanks(settings.asMap()));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage() + " (flag, environment variable "
          + "CONNTRACK_ADVISOR_<KEY> or config file)", e);
    }
  }

  private static Map<String, String> withoutBlanks(Map<String, String> values) {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        m.put(k, v.trim());
      }
    });
    return m;
  }

  /** The keys every command shares: the brokers, the topic prefix and the operations endpoints. */
  public static ConfigDef common(int metricsPort) {
    return new ConfigDef()
        .define(Settings.BOOTSTRAP_SERVERS, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH,
            "Kafka broker address list (also KAFKA_BOOTSTRAP_SERVERS); required to connect.")
        .define(TOPIC_PREFIX, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
            "Prefix of every topic name (several pipelines on one cluster).")
        .define(METRICS_PORT, ConfigDef.Type.INT, metricsPort, ConfigDef.Range.between(-1, 65_535),
            ConfigDef.Importance.MEDIUM, "Port of /metrics, /health and /ready: -1 for none, 0 for any free port.")
        .define(METRICS_ADDRESS, ConfigDef.Type.STRING, "127.0.0.1", ConfigDef.Importance.LOW,
            "Address the operations endpoints bind (0.0.0.0 for every interface).");
  }

  /** Validates text such as {@code 500ms}, {@code 10s}, {@code 15m}, {@code 1h}, {@code 7d} of at least {@code min}. */
  public static ConfigDef.Validator duration(Duration min) {
    return validator(v -> Settings.parseDuration("", v), "must be a duration like 500ms, 10s, 15m, 1h or 7d",
        d -> d.compareTo(min) >= 0, "must be at least " + min.toMillis() + " ms",
        "a duration (500ms, 10s, 15m, 1h, 7d) >= " + min.toMillis() + " ms");
  }

  /** A duration of at least 1 ms. */
  public static ConfigDef.Validator positiveDuration() {
    return duration(Duration.ofMillis(1));
  }

  /** Validates a byte size ({@code 16777216}, {@code 64k}, {@code 16m}, {@code 1g}) between {@code min} and {@code max}. */
  public static ConfigDef.Validator size(long min, long max) {
    return validator(Sizes::parse, "must be a size in bytes like 65536, 64k, 16m or 1g", n -> n >= min && n <= max,
        "must be between " + min + " and " + max + " bytes",
        "a size in bytes (65536, 64k, 16m, 1g), at least " + min
        + (max == Long.MAX_VALUE ? "" : " and at most " + max));
  }

  /**
   * A validator of text that {@code parse} reads (an {@link IllegalArgumentException} says it is not of the
   * {@code form}) and whose value must be {@code inRange} ({@code range} says how); {@code description} is its
   * {@code toString}. A null value passes.
   */
  private static <T> ConfigDef.Validator validator(Function<String, T> parse, String form, Predicate<T> inRange,
      String range, String description) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          return;
        }
        T v;
        try {
          v = parse.apply(value.toString());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, form);
        }
        if (!inRange.test(v)) {
          throw new ConfigException(name, value, range);
        }
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** A duration key's value. */
  public Duration getDuration(String key) {
    String v = getString(key);
    return v == null ? null : Settings.parseDuration(key, v);
  }

  /** A size key's value in bytes. */
  public long getSize(String key) {
    return Sizes.parse(getString(key));
  }

  /** A path key's value, or null when it has none. */
  public Path getPath(String key) {
    String v = getString(key);
    return v == null ? null : Path.of(v);
  }

  /** A list key's values as paths. */
  public List<Path> getPaths(String key) {
    return getList(key).stream().filter(s -> !s.isBlank()).map(s -> Path.of(s.trim())).toList();
  }

  /** The port of the operations endpoints, or null when they are off. */
  public Integer metricsPort() {
    int port = getInt(METRICS_PORT);
    return port < 0 ? null : port;
  }

  /**
   * The broker address list.
   *
   * @throws IllegalArgumentException when none was given
   */
  public String bootstrapServers() {
    String v = getString(Settings.BOOTSTRAP_SERVERS);
    if (v == null) {
      throw new IllegalArgumentException("missing required setting '" + Settings.BOOTSTRAP_SERVERS
          + "' (--bootstrap-servers, KAFKA_BOOTSTRAP_SERVERS, " + Settings.envName(Settings.BOOTSTRAP_SERVERS)
          + " or config file)");
    }
    return v;
  }

  /** Kafka client properties: {@code bootstrap.servers} plus every {@code kafka.*} key without the prefix. */
  public Map<String, String> kafka() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers());
    originalsWithPrefix(Settings.KAFKA_PREFIX).forEach((k, v) -> m.put(k, String.valueOf(v)));
    return m;
  }

  /** {@link #kafka()} as {@link Properties}. */
  public Properties kafkaProperties() {
    Properties p = new Properties();
    p.putAll(kafka());
    return p;
  }
}
