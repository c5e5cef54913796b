package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.sink.TestData;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import org.junit.jupiter.api.Test;

class HostHistoryTest {
  private final HostHistory empty = HostHistory.empty("lb-1");

  private static SaturationFinding fill(int secondsLater, long count, long max) {
    return new SaturationFinding("lb-1", T.plusSeconds(secondsLater), count, max, (double) count / max,
        SaturationLevel.WARNING, null);
  }

  @Test
  void shouldReplaceAGrowingBurstInsteadOfAddingIt() {
    HostHistory h = empty
        .with(BurstFinding.of("lb-1", 7L, T, T.plusSeconds(2), 3, 0, false))
        .with(BurstFinding.of("lb-1", 7L, T, T.plusSeconds(6), 7, 412, true))
        .with(BurstFinding.of("lb-1", 8L, T, T.plusSeconds(1), 1, 0, true));

    assertThat(h.bursts()).hasSize(2)
        .contains(new HostHistory.Burst(7L, T, T.plusSeconds(6), 7, 419));
  }

  @Test
  void shouldChangeNothingWhenAFindingIsReplayed() {
    HostHistory once = empty.with(fill(0, 150, 200)).with(new DropsFinding("lb-1", T, T.plusSeconds(30), 40, 0, 0));

    HostHistory twice = once.with(fill(0, 150, 200)).with(new DropsFinding("lb-1", T, T.plusSeconds(30), 40, 0, 0));

    assertThat(twice).isEqualTo(once);
  }

  @Test
  void shouldKeepTheNewestAdviceWhenAnOlderOneArrivesLate() {
    HostHistory h = empty.with(TestData.valid(TestData.raiseMax("lb-1", 524288, T.plusSeconds(60))))
        .with(TestData.valid(TestData.raiseMax("lb-1", 262144, T)));

    assertThat(h.advice().recommended()).containsEntry(TestData.MAX, 524288L);
  }

  @Test
  void shouldKeepPointsInTimeOrderAndReportTheNewestUtilization() {
    HostHistory h = empty.with(fill(60, 190, 200)).with(fill(0, 100, 200));

    assertThat(h.points()).extracting(HostHistory.Point::count).containsExactly(100L, 190L);
    assertThat(h.utilization()).isEqualTo(0.95);
  }

  @Test
  void shouldForgetWhatEndedBeforeTheWindow() {
    HostHistory h = empty.with(fill(0, 100, 200)).with(fill(3600, 150, 200))
        .with(BurstFinding.of("lb-1", null, T, T.plusSeconds(5), 2, 0, true));

    HostHistory pruned = h.prunedBefore(T.plusSeconds(60));

    assertThat(pruned.points()).extracting(HostHistory.Point::count).containsExactly(150L);
    assertThat(pruned.bursts()).isEmpty();
  }

  @Test
  void shouldKeepAtMostMaxEntriesTheNewest() {
    HostHistory h = empty;
    for (int i = 0; i < HostHistory.MAX_POINTS + 10; i++) {
      h = h.with(fill(i, i, 100_000));
    }

    assertThat(h.points()).hasSize(HostHistory.MAX_POINTS);
    assertThat(h.points().get(0).count()).isEqualTo(10);
  }
}
