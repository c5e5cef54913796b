package io.conntrackadvisor.sink;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The JSON shapes the webhook can POST. */
public enum WebhookFormat {
  /** The checked recommendation with its regenerated drop-in texts and digest. */
  GENERIC,
  /** An Alertmanager webhook notification (version 4) holding one alert. */
  ALERTMANAGER,
  /** A Slack incoming-webhook message ({@code text} in mrkdwn), also understood by Mattermost and Rocket.Chat. */
  SLACK;

  /** The name used in settings. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code text} (case-insensitive). */
  public static WebhookFormat parse(String text) {
    for (WebhookFormat f : values()) {
      if (f.wireName().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("setting '" + SinkSettings.WEBHOOK_FORMAT + "' must be one of "
        + Arrays.stream(values()).map(WebhookFormat::wireName).collect(Collectors.joining(", ")) + ", got '"
        + text + "'");
  }

  /** The request body for one recommendation. */
  String payload(ValidRecommendation r) {
    return switch (this) {
      case GENERIC -> WebhookPayloads.generic(r);
      case ALERTMANAGER -> WebhookPayloads.alertmanager(r);
      case SLACK -> WebhookPayloads.slack(r);
    };
  }
}
