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
      "printk: 5 callbacks suppressed"})
  void shouldRejectNearMisses(String msg) {
    assertThat(KernelEvent.classify(msg).kind()).as(msg).isEqualTo(KernelEvent.Kind.OTHER);
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
