package io.conntrackadvisor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SinkMetricsTest {
  private final SinkMetrics metrics = new SinkMetrics();

  @Test
  void shouldExposeEveryCounterInPrometheusTextFormat() {
    metrics.countConsumed("conntrack-recommendations");
    metrics.countConsumed("conntrack-recommendations");
    metrics.countRejected(RejectReason.HOST_NAME);
    metrics.increment(SinkMetrics.Counter.WEBHOOK_RETRIES);

    String text = metrics.metrics().scrape();

    assertThat(text).contains(
        "# TYPE conntrack_advisor_sink_records_consumed_total counter\n",
        "conntrack_advisor_sink_records_consumed_total{topic=\"conntrack-recommendations\"} 2.0\n",
        "conntrack_advisor_sink_records_rejected_total{reason=\"host_name\"} 1.0\n",
        "conntrack_advisor_sink_records_rejected_total{reason=\"malformed\"} 0.0\n",
        "conntrack_advisor_sink_webhook_retries_total 1.0\n",
        "conntrack_advisor_sink_webhook_failures_total 0.0\n",
        "conntrack_advisor_sink_files_written_total 0.0\n");
    assertThat(text.lines().filter(l -> !l.startsWith("#")))
        .allMatch(l -> l.matches("conntrack_advisor_sink_[a-z_]+(\\{[a-z]+=\"[^\"]*\"})? \\d+\\.\\d+"));
    assertThat(metrics.consumed("conntrack-recommendations")).isEqualTo(2);
    assertThat(metrics.rejected("host_name")).isEqualTo(1);
    assertThat(metrics.rejectedTotal()).isEqualTo(1);
  }
}
