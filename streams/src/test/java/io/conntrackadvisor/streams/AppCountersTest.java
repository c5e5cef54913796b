package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.streams.AppCounters.Counter;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The application's counters in the Prometheus text of {@code /metrics} (FixturesIT reads them from a real app). */
class AppCountersTest {

  @Test
  void shouldExposeEveryCounterWithItsHelpAndTheMovedRecordsByTopicAndReason() {
    AppCounters counters = new AppCounters();
    counters.add(Counter.DEAD_LETTERED, 3);
    counters.repartitioned("conntrack-samples", "partitioner");
    counters.repartitioned("conntrack-samples", "partitioner");

    String text = counters.metrics().scrape();

    assertThat(text).contains("# HELP conntrack_advisor_streams_dead_lettered_total Records that could not be "
        + "deserialized: sent to the dead-letter topic.\n", "# TYPE conntrack_advisor_streams_dead_lettered_total "
        + "counter\nconntrack_advisor_streams_dead_lettered_total 3.0\n",
        AppCounters.REPARTITIONED_METRIC + "{reason=\"partitioner\",topic=\"conntrack-samples\"} 2.0\n");
    for (Counter c : Counter.values()) {
      assertThat(text).contains("conntrack_advisor_streams_" + c.name().toLowerCase(Locale.ROOT) + "_total ");
    }
    assertThat(counters.get(Counter.DEAD_LETTERED)).isEqualTo(3);
    assertThat(counters.repartitionedSnapshot())
        .containsExactlyEntriesOf(Map.of(new AppCounters.Labels("conntrack-samples", "partitioner"), 2L));
  }
}
