package io.conntrackadvisor.core.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupOwnerTest {
  private static final String ID = "3f2a1b9c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

  @Test
  void shouldFindDockerContainersInCgroupV1AndV2() {
    assertThat(CgroupOwner.parse("12:memory:/docker/" + ID + "\n11:cpu:/docker/" + ID + "\n"))
        .isEqualTo(new CgroupOwner("3f2a1b9c0d4e", null));
    assertThat(CgroupOwner.parse("0::/system.slice/docker-" + ID + ".scope\n"))
        .isEqualTo(new CgroupOwner("3f2a1b9c0d4e", null));
  }

  @Test
  void shouldFindKubernetesPodsWithEveryDriverAndRuntime() {
    assertThat(CgroupOwner.parse("4:pids:/kubepods/burstable/pod5c1d2e3f-aaaa-bbbb-cccc-0123456789ab/" + ID))
        .isEqualTo(new CgroupOwner("3f2a1b9c0d4e", "5c1d2e3f-aaaa-bbbb-cccc-0123456789ab"));
    assertThat(CgroupOwner.parse("0::/kubepods.slice/kubepods-besteffort.slice/"
        + "kubepods-besteffort-pod5c1d2e3f_aaaa_bbbb_cccc_0123456789ab.slice/cri-containerd-" + ID + ".scope"))
        .isEqualTo(new CgroupOwner("3f2a1b9c0d4e", "5c1d2e3f-aaaa-bbbb-cccc-0123456789ab"));
    assertThat(CgroupOwner.parse("0::/kubepods.slice/kubepods-pod5c1d2e3f_aaaa_bbbb_cccc_0123456789ab.slice/crio-"
        + ID + ".scope")).isEqualTo(new CgroupOwner("3f2a1b9c0d4e", "5c1d2e3f-aaaa-bbbb-cccc-0123456789ab"));
  }

  @Test
  void shouldSayNothingForHostProcesses() {
    assertThat(CgroupOwner.parse("0::/init.scope\n")).isSameAs(CgroupOwner.NONE);
    assertThat(CgroupOwner.parse("0::/user.slice/user-0.slice/session-4.scope\n")).isSameAs(CgroupOwner.NONE);
    assertThat(CgroupOwner.parse("")).isSameAs(CgroupOwner.NONE);
  }
}
