package io.conntrackadvisor.app;

import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every Kafka command shares. Flags are the last layer of the configuration (defaults, {@code --config}
 * file, environment, flags); {@code --set} reaches every key, {@code kafka.*} client settings included.
 */
final class CommonOptions {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (or KAFKA_BOOTSTRAP_SERVERS, or bootstrap.servers in --config).")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
  Path config;

  @Option(names = "--metrics-port", paramLabel = "N",
      description = "Port of the Prometheus /metrics endpoint (0 = any free port).")
  Integer metricsPort;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic name.")
  String topicPrefix;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --set kafka.security.protocol=SASL_SSL. Repeatable.")
  Map<String, String> set = new LinkedHashMap<>();

  /** The flag layer: the common flags, then {@code --set}, then the command's own. */
  Map<String, String> flags(Map<String, String> own) {
    Map<String, String> f = new LinkedHashMap<>();
    put(f, Settings.BOOTSTRAP_SERVERS, bootstrapServers);
    put(f, Settings.TOPIC_PREFIX, topicPrefix);
    put(f, CommandConfig.METRICS_PORT, metricsPort);
    f.putAll(set);
    own.forEach((k, v) -> put(f, k, v));
    return f;
  }

  /** Puts {@code value} as text, unless it is null (the flag was not given). */
  static void put(Map<String, String> f, String key, Object value) {
    if (value != null) {
      f.put(key, value.toString());
    }
  }

  /** Repeated values as the settings hold them: comma-separated. */
  static String joined(java.util.List<?> values) {
    return values == null || values.isEmpty() ? null
        : String.join(",", values.stream().map(String::valueOf).toList());
  }
}
