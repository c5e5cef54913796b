package io.conntrackadvisor.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.StatNames;
import io.conntrackadvisor.model.TopNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final long GIB = 1L << 30;

  private final HostDetector detector = new HostDetector(DetectorConfig.defaults());
  private final Recommender recommender = new Recommender(RecommenderConfig.defaults());

  private static ConntrackSample sample(long sec, long count, long max, Long mem, String kernel, long buckets,
      long drop, long insertFailed, Map<String, Long> states, Map<String, Long> sysctls) {
    return new ConntrackSample("h", T0.plusSeconds(sec), count, max, buckets, mem, 2, kernel,
        Map.of(StatNames.DROP, drop, StatNames.INSERT_FAILED, insertFailed, StatNames.EARLY_DROP, 0L), sysctls,
        states);
  }

  private Recommendation recommend(HostState st) {
    return recommender.recommend(st).orElseThrow();
  }

  @Test
  void shouldLeaveOutOnlyTheAdviceAlreadyIssued() {
    HostState st = HostState.forHost("h");
    detector.onSample(st, sample(0, 1 << 20, 1 << 20, GIB, "6.1.0", 1 << 20, 0, 0, null, Map.of()));
    detector.onSample(st, sample(10, 1 << 20, 1 << 20, GIB, "6.1.0", 1 << 20, 500, 0, null, Map.of()));
    Recommendation r = recommend(st);

    assertThat(recommender.recommendUnlessIssued(st, 0)).contains(r);
    assertThat(recommender.recommendUnlessIssued(st, r.adviceFingerprint())).isEmpty();
    assertThat(recommender.recommendUnlessIssued(st, r.adviceFingerprint() + 1)).contains(r);
    HostState logsOnly = HostState.forHost("h");
    detector.onMessage(logsOnly, new KernelMessage("h", T0, null, 4, 0, "kernel", "journald", "kernel",
        "nf_conntrack: table full, dropping packet", null));
    Recommendation fromLogs = recommend(logsOnly);
    assertThat(recommender.recommendUnlessIssued(logsOnly, fromLogs.adviceFingerprint())).isEmpty();
  }

  @Test
  void shouldCapAtTheMemoryCeilingAndPointAtTimeoutsInstead() {
    HostState st = HostState.forHost("h");
    // 1 GiB host with a 1M-entry table that is full: 2 x 1M -> 2M exceeds 5 % of 1 GiB / 328 B = 163680
    detector.onSample(st, sample(0, 1 << 20, 1 << 20, GIB, "6.1.0", 1 << 20, 0, 0, null, Map.of()));
    detector.onSample(st, sample(10, 1 << 20, 1 << 20, GIB, "6.1.0", 1 << 20, 500, 0, null, Map.of()));
    Recommendation r = recommend(st);
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.recommended()).doesNotContainKey(Sysctls.MAX); // never lowered below 1M
    assertThat(String.join(" ", r.reasons())).contains("memory ceiling").contains("notrack")
        .contains("never lowered");
  }

  @Test
  void shouldUseTwiceThePeakAsAPowerOfTwoWhenAboveTheMemoryDefault() {
    HostState st = HostState.forHost("h");
    // 2 GiB: classic default 2 GiB / 16384 / 2 = 65536; peak 100000 (warning level) -> 2 x -> 262144
    for (int i = 0; i < 3; i++) {
      detector.onSample(st, sample(i * 60L, 100_000, 131_072, 2 * GIB, "5.15.0", 131_072, 0, 0, null, Map.of()));
    }
    Recommendation r = recommend(st);
    assertThat(r.severity()).isEqualTo(Severity.WARNING);
    assertThat(r.recommended()).containsEntry(Sysctls.MAX, 262_144L).containsEntry(Sysctls.BUCKETS, 262_144L);
    assertThat(String.join(" ", r.reasons())).contains("2 x 100000 -> 262144");
  }

  @Test
  void shouldRecommendAQuarterOfMaxAsBucketsOnOldKernels() {
    HostState st = HostState.forHost("h");
    detector.onSample(st, sample(0, 1000, 1000, 8 * GIB, "4.19.0-26-amd64", 128, 10, 0, null, Map.of()));
    Recommendation r = recommend(st);
    long max = r.recommended().get(Sysctls.MAX);
    assertThat(r.recommended()).containsEntry(Sysctls.BUCKETS, (max + 3) / 4);
    assertThat(String.join(" ", r.reasons())).contains("before kernel 5.15");
  }

  @Test
  void shouldBlameTheHashTableWhenInsertsFailWhileTheTableIsMostlyEmpty() {
    HostState st = HostState.forHost("h");
    detector.onSample(st, sample(0, 1000, 262_144, 8 * GIB, "6.1.0", 1024, 0, 0, null, Map.of()));
    detector.onSample(st, sample(10, 1000, 262_144, 8 * GIB, "6.1.0", 1024, 0, 40, null, Map.of()));
    Recommendation r = recommend(st);
    assertThat(r.recommended()).doesNotContainKey(Sysctls.MAX);
    assertThat(r.recommended().get(Sysctls.BUCKETS)).isGreaterThanOrEqualTo(2048L);
    assertThat(String.join(" ", r.reasons())).contains("hash table is too small").contains("not the table");
    assertThat(r.severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void shouldShortenTimeoutsPerProfileFromTheStateHistogram() {
    HostState st = HostState.forHost("h");
    Map<String, Long> sysctls = Map.of(Sysctls.TCP_ESTABLISHED, 432_000L, Sysctls.UDP, 30L,
        Sysctls.UDP_STREAM, 180L, Sysctls.TCP_TIME_WAIT, 120L);
    detector.onSample(st, sample(0, 100, 65536, 4 * GIB, "6.1.0", 65536, 0, 0,
        Map.of("ESTABLISHED", 30L, "UDP", 70L, "TIME_WAIT", 5L), sysctls));
    Recommendation conservative = recommend(st);
    assertThat(conservative.recommended()).containsOnly(Map.entry(Sysctls.TCP_ESTABLISHED, 86_400L),
        Map.entry(Sysctls.UDP_STREAM, 120L));
    assertThat(String.join(" ", conservative.reasons())).contains("notrack").contains("5 days");
    Recommendation aggressive = new Recommender(RecommenderConfig.defaults().withProfile(Profile.AGGRESSIVE))
        .recommend(st).orElseThrow();
    assertThat(aggressive.recommended()).containsEntry(Sysctls.TCP_ESTABLISHED, 300L)
        .containsEntry(Sysctls.UDP, 10L).containsEntry(Sysctls.TCP_TIME_WAIT, 30L);
    assertThat(aggressive.severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void shouldNameTheNamespaceThatFillsTheTableAndCountItsDrops() {
    HostState st = HostState.forHost("h");
    io.conntrackadvisor.model.NamespaceUsage init = new io.conntrackadvisor.model.NamespaceUsage(4026531833L, 0,
        0L, 0L, 0L, null, null, java.util.List.of("systemd"));
    java.util.function.LongFunction<io.conntrackadvisor.model.NamespaceUsage> nginx = drop ->
        new io.conntrackadvisor.model.NamespaceUsage(4026532177L, 200, drop, 0L, 0L, "3f2a1b9c0d4e", null,
            java.util.List.of("nginx"));
    ConntrackSample base = sample(0, 0, 200, 8 * GIB, "6.18.0", 200, 0, 0, null, Map.of());
    detector.onSample(st, base.withNamespaces(java.util.List.of(nginx.apply(0), init)));
    var found = detector.onSample(st, sample(10, 0, 200, 8 * GIB, "6.18.0", 200, 0, 0, null, Map.of())
        .withNamespaces(java.util.List.of(nginx.apply(100), init)));
    detector.onMessage(st, new KernelMessage("h", T0.plusSeconds(9), null, 4, 0, "kernel", "kmsg", "kernel",
        "nf_conntrack: nf_conntrack: table full in netns 4026532177, dropping packet", null));

    assertThat(found).anySatisfy(f -> assertThat(f).isEqualTo(new io.conntrackadvisor.model.DropsFinding("h",
        T0, T0.plusSeconds(10), 100, 0, 0)));
    Recommendation r = recommend(st);
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
    String why = String.join(" ", r.reasons());
    assertThat(why).contains("netns 4026532177, container 3f2a1b9c0d4e, processes nginx, holds 200 of 200 entries")
        .contains("netns 4026532177 is full on its own").contains("The kernel's drop messages name netns 4026532177")
        .contains("rose by 100");
  }

  @Test
  void shouldListTheFiveBiggestNamespacesWithTheirOwnersAndShareOfTheLimit() {
    // Given seven namespaces in no particular order, one empty, two with the same count
    List<NamespaceUsage> ns = new ArrayList<>();
    ns.add(new NamespaceUsage(4026531833L, 3, 0L, 0L, 0L, null, null, List.of("systemd")));
    ns.add(new NamespaceUsage(4026532177L, 200, 100L, 7L, 0L, "3f2a1b9c0d4e", null, List.of("nginx")));
    ns.add(new NamespaceUsage(4026532300L, 0, 0L, 0L, 0L, "0000000000aa", null, List.of()));
    ns.add(new NamespaceUsage(4026532210L, 50, null, null, null, null, "5c1d2e3f", List.of("envoy")));
    ns.add(new NamespaceUsage(4026532209L, 50, 0L, 0L, 0L, "abcdef012345", null, List.of("redis-server")));
    ns.add(new NamespaceUsage(4026532250L, 10, 0L, 0L, 0L, null, null, List.of("sshd")));
    ns.add(new NamespaceUsage(4026532260L, 20, 0L, 0L, 0L, null, null, List.of("postgres")));
    HostState st = HostState.forHost("h");
    detector.onSample(st, sample(0, 3, 200, 8 * GIB, "6.1.0", 200, 0, 0, null, Map.of()).withNamespaces(ns));

    Recommendation r = recommend(st);

    // Then the five biggest, biggest first, ties by inode, with share = count / max
    assertThat(r.topNamespaces()).extracting(TopNamespace::netns)
        .containsExactly(4026532177L, 4026532209L, 4026532210L, 4026532260L, 4026532250L);
    assertThat(r.topNamespaces().get(0)).isEqualTo(new TopNamespace(4026532177L, 200, 1.0, 100L, 7L,
        "3f2a1b9c0d4e", null, List.of("nginx")));
    assertThat(r.topNamespaces().get(0).owner()).isEqualTo("container 3f2a1b9c0d4e, processes nginx");
    assertThat(r.topNamespaces().get(2).share()).isEqualTo(0.25);
    assertThat(r.topNamespaces().get(2).owner()).isEqualTo("(pod 5c1d2e3f), processes envoy");
  }

  @Test
  void shouldLeaveTopNamespacesOutWhenTheSampleHasNoBreakdown() {
    HostState st = HostState.forHost("h");
    detector.onSample(st, sample(0, 100, 200, 8 * GIB, "6.1.0", 200, 0, 0, null, Map.of()));
    assertThat(recommend(st).topNamespaces()).isNull();

    detector.onSample(st, sample(10, 100, 200, 8 * GIB, "6.1.0", 200, 0, 0, null, Map.of())
        .withNamespaces(List.of()));
    assertThat(recommend(st).topNamespaces()).isEmpty();
  }

  @Test
  void shouldWarnOnEarlyDropsBeforeAnyPacketIsDropped() {
    HostState st = HostState.forHost("h");
    detector.onSample(st, new ConntrackSample("h", T0, 500, 1000, 1000L, 8 * GIB, 2, "6.1.0",
        Map.of(StatNames.DROP, 0L, StatNames.EARLY_DROP, 0L), Map.of(), null));
    detector.onSample(st, new ConntrackSample("h", T0.plusSeconds(10), 600, 1000, 1000L, 8 * GIB, 2, "6.1.0",
        Map.of(StatNames.DROP, 0L, StatNames.EARLY_DROP, 40L), Map.of(), null));
    Recommendation r = recommend(st);
    assertThat(r.severity()).isEqualTo(Severity.WARNING);
    assertThat(String.join(" ", r.reasons())).contains("early_drop rose by 40").contains("drops come next");
  }

  @Test
  void shouldRecommendNothingForAHostWithNeitherSamplesNorBursts() {
    HostState st = HostState.forHost("h");
    detector.onMessage(st, new KernelMessage("h", T0, null, 6, 0, "kernel", "kmsg", "kernel", "eth0: link up",
        null));
    assertThat(recommender.recommend(st)).isEmpty();
  }

  @Test
  void shouldWriteOnlyNameEqualsValueLinesBesideComments() {
    HostState st = HostState.forHost("h\nx");
    detector.onSample(st, new ConntrackSample("h\nx", T0, 200, 200, 65536L, 8 * GIB, 4, "6.1.0",
        Map.of(StatNames.DROP, 9L), Map.of(), null));
    Recommendation r = recommend(st);
    assertThat(r.sysctlConf().lines()).allMatch(l -> l.startsWith("# ") || l.matches("[a-z_.]+ = \\d+"));
  }
}
