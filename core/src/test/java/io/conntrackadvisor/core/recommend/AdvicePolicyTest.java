package io.conntrackadvisor.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.StatNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvicePolicyTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final long GIB = 1L << 30;
  private static final String FULL = "nf_conntrack: table full, dropping packet";

  /** With bursts reported as they open and grow (every 10 s), as the streams application runs it. */
  private final HostDetector detector =
      new HostDetector(DetectorConfig.defaults().withPromptBursts(Duration.ofSeconds(10)));
  private final AdvicePolicy policy = new AdvicePolicy(new Recommender(RecommenderConfig.defaults()));
  private final HostState st = HostState.forHost("h");

  private static ConntrackSample sample(long sec, long count, long max, long drop) {
    return new ConntrackSample("h", T0.plusSeconds(sec), count, max, max / 4, GIB, 2, "6.1.0",
        Map.of(StatNames.DROP, drop, StatNames.INSERT_FAILED, 0L, StatNames.EARLY_DROP, 0L), Map.of(), null);
  }

  /** Feeds a sample; whether the policy works the advice out again. */
  private boolean due(ConntrackSample s) {
    AdvicePolicy.Before before = AdvicePolicy.before(st);
    List<Finding> found = detector.onSample(st, s);
    boolean due = policy.due(st, before, s, found);
    policy.after(st, before, s, found);
    return due;
  }

  private boolean due(long sec, String line) {
    AdvicePolicy.Before before = AdvicePolicy.before(st);
    List<Finding> found = detector.onMessage(st, new KernelMessage("h", T0.plusSeconds(sec), null, 4, 0, "kernel",
        "journald", "kernel", line, null));
    boolean due = policy.due(st, before, null, found);
    policy.after(st, before, null, found);
    return due;
  }

  @Test
  void shouldWorkOutASteadyHostsAdviceOnceAMinute() {
    assertThat(due(sample(0, 30_000, 262_144, 0))).isTrue();
    for (int s = 10; s < 60; s += 10) {
      assertThat(due(sample(s, 30_000 + s, 262_144, 0))).as("second %d", s).isFalse();
    }
    assertThat(due(sample(60, 30_000, 262_144, 0))).isTrue();
    assertThat(due(sample(70, 30_000, 262_144, 0))).isFalse();
  }

  @Test
  void shouldWorkOutASteadyHostsAdviceOnceAMinuteFromSamplesReadAsTheAgentReadsThem(@TempDir Path tmp)
      throws Exception {
    Path root = Fixtures.copy("proc/k6-docker-host", tmp.resolve("proc"));
    ProcReader reader = new ProcReader(root);
    List<Boolean> due = new ArrayList<>();
    for (int s = 0; s <= 70; s += 10) {
      Files.writeString(root.resolve("sys/net/netfilter/nf_conntrack_count"), (50 + s / 10) + "\n");
      due.add(due(reader.read("h", T0.plusSeconds(s), null)));
    }
    assertThat(due).containsExactly(true, false, false, false, false, false, true, false);
  }

  @Test
  void shouldWorkItOutAgainWhenALimitChangesThePeakAsksForMoreOrTheFirstDropsCome() {
    due(sample(0, 30_000, 262_144, 0));
    assertThat(due(sample(10, 30_000, 131_072, 0))).as("smaller max").isTrue();
    assertThat(due(sample(20, 70_000, 131_072, 0))).as("peak asks for a larger table").isTrue();
    assertThat(due(sample(30, 70_000, 131_072, 500))).as("first drops").isTrue();
    assertThat(due(sample(40, 70_000, 131_072, 900))).as("more drops of the same kind").isFalse();
  }

  @Test
  void shouldWorkItOutWhenABurstOpensButNotForEachLineOfIt() {
    due(sample(0, 30_000, 262_144, 0));
    assertThat(due(1, FULL)).isTrue();
    assertThat(due(2, FULL)).isFalse();
    assertThat(due(3, FULL)).isFalse();
    assertThat(due(12, FULL)).as("grown: only its counts change").isFalse();
  }

  @Test
  void shouldPublishOnlyAdviceThatDiffersFromTheOneLastPublished() {
    AdvicePolicy.Before before = AdvicePolicy.before(st);
    ConntrackSample first = sample(0, 30_000, 262_144, 0);
    Optional<Recommendation> r = policy.after(st, before, first, detector.onSample(st, first));
    assertThat(r).isPresent();
    assertThat(st.issuedAdvice()).isEqualTo(r.get().adviceFingerprint());
    before = AdvicePolicy.before(st);
    ConntrackSample again = sample(60, 30_000, 262_144, 0);
    assertThat(policy.after(st, before, again, detector.onSample(st, again))).as("refresh, same advice").isEmpty();
    before = AdvicePolicy.before(st);
    ConntrackSample full = sample(70, 262_144, 262_144, 5_000);
    Optional<Recommendation> worse = policy.after(st, before, full, detector.onSample(st, full));
    assertThat(worse).isPresent();
    assertThat(worse.get().adviceFingerprint()).isNotEqualTo(r.get().adviceFingerprint());
  }

  @Test
  void shouldLeaveClosingsThatFoundNothingAlone() {
    due(1, FULL);
    assertThat(policy.afterClosing(st, List.of())).isEmpty();
    assertThat(detector.closeAll(st)).isNotEmpty();
  }
}
