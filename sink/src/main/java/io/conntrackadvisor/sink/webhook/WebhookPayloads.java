package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the webhook bodies of {@link WebhookFormat}; every text in them comes from a checked recommendation. */
public final class WebhookPayloads {
  /** The {@code alertname} label of Alertmanager-shaped notifications. */
  public static final String ALERT_NAME = "ConntrackTableAdvice";
  /** Alertmanager's way of saying "no end yet". */
  private static final String NO_END = "0001-01-01T00:00:00Z";

  private WebhookPayloads() {
  }

  /** The generic shape; also the JSON line printed on standard output. */
  record Generic(String type, String host, Instant timestamp, Severity severity, Map<String, Long> current,
      Map<String, Long> recommended, List<String> reasons, Long hashsize, String digest, String sysctlConf,
      String modprobeConf) {
  }

  /** An Alertmanager webhook notification. */
  record AlertmanagerMessage(String version, String groupKey, int truncatedAlerts, String status, String receiver,
      Map<String, String> groupLabels, Map<String, String> commonLabels, Map<String, String> commonAnnotations,
      String externalURL, List<Alert> alerts) {
  }

  /** One alert of an Alertmanager notification. */
  record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
      String endsAt, String generatorURL, String fingerprint) {
  }

  /** A Slack incoming-webhook message. */
  record SlackMessage(String text) {
  }

  public static String generic(ValidRecommendation r) {
    return Json.write(new Generic("recommendation", r.host(), r.timestamp(), r.severity(), r.current(),
        r.recommended(), r.reasons(), r.hashsize(), r.digest(), r.sysctlConf(),
        r.hashsize() == null ? null : r.modprobeConf()));
  }

  /** Info-level advice resolves the host's alert; warning and critical fire it. */
  static String alertmanagerNotification(ValidRecommendation r) {
    boolean resolved = r.severity() == Severity.INFO;
    String status = resolved ? "resolved" : "firing";
    Map<String, String> labels = Map.of("alertname", ALERT_NAME, "host", r.host(), "instance", r.host(),
        "severity", r.severity().wireName());
    Map<String, String> annotations = Map.of("summary", summary(r), "description", String.join("\n", r.reasons()),
        "sysctl_conf", r.sysctlConf(), "digest", r.digest());
    Alert alert = new Alert(status, labels, annotations, r.timestamp().toString(),
        resolved ? r.timestamp().toString() : NO_END, "", r.digest().substring(0, 16));
    return Json.write(new AlertmanagerMessage("4", "{}:{alertname=\"" + ALERT_NAME + "\",host=\"" + r.host() + "\"}",
        0, status, "conntrack-advisor", Map.of("alertname", ALERT_NAME, "host", r.host()), labels, annotations, "",
        List.of(alert)));
  }

  static String slack(ValidRecommendation r) {
    StringBuilder b = new StringBuilder();
    b.append('*').append(escapeSlack(summary(r))).append("*\n");
    for (String reason : r.reasons()) {
      b.append("• ").append(escapeSlack(reason)).append('\n');
    }
    if (!r.recommended().isEmpty()) {
      StringBuilder sysctls = new StringBuilder();
      r.recommended().forEach((k, v) -> sysctls.append(k).append(" = ").append(v).append('\n'));
      b.append("```\n").append(escapeSlack(sysctls.toString())).append("```");
    }
    return Json.write(new SlackMessage(b.toString()));
  }

  /** One line: severity, host and the change of {@code nf_conntrack_max} when there is one. */
  static String summary(ValidRecommendation r) {
    String head = "[" + r.severity().wireName() + "] conntrack advice for " + r.host();
    Long to = r.recommendedMax();
    if (to == null) {
      return head + (r.recommended().isEmpty() ? ": nothing to change" : ": change "
          + String.join(", ", r.recommended().keySet()));
    }
    return head + ": nf_conntrack_max " + (r.currentMax() == null ? "?" : r.currentMax()) + " → " + to;
  }

  /** Slack reads {@code <...>} as links and mentions ({@code <!channel>}); it wants these three escaped. */
  static String escapeSlack(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
