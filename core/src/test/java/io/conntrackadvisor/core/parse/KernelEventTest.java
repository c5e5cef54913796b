package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KernelEventTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "ip_conntrack: table full, dropping packet.",
      "nf_conntrack: table full, dropping packet",
      "nf_conntrack: table full, dropping packet.",
      "nf_conntrack: nf_conntrack: table full, dropping packet",
      "[12.3] nf_conntrack: table full, dropping packet"})
  void shouldRecognizeTableFullInEveryKernelsWording(String msg) {
    KernelEvent e = KernelEvent.classify(msg);
    assertThat(e.kind()).isEqualTo(KernelEvent.Kind.TABLE_FULL);
    assertThat(e.netns()).isNull();
  }

  @Test
  void shouldKeepTheNamespaceOfTheNewestWording() {
    KernelEvent e = KernelEvent.classify("nf_conntrack: nf_conntrack: table full in netns 4026532177, dropping packet");
    assertThat(e.kind()).isEqualTo(KernelEvent.Kind.TABLE_FULL);
    assertThat(e.netns()).isEqualTo(4026532177L);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "nf_conntrack: expectation table full",
      "nf_conntrack: falling back to vmalloc.",
      "nf_conntrack: automatic helper assignment is deprecated and it will be removed soon.",
      "nf_ct_ftp: dropping packet",
      "the table full of cups",
      "net_ratelimit: many callbacks suppressed"})
  void shouldIgnoreMessagesThatAreNotTableFull(String msg) {
    assertThat(KernelEvent.classify(msg).kind()).isEqualTo(KernelEvent.Kind.OTHER);
  }

  @Test
  void shouldReadSuppressedCountsOfBothEras() {
    assertThat(KernelEvent.classify("net_ratelimit: 412 callbacks suppressed").suppressed()).isEqualTo(412);
    assertThat(KernelEvent.classify("printk: 37 messages suppressed.").suppressed()).isEqualTo(37);
    assertThat(KernelEvent.classify("net_ratelimit: 412 callbacks suppressed").kind())
        .isEqualTo(KernelEvent.Kind.SUPPRESSED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "nf_conntrack: table full in netns , dropping packet",
      "nf_conntrack: table full in netns 123456789012345678901, dropping packet",
      "nf_conntrack: table full in netns 12 dropping packet",
      "conntrack: table full, dropping packet",
      "xt_conntrack: table full, dropping packet",
      "net_ratelimit: 1234567890123456789 callbacks suppressed",
      "net_ratelimit: callbacks suppressed",
      "net_ratelimit:  5 callbacks suppressed",
      "printk: 5 callbacks suppressed",
      "nf_conntrack: table full",
      "nf_conntrack: table full, dropped 3",
      "nf_conntrack: VPS table full, dropping packet",
      "ip_conntrack: VPS 1234567890123456789 table full, dropping packet",
      "message repeated 3 times: [ nf_conntrack: expectation table full]",
      "message repeated times: [ nf_conntrack: table full, dropping packet]",
      "last message repeated 3 times",
      "NET: 5 callbacks suppressed"})
  void shouldRejectNearMisses(String msg) {
    assertThat(KernelEvent.classify(msg).kind()).as(msg).isEqualTo(KernelEvent.Kind.OTHER);
  }

  @Test
  void shouldReadTheOlderRateLimiterWordings() {
    // 2.6.2x: the shared limiter named itself; 2.4: net_ratelimit's own summary, with a period
    assertThat(KernelEvent.classify("__ratelimit: 17 callbacks suppressed"))
        .isEqualTo(new KernelEvent(KernelEvent.Kind.SUPPRESSED, null, 17, null, 0));
    assertThat(KernelEvent.classify("NET: 47 messages suppressed."))
        .isEqualTo(new KernelEvent(KernelEvent.Kind.SUPPRESSED, null, 47, null, 0));
  }

  @Test
  void shouldKeepTheOpenVzContainerNumber() {
    assertThat(KernelEvent.classify("ip_conntrack: VPS 101 table full, dropping packet."))
        .isEqualTo(new KernelEvent(KernelEvent.Kind.TABLE_FULL, null, 0, 101L, 1));
  }

  @Test
  void shouldReadALineCutAnywhereAfterTheComma() {
    for (String cut : new String[] {"nf_conntrack: table full,", "nf_conntrack: table full, ",
        "nf_conntrack: table full, dropp", "nf_conntrack: table full, dropping packe",
        "nf_conntrack: table full in netns 7, drop"}) {
      assertThat(KernelEvent.classify(cut).kind()).as(cut).isEqualTo(KernelEvent.Kind.TABLE_FULL);
    }
  }

  @Test
  void shouldCountARepetitionSummaryAsThatManyMessages() {
    assertThat(KernelEvent.classify("message repeated 27 times: [ [1203399.120007] nf_conntrack: table full in "
        + "netns 9, dropping packet]")).isEqualTo(new KernelEvent(KernelEvent.Kind.TABLE_FULL, 9L, 0, null, 27));
    assertThat(KernelEvent.classify("message repeated 2 times: [ net_ratelimit: 10 callbacks suppressed]"))
        .isEqualTo(new KernelEvent(KernelEvent.Kind.SUPPRESSED, null, 20, null, 0));
  }

  @Test
  void shouldFindTheWordingAnywhereInTheText() {
    KernelEvent e = KernelEvent.classify("table full? [7.1] nf_conntrack: table full in netns 42, dropping packet");
    assertThat(e.kind()).isEqualTo(KernelEvent.Kind.TABLE_FULL);
    assertThat(e.netns()).isEqualTo(42L);
    assertThat(KernelEvent.classify("[9.0] net_ratelimit: 123456789012345678 callbacks suppressed").suppressed())
        .isEqualTo(123456789012345678L);
    assertThat(KernelEvent.classify("x 3 callbacks suppressed, net_ratelimit: 7 callbacks suppressed")
        .suppressed()).isEqualTo(7);
  }
}
