package io.conntrackadvisor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"lb-1", "api-gw-3.prod.example.com", "10.0.0.7", "k8s_node_7", "A"})
  void shouldAcceptHostNames(String host) throws Exception {
    assertThat(HostNames.check(host)).isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../../etc", "/etc", "/", "a/b", "a\\b", "lb-1\u0000", "lb\n1",
      "lb\t1", ".state", ".hidden", "-rf", "a..b", "host.", "index.html", "lb 1", "höst", "fe80::1",
      "lb-1\u202e", "%2e%2e"})
  void shouldRejectNamesThatCouldEscapeOrConfuseTheOutputFolder(String host) {
    assertThatThrownBy(() -> HostNames.check(host)).isInstanceOf(RecordRejectedException.class)
        .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(RejectReason.HOST_NAME);
  }

  @Test
  void shouldRejectNamesOverTwoHundredFiftyThreeBytes() throws Exception {
    String label = "a".repeat(63);
    String longest = String.join(".", label, label, label, "a".repeat(61));
    assertThat(longest).hasSize(253);
    assertThat(HostNames.check(longest)).isEqualTo(longest);
    assertThatThrownBy(() -> HostNames.check(longest + "b")).isInstanceOf(RecordRejectedException.class)
        .hasMessageContaining("253");
  }
}
