package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The JSON shapes the webhook can POST. */
public enum WebhookFormat {
  /** The checked recommendation with its regenerated drop-in texts and digest. */
  GENERIC,
  /**
   * Alertmanager's v2 API ({@code POST /api/v2/alerts}), fed as Prometheus feeds it: firing alerts re-sent before
   * they expire, a resolved one sent when the advice returns to info ({@link AlertmanagerOutput}).
   */
  ALERTMANAGER,
  /**
   * The notification Alertmanager itself sends to its receivers (version 4, one alert), for services that accept
   * Alertmanager's outgoing webhooks; not for Alertmanager's own API.
   */
  ALERTMANAGER_NOTIFICATION,
  /** A Slack incoming-webhook message ({@code text} in mrkdwn), also understood by Mattermost and Rocket.Chat. */
  SLACK;

  /** The name used in settings. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The format named {@code text} (case-insensitive). */
  public static WebhookFormat parse(String text) {
    String wire = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.wireName().equals(wire)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("setting '" + SinkSettings.WEBHOOK_FORMAT + "' must be one of "
            + Arrays.stream(values()).map(WebhookFormat::wireName).collect(Collectors.joining(", ")) + ", got '"
            + text + "'"));
  }

  /** The request body for one recommendation, in the formats that post each recommendation once. */
  String payload(ValidRecommendation r) {
    return switch (this) {
      case GENERIC -> WebhookPayloads.generic(r);
      case ALERTMANAGER_NOTIFICATION -> WebhookPayloads.alertmanagerNotification(r);
      case SLACK -> WebhookPayloads.slack(r);
      case ALERTMANAGER -> throw new IllegalStateException("alerts for Alertmanager's API keep state: "
          + "AlertmanagerOutput builds them");
    };
  }
}
