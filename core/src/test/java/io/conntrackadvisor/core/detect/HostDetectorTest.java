package io.conntrackadvisor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.StatNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostDetectorTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String FULL = "nf_conntrack: table full, dropping packet";

  private final HostDetector detector = new HostDetector(DetectorConfig.defaults());
  private final HostState st = HostState.forHost("h");

  private static KernelMessage kernel(long sec, String text) {
    return new KernelMessage("h", T0.plusSeconds(sec), null, 4, 0, "kernel", "journald", "kernel", text, null);
  }

  private static ConntrackSample sample(long sec, long count, long max, long drop) {
    return new ConntrackSample("h", T0.plusSeconds(sec), count, max, null, null, null, null,
        Map.of(StatNames.DROP, drop, StatNames.EARLY_DROP, 0L, StatNames.INSERT_FAILED, 0L), null, null);
  }

  @Test
  void shouldEmitOneBurstForMessagesWithinTheGap() {
    List<Finding> out = new ArrayList<>();
    for (long s : new long[] {0, 10, 69, 120}) {
      out.addAll(detector.onMessage(st, kernel(s, FULL)));
    }
    out.addAll(detector.closeAll(st));
    assertThat(out).containsExactly(
        BurstFinding.of("h", null, T0, T0.plusSeconds(120), 4, 0, true));
  }

  @Test
  void shouldSplitBurstsWhenTheGapPassesAndCloseTheFirstInEventTime() {
    detector.onMessage(st, kernel(0, FULL));
    List<Finding> out = detector.onMessage(st, kernel(61, FULL));
    assertThat(out).containsExactly(BurstFinding.of("h", null, T0, T0, 1, 0, true));
    assertThat(detector.closeExpired(st, T0.plusSeconds(122))).hasSize(1);
    assertThat(st.hasOpenBurst()).isFalse();
  }

  @Test
  void shouldKeepNamespacesApart() {
    detector.onMessage(st, kernel(0, "nf_conntrack: nf_conntrack: table full in netns 1, dropping packet"));
    detector.onMessage(st, kernel(1, "nf_conntrack: nf_conntrack: table full in netns 2, dropping packet"));
    assertThat(detector.closeAll(st)).extracting(f -> ((BurstFinding) f).netns()).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void shouldAttributeSuppressedBeforeTheFirstMessageToTheBurstThatFollows() {
    detector.onMessage(st, kernel(0, "net_ratelimit: 50 callbacks suppressed"));
    detector.onMessage(st, kernel(5, FULL));
    assertThat(detector.closeAll(st)).containsExactly(BurstFinding.of("h", null, T0.plusSeconds(5),
        T0.plusSeconds(5), 1, 50, true));
  }

  @Test
  void shouldIgnoreTheSameWordsFromAnApplication() {
    KernelMessage app = new KernelMessage("h", T0, null, 3, 3, "syslog", "journald", "kubelet", FULL, null);
    assertThat(detector.onMessage(st, app)).isEmpty();
    assertThat(detector.closeAll(st)).isEmpty();
  }

  @Test
  void shouldAlertPromptlyAndThrottleUpdatesWhenConfigured() {
    HostDetector prompt = new HostDetector(DetectorConfig.defaults().withPromptBursts(Duration.ofSeconds(10)));
    List<Finding> out = new ArrayList<>();
    for (long s = 0; s <= 20; s += 2) {
      out.addAll(prompt.onMessage(st, kernel(s, FULL)));
    }
    // opened at 0, updated at 10 and 20
    assertThat(out).extracting(f -> ((BurstFinding) f).messages()).containsExactly(1L, 6L, 11L);
    assertThat(out).allMatch(f -> !((BurstFinding) f).closed());
  }

  @Test
  void shouldCountOutOfOrderMessagesIntoTheOpenBurst() {
    detector.onMessage(st, kernel(30, FULL));
    detector.onMessage(st, kernel(10, FULL));
    assertThat(detector.closeAll(st)).containsExactly(BurstFinding.of("h", null, T0.plusSeconds(10),
        T0.plusSeconds(30), 2, 0, true));
  }

  @Test
  void shouldKeepABurstOpenForALateLineWhenANewerSampleCameFirstWithinTheCloseLag() {
    Duration grace = Duration.ofSeconds(5);
    detector.onEvent(st, T0, KernelEvent.classify(FULL), grace);
    // the host's sample, 61 s later, overtook its table-full line of 60 s (e.g. on another partition)
    assertThat(detector.onSample(st, sample(61, 10, 100, 0), grace)).isEmpty();
    assertThat(detector.onEvent(st, T0.plusSeconds(60), KernelEvent.classify(FULL), grace)).isEmpty();
    assertThat(detector.closeAll(st)).containsExactly(BurstFinding.of("h", null, T0, T0.plusSeconds(60), 2, 0,
        true));
  }

  @Test
  void shouldCloseABurstAtASampleAGapAfterItWithoutCloseLag() {
    detector.onMessage(st, kernel(0, FULL));
    assertThat(detector.onSample(st, sample(61, 10, 100, 0))).containsExactly(
        BurstFinding.of("h", null, T0, T0, 1, 0, true));
  }

  @Test
  void shouldReportCounterDeltasAndStartANewBaselineAfterAReset() {
    assertThat(detector.onSample(st, sample(0, 10, 100, 5))).isEmpty();
    assertThat(detector.onSample(st, sample(10, 10, 100, 25)))
        .containsExactly(new DropsFinding("h", T0, T0.plusSeconds(10), 20, 0, 0));
    assertThat(detector.onSample(st, sample(20, 10, 100, 3))).isEmpty(); // reboot: counter went down
    assertThat(st.counterResets()).isEqualTo(1);
    assertThat(detector.onSample(st, sample(30, 10, 100, 4)))
        .containsExactly(new DropsFinding("h", T0.plusSeconds(20), T0.plusSeconds(30), 1, 0, 0));
    assertThat(st.counterDrops()).isEqualTo(21);
  }

  @Test
  void shouldIgnoreALateSampleForDeltas() {
    detector.onSample(st, sample(10, 10, 100, 5));
    assertThat(detector.onSample(st, sample(5, 10, 100, 0))).isEmpty();
    assertThat(st.lateSamples()).isEqualTo(1);
    assertThat(detector.onSample(st, sample(20, 10, 100, 6))).hasSize(1);
  }

  @Test
  void shouldMergeALateSampleIntoThePeakAndTheTrendInTimeOrderButNotTheLevel() {
    detector.onSample(st, sample(0, 10, 100, 0));
    detector.onSample(st, sample(20, 12, 100, 0));

    assertThat(detector.onSample(st, sample(10, 95, 100, 0))).isEmpty();
    assertThat(detector.onSample(st, sample(20, 99, 100, 0))).as("a second sample at a time already seen").isEmpty();

    assertThat(st.peakCount()).isEqualTo(99);
    assertThat(st.recent()).extracting(HostState.Point::count).containsExactly(10L, 95L, 12L);
    assertThat(st.level()).isEqualTo(SaturationLevel.OK);
    assertThat(st.lastSample().timestamp()).isEqualTo(T0.plusSeconds(20));
    assertThat(st.lateSamples()).isEqualTo(2);
  }

  @Test
  void shouldNotFlapAtTheThresholdThanksToHysteresis() {
    List<SaturationLevel> levels = new ArrayList<>();
    long[] counts = {76, 74, 76, 72, 71, 69, 91, 87, 86, 84};
    for (int i = 0; i < counts.length; i++) {
      for (Finding f : detector.onSample(st, sample(i * 1000L, counts[i], 100, 0))) {
        levels.add(((SaturationFinding) f).level());
      }
    }
    // warning at 76, held at 74/76/72/71 (clears below 70), ok at 69, critical at 91, held to 86, warning at 84
    assertThat(levels).containsExactly(SaturationLevel.WARNING, SaturationLevel.OK, SaturationLevel.CRITICAL,
        SaturationLevel.WARNING);
  }

  @Test
  void shouldForecastFullWithinTheHorizonFromASteadyClimb() {
    SaturationFinding last = null;
    for (int i = 0; i <= 20; i++) {
      for (Finding f : detector.onSample(st, sample(i * 30L, 1000 + i * 10L, 2000, 0))) {
        last = (SaturationFinding) f;
      }
    }
    // 10 entries per 30 s; at 600 s the count is 1200: 800 to go = 2400 s = 40 min
    assertThat(last).isNotNull();
    assertThat(last.level()).isEqualTo(SaturationLevel.OK);
    assertThat(st.forecastFullAt()).isEqualTo(T0.plusSeconds(600 + 2400));
  }

  @Test
  void shouldNotForecastFromNoiseAroundAFlatLevel() {
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i <= 30; i++) {
      detector.onSample(st, sample(i * 10L, 30_000 + rnd.nextInt(2000), 100_000, 0));
    }
    assertThat(st.forecastFullAt()).isNull();
  }

  @Test
  void shouldSurviveAJsonRoundTripOfItsState() throws Exception {
    detector.onMessage(st, kernel(0, FULL));
    detector.onSample(st, sample(1, 80, 100, 0));
    HostState copy = Json.read(Json.writeBytes(st), HostState.class);
    assertThat(detector.closeAll(copy)).containsExactly(BurstFinding.of("h", null, T0, T0, 1, 0, true));
    assertThat(copy.level()).isEqualTo(SaturationLevel.WARNING);
    assertThat(copy.recent()).hasSize(1);
    assertThat(copy.recent()).isEqualTo(st.recent());
  }

  @Test
  void shouldStoreTrendPointsCompactlyWithTheirNanoseconds() throws Exception {
    HostState.Point p = new HostState.Point(T0.plusNanos(123_456_789), 80, 100);

    String json = Json.write(p);

    assertThat(json).isEqualTo("[" + T0.getEpochSecond() + ",123456789,80,100]");
    assertThat(Json.read(json, HostState.Point.class)).isEqualTo(p);
  }
}
