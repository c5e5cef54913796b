package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShipMetricsTest {

  @Test
  void shouldRenderEveryCounterInPrometheusTextWithSourceLabels() {
    ShipMetrics m = new ShipMetrics();
    m.increment(ShipMetrics.Counter.READ, "journald");
    m.add(ShipMetrics.Counter.READ, "syslog-file", 3);
    m.increment(ShipMetrics.Counter.RETRIES, null);
    m.gauge("buffer_records", "Records held.", () -> 7);

    String text = m.prometheusText();

    assertThat(text)
        .contains("# TYPE conntrack_advisor_ship_read_total counter\n")
        .contains("conntrack_advisor_ship_read_total{source=\"journald\"} 1\n")
        .contains("conntrack_advisor_ship_read_total{source=\"syslog-file\"} 3\n")
        .contains("conntrack_advisor_ship_retries_total 1\n")
        .contains("conntrack_advisor_ship_acknowledged_total 0\n")
        .contains("# TYPE conntrack_advisor_ship_buffer_records gauge\nconntrack_advisor_ship_buffer_records 7\n");
    for (ShipMetrics.Counter c : ShipMetrics.Counter.values()) {
      assertThat(text).contains("# HELP conntrack_advisor_ship_" + c.metric() + " ");
    }
    assertThat(m.total(ShipMetrics.Counter.READ)).isEqualTo(4);
    assertThat(m.summary()).contains("read_total{source=\"syslog-file\"}=3").doesNotContain("acknowledged");
  }
}
