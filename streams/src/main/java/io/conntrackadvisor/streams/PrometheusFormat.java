package io.conntrackadvisor.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders Kafka Streams' metrics (those of its clients included) and the application's counters in the
 * Prometheus text exposition format (version 0.0.4). Kafka's group and name become the metric name
 * ({@code kafka_stream_thread_process_rate}), its tags become labels; values that are not numbers (versions, ids)
 * are left out.
 */
final class PrometheusFormat {
  /** The content type of the format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusFormat() {
  }

  static String render(Map<MetricName, ? extends Metric> kafkaMetrics, AppCounters counters) {
    StringBuilder out = new StringBuilder(16 * 1024);
    for (Map.Entry<AppCounters.Counter, Long> c : counters.snapshot().entrySet()) {
      String name = c.getKey().metricName();
      out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(c.getValue())
          .append('\n');
    }
    String moved = AppCounters.REPARTITIONED_METRIC;
    out.append("# TYPE ").append(moved).append(" counter\n");
    counters.repartitionedSnapshot().forEach((l, n) -> out.append(moved)
        .append(labels(Map.of("topic", l.topic(), "reason", l.reason()))).append(' ').append(n).append('\n'));
    // Samples of one name must be adjacent: group them first.
    Map<String, List<String>> byName = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> m : kafkaMetrics.entrySet()) {
      if (!(m.getValue().metricValue() instanceof Number n)) {
        continue;
      }
      MetricName mn = m.getKey();
      String name = sanitize("kafka_" + mn.group().replaceFirst("-metrics$", "") + "_" + mn.name());
      byName.computeIfAbsent(name, k -> new ArrayList<>()).add(labels(mn.tags()) + ' ' + number(n.doubleValue()));
    }
    byName.forEach((name, samples) -> {
      out.append("# TYPE ").append(name).append(" gauge\n");
      samples.stream().sorted().forEach(s -> out.append(name).append(s).append('\n'));
    });
    return out.toString();
  }

  private static String labels(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(tags).forEach((k, v) -> {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(sanitize(k)).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n")).append('"');
    });
    return b.append('}').toString();
  }

  static String sanitize(String s) {
    String n = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_:]", "_");
    return Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
