package io.conntrackadvisor.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealKernelReproductionTest {

  @Test
  void shouldNameEveryMissingProgramBeforeChangingAnything() {
    RealKernelReproduction r = new RealKernelReproduction("cta-test", new RealKernelReproduction.Tools(
        "/nonexistent/ip", "/nonexistent/nft", "/nonexistent/python3"));

    assertThat(r.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).satisfiesAnyOf(
        s -> assertThat(s).contains("nf_conntrack module is not loaded"),
        s -> assertThat(s).containsPattern("'/nonexistent/(ip netns list|nft --version|python3 --version)' does "
            + "not run"),
        s -> assertThat(s).contains("tracks")));
    assertThat(r.oldMax()).isNull();
  }

  @Test
  void shouldNotChangeTheLimitBeforeItsRestoreHookIsInPlace() {
    RealKernelReproduction r = new RealKernelReproduction("cta-test", RealKernelReproduction.Tools.onPath());

    assertThatThrownBy(r::lowerMax).isInstanceOf(IllegalStateException.class).hasMessageContaining("start() first");
    r.restore(); // nothing to undo: harmless
    assertThat(r.oldMax()).isNull();
  }

  @Test
  void shouldChangeNothingOnceRestoredAsAfterCtrlC() {
    RealKernelReproduction r = new RealKernelReproduction("cta-test", RealKernelReproduction.Tools.onPath());
    r.restore(); // what the shutdown hook does

    assertThatThrownBy(r::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("restored already");
    assertThatThrownBy(r::lowerMax).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> r.flood(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldAcceptOnlyPlainNamespaceNames() {
    assertThatThrownBy(() -> new RealKernelReproduction("../etc", RealKernelReproduction.Tools.onPath()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RealKernelReproduction("a b", RealKernelReproduction.Tools.onPath()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
