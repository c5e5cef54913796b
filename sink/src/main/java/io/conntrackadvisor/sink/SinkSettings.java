package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.model.ops.Backoff;
import io.conntrackadvisor.sink.webhook.AlertmanagerOutput;
import io.conntrackadvisor.sink.webhook.WebhookFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Configuration of the {@code sink} command: every key defined once in {@link #CONFIG} (Kafka's {@link ConfigDef}:
 * name, type, default, check, importance and its doc, which {@code --help} and docs/configuration.md show), and
 * the checked, typed view that {@link #from(Settings)} builds, one component per key ({@code webhookUrls} the
 * checked URLs, {@code kafka} the Kafka client properties). The launcher loads the layers with
 * {@code Settings.load(SinkSettings.CONFIG, file, System.getenv(), flags)}.
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
    Integer httpPort,
    String httpAddress,
    double memoryFraction,
    boolean memoryFromSamples,
    Map<String, String> kafka) {

  public static final String OUT_DIR = "out.dir";
  public static final String DROPINS = "dropins";
  public static final String WEBHOOK_URL = "webhook.url";
  public static final String WEBHOOK_FORMAT = "webhook.format";
  public static final String WEBHOOK_TIMEOUT = "webhook.timeout";
  public static final String WEBHOOK_MAX_ATTEMPTS = "webhook.max.attempts";
  public static final String WEBHOOK_BACKOFF = "webhook.backoff";
  public static final String WEBHOOK_BACKOFF_MAX = "webhook.backoff.max";
  public static final String ALERTMANAGER_RESEND = "alertmanager.resend.interval";
  public static final String ALERTMANAGER_TTL = "alertmanager.alert.ttl";
  public static final String STDOUT = "stdout";
  public static final String REPORT = "report";
  public static final String REPORT_WINDOW = "report.window";
  public static final String GROUP_ID = "group.id";
  public static final String METRICS_PORT = CommandConfig.METRICS_PORT;
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_ADDRESS = "http.address";
  public static final String VALIDATE_MEMORY_FRACTION = "validate.memory.fraction";
  public static final String VALIDATE_MEMORY_FROM_SAMPLES = "validate.memory.from.samples";

  /** Every key of the command: name, type, default, check, importance and doc. */
  public static final ConfigDef CONFIG = definition();
  /** Default port of the operations endpoints. */
  static final int METRICS_PORT_DEFAULT = -1;

  public SinkSettings {
    webhookUrls = List.copyOf(webhookUrls);
    kafka = Map.copyOf(kafka);
  }

  private static ConfigDef definition() {
    ConfigDef.Type str = ConfigDef.Type.STRING;
    ConfigDef.Type bool = ConfigDef.Type.BOOLEAN;
    ConfigDef.Importance high = ConfigDef.Importance.HIGH;
    ConfigDef.Importance medium = ConfigDef.Importance.MEDIUM;
    ConfigDef.Importance low = ConfigDef.Importance.LOW;
    return CommandConfig.common(METRICS_PORT_DEFAULT)
        .define(OUT_DIR, str, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), high,
            "Folder for OUT/<host>/ drop-ins, the report OUT/index.html and the state OUT/.state/.")
        .define(DROPINS, bool, true, medium, "Write OUT/<host>/90-conntrack-advisor.conf and the modprobe file.")
        .define(WEBHOOK_URL, str, null, high, "URL to POST each new recommendation to; with the alertmanager "
            + "format, a comma-separated list of Alertmanagers (each its base URL or its /api/v2/alerts).")
        .define(WEBHOOK_FORMAT, str, "generic", ConfigDef.ValidString.in(formatNames()), medium,
            "Payload shape of the webhook.")
        .define(WEBHOOK_TIMEOUT, str, "5s", CommandConfig.positiveDuration(), low,
            "Time one webhook request may take before it counts as failed and is retried.")
        .define(WEBHOOK_MAX_ATTEMPTS, ConfigDef.Type.INT, 5, ConfigDef.Range.between(1, 100), low,
            "Attempts per request before the sink records a failure and moves on.")
        .define(WEBHOOK_BACKOFF, str, "1s", CommandConfig.duration(Duration.ZERO), low,
            "Wait before the first webhook retry; it doubles on each further retry.")
        .define(WEBHOOK_BACKOFF_MAX, str, "30s", CommandConfig.duration(Duration.ZERO), low,
            "Longest wait between two webhook attempts (also caps a server's Retry-After).")
        .define(ALERTMANAGER_RESEND, str, "1m", CommandConfig.positiveDuration(), low,
            "How often every firing alert is posted to Alertmanager again, as Prometheus re-sends its alerts.")
        .define(ALERTMANAGER_TTL, str, "5m", CommandConfig.positiveDuration(), low,
            "How far ahead of each post a firing alert ends: when the sink stops posting, Alertmanager resolves "
            + "the alert this long after the last post. Longer than the re-send interval.")
        .define(STDOUT, bool, false, low, "Print every valid recommendation and finding as a JSON line.")
        .define(REPORT, bool, false, medium, "Keep the self-contained HTML report OUT/index.html up to date.")
        .define(REPORT_WINDOW, str, "24h", CommandConfig.positiveDuration(), low,
            "How far back the report's charts and drop counts look.")
        .define(HTTP_PORT, ConfigDef.Type.INT, -1, ConfigDef.Range.between(-1, 65_535), medium,
            "Port of the live fleet dashboard (also /metrics, /health, /ready): -1 for none, 0 for any free port.")
        .define(HTTP_ADDRESS, str, "127.0.0.1", new ConfigDef.NonEmptyString(), low,
            "Address the dashboard binds (0.0.0.0 for every interface; it has no authentication).")
        .define(GROUP_ID, str, "conntrack-advisor-sink", new ConfigDef.NonEmptyString(), medium,
            "Consumer group; deployments that should each see every record use distinct groups.")
        .define(VALIDATE_MEMORY_FRACTION, ConfigDef.Type.DOUBLE, 0.5, ConfigDef.Range.between(0.000001, 1.0), low,
            "Largest share of a host's RAM its full conntrack table may take; larger advice is rejected.")
        .define(VALIDATE_MEMORY_FROM_SAMPLES, bool, true, low,
            "Read conntrack-samples to learn each host's RAM for that check.");
  }

  private static String[] formatNames() {
    return Arrays.stream(WebhookFormat.values()).map(WebhookFormat::wireName).toArray(String[]::new);
  }

  /**
   * The checked view of {@code settings}; keys missing or blank there take their defaults.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static SinkSettings from(Settings settings) {
    CommandConfig c = CommandConfig.of(CONFIG, settings);
    WebhookFormat format = WebhookFormat.parse(c.getString(WEBHOOK_FORMAT));
    Duration resend = c.getDuration(ALERTMANAGER_RESEND);
    Duration ttl = c.getDuration(ALERTMANAGER_TTL);
    if (ttl.compareTo(resend) <= 0) {
      throw new IllegalArgumentException("setting '" + ALERTMANAGER_TTL + "' (" + ttl + ") must be longer than '"
          + ALERTMANAGER_RESEND + "' (" + resend + "), or alerts would expire between two posts");
    }
    return new SinkSettings(
        c.bootstrapServers(),
        c.getString(CommandConfig.TOPIC_PREFIX),
        c.getPath(OUT_DIR).toAbsolutePath().normalize(),
        c.getBoolean(DROPINS),
        webhookUrls(c.getString(WEBHOOK_URL), format),
        format,
        c.getDuration(WEBHOOK_TIMEOUT),
        c.getInt(WEBHOOK_MAX_ATTEMPTS),
        c.getDuration(WEBHOOK_BACKOFF),
        c.getDuration(WEBHOOK_BACKOFF_MAX),
        resend,
        ttl,
        c.getBoolean(STDOUT),
        c.getBoolean(REPORT),
        c.getDuration(REPORT_WINDOW),
        c.getString(GROUP_ID),
        c.metricsPort(),
        c.getString(CommandConfig.METRICS_ADDRESS),
        c.getInt(HTTP_PORT) < 0 ? null : c.getInt(HTTP_PORT),
        c.getString(HTTP_ADDRESS),
        c.getDouble(VALIDATE_MEMORY_FRACTION),
        c.getBoolean(VALIDATE_MEMORY_FROM_SAMPLES),
        c.kafka());
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
      total = total.plus(Backoff.after(retry, webhookBackoff, webhookBackoffMax));
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
            + "webhook=%s, webhookFormat=%s, stdout=%s, report=%s, groupId=%s, metricsPort=%s, httpPort=%s]",
        bootstrapServers, topicPrefix, outDir, dropIns, webhookUrls.isEmpty() ? "none"
            : webhookUrls.stream().map(SinkSettings::redacted).collect(Collectors.joining(",")),
        webhookFormat.wireName(), stdout, report, groupId, metricsPort, httpPort);
  }

  /** The URL without path, query or credentials, safe to log. */
  public static String redacted(URI url) {
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

}
