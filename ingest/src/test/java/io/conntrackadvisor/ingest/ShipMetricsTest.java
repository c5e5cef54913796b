package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShipMetricsTest {

  @Test
  void shouldExposeCountersInPrometheusTextWithSourceLabels() {
    ShipMetrics m = new ShipMetrics();
    m.increment(ShipMetrics.Counter.READ, "journald");
    m.add(ShipMetrics.Counter.READ, "syslog-file", 3);
    m.increment(ShipMetrics.Counter.RETRIES, null);
    m.increment(ShipMetrics.Counter.SKIPPED, "kmsg", "empty");
    m.gauge("buffer_records", "Records held.", () -> 7);

    String text = m.metrics().scrape();

    assertThat(text)
        .contains("# TYPE conntrack_advisor_ship_read_total counter\n")
        .contains("# HELP conntrack_advisor_ship_read_total " + "Journal entries, lines, datagrams and samples read")
        .contains("conntrack_advisor_ship_read_total{source=\"journald\"} 1.0\n")
        .contains("conntrack_advisor_ship_read_total{source=\"syslog-file\"} 3.0\n")
        .contains("conntrack_advisor_ship_retries_total 1.0\n")
        .contains("conntrack_advisor_ship_skipped_total{reason=\"empty\",source=\"kmsg\"} 1.0\n")
        .contains("# TYPE conntrack_advisor_ship_buffer_records gauge\nconntrack_advisor_ship_buffer_records 7.0\n");
    assertThat(m.total(ShipMetrics.Counter.READ)).isEqualTo(4);
    assertThat(m.get(ShipMetrics.Counter.READ, "syslog-file")).isEqualTo(3);
    assertThat(m.summary()).contains("read_total{source=\"syslog-file\"}=3").doesNotContain("acknowledged");
  }
}
