package io.conntrackadvisor.model.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The layers of one command's configuration, merged in the order built-in defaults, properties file, environment,
 * flags (later wins); {@link CommandConfig} reads and checks them with the command's definitions. Keys are dotted
 * ({@code bootstrap.servers}); a key's environment variable is {@code CONNTRACK_ADVISOR_} plus the key in upper
 * case with dots and dashes as underscores, and {@code KAFKA_BOOTSTRAP_SERVERS} also sets {@code bootstrap.servers}.
 * Every {@code kafka.}-prefixed key is passed to the Kafka clients unchanged.
 */
public final class Settings {
  /** Prefix of the environment variables that set keys. */
  public static final String ENV_PREFIX = "CONNTRACK_ADVISOR_";
  /** Prefix of keys passed through to the Kafka clients. */
  public static final String KAFKA_PREFIX = "kafka.";
  /** The broker address list. */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** Prefix for every topic name. */
  public static final String TOPIC_PREFIX = "topic.prefix";

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$).*");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Settings from exactly these values. */
  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /**
   * Merges the layers of a command whose keys {@code def} defines (their defaults stay in {@code def}, which
   * {@link CommandConfig} applies): the properties {@code file} (may be null), then the environment variables of
   * the defined keys and {@code KAFKA_BOOTSTRAP_SERVERS}, then the flags whose value is not null.
   *
   * @throws IOException when the file is given but cannot be read
   */
  public static Settings load(ConfigDef def, Path file, Map<String, String> env, Map<String, String> flags)
      throws IOException {
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      merged.putAll(readProperties(file));
    }
    String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
    if (bootstrap != null && !bootstrap.isBlank()) {
      merged.put(BOOTSTRAP_SERVERS, bootstrap.trim());
    }
    for (String key : def.names()) {
      String v = env.get(envName(key));
      if (v != null) {
        merged.put(key, v);
      }
    }
    flags.forEach((k, v) -> {
      if (v != null) {
        merged.put(k, v);
      }
    });
    return new Settings(merged);
  }

  /** The environment variable that sets {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(name, p.getProperty(name).trim());
    }
    return out;
  }

  /**
   * A duration such as {@code 500ms}, {@code 10s}, {@code 15m}, {@code 1h}, {@code 7d}; a bare number is seconds.
   * {@code what} names it in the error.
   */
  public static Duration parseDuration(String what, String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(what + " must be a duration like 500ms, 10s, 15m, 1h or 7d, got '"
          + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** All values. */
  public Map<String, String> asMap() {
    return values;
  }

  /** For logs: every value whose key looks secret (passwords, JAAS configs, tokens, keys) is masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, SECRET.matcher(k).matches() ? "********" : v));
    return shown.toString();
  }
}
