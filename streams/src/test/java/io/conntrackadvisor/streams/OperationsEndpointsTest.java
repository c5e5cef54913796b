package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.streams.AppCounters.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** {@code /health}, {@code /ready} and the Prometheus text of {@code /metrics}. */
class OperationsEndpointsTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldBeLiveWhileRebalancingButReadyOnlyWhenRunning() throws Exception {
    AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
    try (HealthServer server = new HealthServer(0, state::get, Map::of, new AppCounters())) {
      assertThat(status(server, "/health")).isEqualTo(200);
      assertThat(status(server, "/ready")).isEqualTo(503);
      state.set(KafkaStreams.State.RUNNING);
      assertThat(status(server, "/ready")).isEqualTo(200);
      state.set(KafkaStreams.State.ERROR);
      assertThat(status(server, "/health")).isEqualTo(503);
      assertThat(status(server, "/ready")).isEqualTo(503);
    }
  }

  @Test
  void shouldRenderCountersAndNumericKafkaMetricsAsPrometheusText() {
    AppCounters counters = new AppCounters();
    counters.add(Counter.DEAD_LETTERED, 3);
    Map<MetricName, Metric> metrics = Map.ofEntries(
        metric("process-rate", "stream-thread-metrics", Map.of("thread-id", "t-1"), 2.5),
        metric("process-rate", "stream-thread-metrics", Map.of("thread-id", "t\"2"), 1.0),
        metric("version", "app-info", Map.of(), "4.4.0"));

    String text = PrometheusFormat.render(metrics, counters);

    assertThat(text).contains("# TYPE conntrack_advisor_streams_dead_lettered_total counter\n"
        + "conntrack_advisor_streams_dead_lettered_total 3\n");
    assertThat(text).contains("# TYPE kafka_stream_thread_process_rate gauge\n"
        + "kafka_stream_thread_process_rate{thread_id=\"t-1\"} 2.5\n"
        + "kafka_stream_thread_process_rate{thread_id=\"t\\\"2\"} 1\n");
    assertThat(text).doesNotContain("version");
  }

  /** A metric as Kafka reports it. */
  private record FixedMetric(MetricName metricName, Object metricValue) implements Metric {
  }

  private static Map.Entry<MetricName, Metric> metric(String name, String group, Map<String, String> tags,
      Object value) {
    MetricName n = new MetricName(name, group, "", tags);
    return Map.entry(n, new FixedMetric(n, value));
  }

  private int status(HealthServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
