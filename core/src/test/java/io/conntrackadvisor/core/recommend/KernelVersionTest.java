package io.conntrackadvisor.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelVersionTest {
  @Test
  void shouldCompareTheLeadingMajorAndMinorOfUnameReleases() {
    assertThat(KernelVersion.atLeast("6.1.0-28-amd64", 5, 15)).isTrue();
    assertThat(KernelVersion.atLeast("5.15.0-1111-azure", 5, 15)).isTrue();
    assertThat(KernelVersion.atLeast("5.4.0-200-generic", 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("4.19", 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("10.0", 5, 15)).isTrue();
    assertThat(KernelVersion.atLeast("5", 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("5.16-rc1", 5, 15)).isTrue();
  }

  @Test
  void shouldAnswerFalseForUnknownOrUnparseableReleases() {
    assertThat(KernelVersion.atLeast(null, 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("", 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("linux", 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("6.x", 5, 15)).isFalse();
    assertThat(KernelVersion.atLeast("99999999.1", 5, 15)).isFalse();
  }
}
