package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Configuration of the {@code sink} command: every key with its default, and the checked, typed view that
 * {@link #from(Settings)} builds. The launcher loads the layers with
 * {@code Settings.load(SinkSettings.DEFAULTS, file, System.getenv(), SinkSettings.KEYS, flags)}.
 *
 * @param bootstrapServers  broker address list
 * @param topicPrefix       prefix of every topic name (may be empty)
 * @param outDir            folder for drop-ins, the report and the delivery state
 * @param dropIns           whether per-host drop-in files are written
 * @param webhookUrls       where to POST recommendations (several only for Alertmanager); empty for none
 * @param webhookFormat     payload shape of the webhook
 * @param webhookTimeout    time one webhook request may take
 * @param webhookAttempts   attempts per recommendation before giving up
 * @param webhookBackoff    wait before the first retry (doubles per retry)
 * @param webhookBackoffMax longest wait between attempts
 * @param alertResend       how often firing alerts are posted again to Alertmanager
 * @param alertTtl          how far ahead of each post a firing alert's {@code endsAt} lies
 * @param stdout            whether JSON lines go to standard output
 * @param report            whether {@code OUT/index.html} is kept up to date
 * @param reportWindow      how far back the report looks
 * @param groupId           consumer group
 * @param metricsPort       Prometheus port, 0 for any free port, or null for none
 * @param metricsAddress    address the metrics server binds
 * @param memoryFraction    largest share of a host's RAM a full conntrack table may take
 * @param memoryFromSamples whether host RAM is learnt from the samples topic
 * @param kafka             Kafka client properties ({@code bootstrap.servers} and the {@code kafka.*} pass-through)
 */
public record SinkSettings(
    String bootstrapServers,
    String topicPrefix,
    Path outDir,
    boolean dropIns,
    List<URI> webhookUrls,
    WebhookFormat webhookFormat,
    Duration webhookTimeout,
    int webhookAttempts,
    Duration webhookBackoff,
    Duration webhookBackoffMax,
    Duration alertResend,
    Duration alertTtl,
    boolean stdout,
    boolean report,
    Duration reportWindow,
    String groupId,
    Integer metricsPort,
    String metricsAddress,
    double memoryFraction,
    boolean memoryFromSamples,
    Map<String, String> kafka) {

  /** Folder for the drop-ins ({@code OUT/<host>/}), the report ({@code OUT/index.html}) and state (required). */
  public static final String OUT_DIR = "out.dir";
  /** Whether {@code OUT/<host>/90-conntrack-advisor.conf} and the modprobe file are written. */
  public static final String DROPINS = "dropins";
  /** Default of {@link #DROPINS}. */
  public static final String DEFAULT_DROPINS = "true";
  /**
   * URL to POST each new recommendation to; no webhook when unset. With {@code alertmanager}, a comma-separated
   * list (an HA pair gets every alert), each the server's base URL or its {@code /api/v2/alerts}.
   */
  public static final String WEBHOOK_URL = "webhook.url";
  /** Webhook payload shape: {@code generic}, {@code alertmanager}, {@code alertmanager-notification} or {@code slack}. */
  public static final String WEBHOOK_FORMAT = "webhook.format";
  /** Default of {@link #WEBHOOK_FORMAT}. */
  public static final String DEFAULT_WEBHOOK_FORMAT = "generic";
  /** Time one webhook request may take before it counts as failed and is retried. */
  public static final String WEBHOOK_TIMEOUT = "webhook.timeout";
  /** Default of {@link #WEBHOOK_TIMEOUT}. */
  public static final String DEFAULT_WEBHOOK_TIMEOUT = "5s";
  /** The retry bound: attempts per recommendation before the sink records a failure and moves on. */
  public static final String WEBHOOK_MAX_ATTEMPTS = "webhook.max.attempts";
  /** Default of {@link #WEBHOOK_MAX_ATTEMPTS}. */
  public static final String DEFAULT_WEBHOOK_MAX_ATTEMPTS = "5";
  /** Wait before the first webhook retry; it doubles on each further retry. */
  public static final String WEBHOOK_BACKOFF = "webhook.backoff";
  /** Default of {@link #WEBHOOK_BACKOFF}. */
  public static final String DEFAULT_WEBHOOK_BACKOFF = "1s";
  /** Longest wait between two webhook attempts (also caps a server's {@code Retry-After}). */
  public static final String WEBHOOK_BACKOFF_MAX = "webhook.backoff.max";
  /** Default of {@link #WEBHOOK_BACKOFF_MAX}. */
  public static final String DEFAULT_WEBHOOK_BACKOFF_MAX = "30s";
  /** How often every firing alert is posted to Alertmanager again, as Prometheus re-sends its alerts. */
  public static final String ALERTMANAGER_RESEND = "alertmanager.resend.interval";
  /** Default of {@link #ALERTMANAGER_RESEND}. */
  public static final String DEFAULT_ALERTMANAGER_RESEND = "1m";
  /**
   * How far ahead of each post a firing alert's {@code endsAt} lies: when the sink stops posting, Alertmanager
   * resolves the alert this long after the last post. Longer than the re-send interval.
   */
  public static final String ALERTMANAGER_TTL = "alertmanager.alert.ttl";
  /** Default of {@link #ALERTMANAGER_TTL}. */
  public static final String DEFAULT_ALERTMANAGER_TTL = "5m";
  /** Whether every valid recommendation and finding is printed as a JSON line on standard output. */
  public static final String STDOUT = "stdout";
  /** Default of {@link #STDOUT}. */
  public static final String DEFAULT_STDOUT = "false";
  /** Whether the self-contained HTML report {@code OUT/index.html} is kept up to date. */
  public static final String REPORT = "report";
  /** Default of {@link #REPORT}. */
  public static final String DEFAULT_REPORT = "false";
  /** How far back the report's charts and drop counts look. */
  public static final String REPORT_WINDOW = "report.window";
  /** Default of {@link #REPORT_WINDOW}. */
  public static final String DEFAULT_REPORT_WINDOW = "24h";
  /** Consumer group of the sink; deployments that should each see every record use distinct groups. */
  public static final String GROUP_ID = "group.id";
  /** Default of {@link #GROUP_ID}. */
  public static final String DEFAULT_GROUP_ID = "conntrack-advisor-sink";
  /** Port of the Prometheus text endpoint {@code /metrics}; unset for none, 0 for any free port. */
  public static final String METRICS_PORT = "metrics.port";
  /** Address the metrics endpoint binds. */
  public static final String METRICS_ADDRESS = "metrics.address";
  /** Default of {@link #METRICS_ADDRESS}. */
  public static final String DEFAULT_METRICS_ADDRESS = "0.0.0.0";
  /** Largest share of a host's RAM its full conntrack table may take; larger recommendations are rejected. */
  public static final String VALIDATE_MEMORY_FRACTION = "validate.memory.fraction";
  /** Default of {@link #VALIDATE_MEMORY_FRACTION}. */
  public static final String DEFAULT_VALIDATE_MEMORY_FRACTION = "0.5";
  /** Whether the sink reads the samples topic to learn each host's RAM for that check. */
  public static final String VALIDATE_MEMORY_FROM_SAMPLES = "validate.memory.from.samples";
  /** Default of {@link #VALIDATE_MEMORY_FROM_SAMPLES}. */
  public static final String DEFAULT_VALIDATE_MEMORY_FROM_SAMPLES = "true";

  /** Built-in defaults, the first configuration layer. */
  public static final Map<String, String> DEFAULTS = defaults();
  /** Keys that environment variables may set ({@code CONNTRACK_ADVISOR_OUT_DIR} and so on). */
  public static final List<String> KEYS = List.of(Settings.BOOTSTRAP_SERVERS, Settings.TOPIC_PREFIX, OUT_DIR,
      DROPINS, WEBHOOK_URL, WEBHOOK_FORMAT, WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF,
      WEBHOOK_BACKOFF_MAX, ALERTMANAGER_RESEND, ALERTMANAGER_TTL, STDOUT, REPORT, REPORT_WINDOW, GROUP_ID,
      METRICS_PORT, METRICS_ADDRESS,
      VALIDATE_MEMORY_FRACTION, VALIDATE_MEMORY_FROM_SAMPLES);

  public SinkSettings {
    webhookUrls = List.copyOf(webhookUrls);
    kafka = Map.copyOf(kafka);
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(Settings.TOPIC_PREFIX, "");
    d.put(DROPINS, DEFAULT_DROPINS);
    d.put(WEBHOOK_FORMAT, DEFAULT_WEBHOOK_FORMAT);
    d.put(WEBHOOK_TIMEOUT, DEFAULT_WEBHOOK_TIMEOUT);
    d.put(WEBHOOK_MAX_ATTEMPTS, DEFAULT_WEBHOOK_MAX_ATTEMPTS);
    d.put(WEBHOOK_BACKOFF, DEFAULT_WEBHOOK_BACKOFF);
    d.put(WEBHOOK_BACKOFF_MAX, DEFAULT_WEBHOOK_BACKOFF_MAX);
    d.put(ALERTMANAGER_RESEND, DEFAULT_ALERTMANAGER_RESEND);
    d.put(ALERTMANAGER_TTL, DEFAULT_ALERTMANAGER_TTL);
    d.put(STDOUT, DEFAULT_STDOUT);
    d.put(REPORT, DEFAULT_REPORT);
    d.put(REPORT_WINDOW, DEFAULT_REPORT_WINDOW);
    d.put(GROUP_ID, DEFAULT_GROUP_ID);
    d.put(METRICS_ADDRESS, DEFAULT_METRICS_ADDRESS);
    d.put(VALIDATE_MEMORY_FRACTION, DEFAULT_VALIDATE_MEMORY_FRACTION);
    d.put(VALIDATE_MEMORY_FROM_SAMPLES, DEFAULT_VALIDATE_MEMORY_FROM_SAMPLES);
    return Map.copyOf(d);
  }

  /**
   * The checked view of {@code settings}; keys missing or blank there take their {@link #DEFAULTS}.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static SinkSettings from(Settings settings) {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    settings.asMap().forEach((k, v) -> {
      if (v != null && (!v.isBlank() || !DEFAULTS.containsKey(k))) {
        merged.put(k, v); // a blank value keeps the default, so every key below with a default has a value
      }
    });
    Settings s = Settings.of(merged);
    Map<String, String> kafka = new LinkedHashMap<>();
    s.kafkaProperties().forEach((k, v) -> kafka.put((String) k, (String) v));
    WebhookFormat format = WebhookFormat.parse(s.get(WEBHOOK_FORMAT));
    Duration resend = positive(ALERTMANAGER_RESEND, s.getDuration(ALERTMANAGER_RESEND, null));
    Duration ttl = positive(ALERTMANAGER_TTL, s.getDuration(ALERTMANAGER_TTL, null));
    if (ttl.compareTo(resend) <= 0) {
      throw new IllegalArgumentException("setting '" + ALERTMANAGER_TTL + "' (" + ttl + ") must be longer than '"
          + ALERTMANAGER_RESEND + "' (" + resend + "), or alerts would expire between two posts");
    }
    return new SinkSettings(
        s.require(Settings.BOOTSTRAP_SERVERS),
        s.get(Settings.TOPIC_PREFIX, ""),
        Path.of(s.require(OUT_DIR)).toAbsolutePath().normalize(),
        s.getBoolean(DROPINS, true),
        webhookUrls(s.get(WEBHOOK_URL), format),
        format,
        positive(WEBHOOK_TIMEOUT, s.getDuration(WEBHOOK_TIMEOUT, null)),
        atLeast(WEBHOOK_MAX_ATTEMPTS, s.getInt(WEBHOOK_MAX_ATTEMPTS, 5), 1, 100),
        s.getDuration(WEBHOOK_BACKOFF, null),
        s.getDuration(WEBHOOK_BACKOFF_MAX, null),
        resend,
        ttl,
        s.getBoolean(STDOUT, false),
        s.getBoolean(REPORT, false),
        positive(REPORT_WINDOW, s.getDuration(REPORT_WINDOW, null)),
        s.require(GROUP_ID),
        metricsPort(s),
        s.get(METRICS_ADDRESS),
        fraction(s.getDouble(VALIDATE_MEMORY_FRACTION, 0.5)),
        s.getBoolean(VALIDATE_MEMORY_FROM_SAMPLES, true),
        kafka);
  }

  /**
   * The longest one recommendation can hold the consumer while its webhook is retried: every attempt timing out
   * plus every back-off. The consumer's {@code max.poll.interval.ms} is sized from it.
   */
  public Duration worstCaseDelivery() {
    if (webhookUrls.isEmpty()) {
      return Duration.ZERO;
    }
    Duration total = webhookTimeout.multipliedBy(webhookAttempts);
    for (int retry = 1; retry < webhookAttempts; retry++) {
      total = total.plus(Backoff.delay(webhookBackoff, webhookBackoffMax, retry));
    }
    return total;
  }

  /** Kafka client properties as {@link Properties}. */
  public Properties kafkaProperties() {
    Properties p = new Properties();
    p.putAll(kafka);
    return p;
  }

  /** For logs: the webhook URL shows only scheme, host and port (its path often holds a token). */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SinkSettings[bootstrapServers=%s, topicPrefix='%s', outDir=%s, dropIns=%s, "
            + "webhook=%s, webhookFormat=%s, stdout=%s, report=%s, groupId=%s, metricsPort=%s]",
        bootstrapServers, topicPrefix, outDir, dropIns, webhookUrls.isEmpty() ? "none"
            : webhookUrls.stream().map(SinkSettings::redacted).collect(Collectors.joining(",")),
        webhookFormat.wireName(), stdout, report, groupId, metricsPort);
  }

  /** The URL without path, query or credentials, safe to log. */
  static String redacted(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…";
  }

  private static List<URI> webhookUrls(String text, WebhookFormat format) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<URI> urls = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        URI url = webhookUrl(part.trim());
        urls.add(format == WebhookFormat.ALERTMANAGER ? AlertmanagerOutput.alertsEndpoint(url) : url);
      }
    }
    if (urls.size() > 1 && format != WebhookFormat.ALERTMANAGER) {
      throw new IllegalArgumentException("setting '" + WEBHOOK_URL + "' lists " + urls.size()
          + " URLs; several are for the alertmanager format only (each Alertmanager of an HA pair gets every alert)");
    }
    return urls;
  }

  private static URI webhookUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("setting '" + WEBHOOK_URL + "' must be an http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("setting '" + WEBHOOK_URL + "' is not a valid URL", e);
    }
  }

  private static Integer metricsPort(Settings s) {
    String v = s.get(METRICS_PORT);
    if (v == null || v.isBlank()) {
      return null;
    }
    return atLeast(METRICS_PORT, s.getInt(METRICS_PORT, 0), 0, 65535);
  }

  private static Duration positive(String key, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("setting '" + key + "' must be a positive duration");
    }
    return d;
  }

  private static int atLeast(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("setting '" + key + "' must be between " + min + " and " + max
          + ", got " + value);
    }
    return value;
  }

  private static double fraction(double value) {
    if (!(value > 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("setting '" + VALIDATE_MEMORY_FRACTION + "' must be above 0 and at most 1");
    }
    return value;
  }
}
