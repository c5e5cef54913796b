package io.conntrackadvisor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.ops.MetricsHttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {
  private final SinkMetrics metrics = new SinkMetrics();

  @Test
  void shouldWriteEveryCounterInPrometheusTextFormat() {
    metrics.countConsumed("conntrack-recommendations");
    metrics.countConsumed("conntrack-recommendations");
    metrics.countRejected(RejectReason.HOST_NAME);
    metrics.increment(SinkMetrics.Counter.WEBHOOK_RETRIES);

    String text = metrics.prometheusText();

    assertThat(text).contains(
        "# TYPE conntrack_advisor_sink_records_consumed_total counter\n",
        "conntrack_advisor_sink_records_consumed_total{topic=\"conntrack-recommendations\"} 2\n",
        "conntrack_advisor_sink_records_rejected_total{reason=\"host_name\"} 1\n",
        "conntrack_advisor_sink_records_rejected_total{reason=\"malformed\"} 0\n",
        "conntrack_advisor_sink_webhook_retries_total 1\n",
        "conntrack_advisor_sink_webhook_failures_total 0\n",
        "conntrack_advisor_sink_files_written_total 0\n");
    assertThat(text.lines().filter(l -> !l.startsWith("#")))
        .allMatch(l -> l.matches("conntrack_advisor_sink_[a-z_]+(\\{[a-z]+=\"[^\"]*\"})? \\d+"));
  }

  @Test
  void shouldServeTheCountersOverHttp() throws Exception {
    metrics.increment(SinkMetrics.Counter.FILES_WRITTEN);
    try (MetricsHttpServer server = MetricsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "sink-metrics",
        metrics::prometheusText)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + MetricsHttpServer.PATH)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(response.body()).contains("conntrack_advisor_sink_files_written_total 1\n");
    }
  }
}
