package io.conntrackadvisor.core.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.StatNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

  private static ConntrackSample read(String fixture) throws Exception {
    return new ProcReader(Fixtures.path(fixture)).read(null, NOW, ProcReader.HistogramLimits.DEFAULT);
  }

  @Test
  void shouldReadTheDockerHostWithTheNewerStatHeader() throws Exception {
    ConntrackSample s = read("proc/k6-docker-host");
    assertThat(s.host()).isEqualTo("rancher-agent-2");
    assertThat(s.count()).isEqualTo(200);
    assertThat(s.max()).isEqualTo(200);
    assertThat(s.buckets()).isEqualTo(65536);
    assertThat(s.cpus()).isEqualTo(4);
    assertThat(s.memTotalBytes()).isEqualTo(8131548L * 1024);
    assertThat(s.kernelRelease()).isEqualTo("6.1.0-28-amd64");
    assertThat(s.stats()).containsEntry(StatNames.DROP, 0x3e8L + 0x402 + 0x1f4 + 0x2ee)
        .containsEntry(StatNames.INSERT_FAILED, 1L).containsEntry(StatNames.CLASH_RESOLVE, 6L)
        .containsEntry(StatNames.CHAIN_TOO_LONG, 0L).containsEntry(StatNames.SEARCH_RESTART, 3L);
    // the table's settings; its count, limit and hash size are the sample's own fields
    assertThat(s.sysctls()).containsEntry("net.netfilter.nf_conntrack_tcp_timeout_established", 432000L)
        .doesNotContainKeys("net.netfilter.nf_conntrack_count", "net.netfilter.nf_conntrack_max",
            "net.netfilter.nf_conntrack_buckets").hasSize(14);
    assertThat(s.states()).isNull(); // no net/nf_conntrack in this snapshot
  }

  @Test
  void shouldReadTheOldHeaderAndTheStateHistogramOfTheNatGateway() throws Exception {
    ConntrackSample s = read("proc/k4-nat-gw");
    assertThat(s.count()).isEqualTo(40710);
    assertThat(s.max()).isEqualTo(65536);
    assertThat(s.stats()).containsEntry(StatNames.INSERT_FAILED, 6L).containsEntry(StatNames.DROP, 0L)
        .containsEntry(StatNames.FOUND, 0x7a1L + 0x6b0).doesNotContainKey(StatNames.CLASH_RESOLVE);
    assertThat(s.states()).containsEntry("ESTABLISHED", 2L).containsEntry("TIME_WAIT", 1L)
        .containsEntry("UDP", 1L).containsEntry("CLOSE_WAIT", 1L);
  }

  @Test
  void shouldReadAHostWithoutConntrackProcfs() throws Exception {
    ConntrackSample s = read("proc/k5-aks-node");
    assertThat(s.count()).isEqualTo(48211);
    assertThat(s.stats()).isEmpty();
    assertThat(s.cpus()).isNull();
    assertThat(s.memTotalBytes()).isEqualTo(16365060L * 1024);
  }

  @Test
  void shouldParseConntrackDashSOutputForSuchHosts() throws Exception {
    String text = Files.readString(Fixtures.path("commands/conntrack-S-aks-node.txt"));
    ConntrackStats.Parsed p = ConntrackStats.parseConntrackS(text);
    assertThat(p.cpuRows()).isEqualTo(2);
    assertThat(p.stats()).containsEntry(StatNames.DROP, 19L).containsEntry(StatNames.INSERT_FAILED, 19L)
        .containsEntry(StatNames.CLASH_RESOLVE, 8L).containsEntry(StatNames.SEARCH_RESTART, 2424L);
  }

  @Test
  void shouldReadThisMachinesRealProc() throws Exception {
    Path proc = Path.of("/proc");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(proc.resolve("sys/net/netfilter/nf_conntrack_max")),
        "nf_conntrack is not loaded on this machine");
    ConntrackSample s = new ProcReader(proc).read(null, NOW, null);
    long expected = Long.parseLong(new String(new ProcessBuilder("cat",
        "/proc/sys/net/netfilter/nf_conntrack_max").start().getInputStream().readAllBytes()).strip());
    assertThat(s.max()).isEqualTo(expected);
    assertThat(s.sysctls()).containsKey("net.netfilter.nf_conntrack_tcp_timeout_established");
    assertThat(s.host()).isNotBlank();
    assertThat(s.memTotalBytes()).isPositive();
  }

  @Test
  void shouldReadTheFixedFactsAndTheSettingsAgainOnlyAfterTheirMaximumAgesButTheCountAndLimitAtEverySample(
      @TempDir Path tmp) throws Exception {
    Path root = Fixtures.copy("proc/k6-docker-host", tmp.resolve("proc"));
    ProcReader reader = new ProcReader(root);
    ConntrackSample first = reader.read(null, NOW, null);
    String established = "net.netfilter.nf_conntrack_tcp_timeout_established";

    // A kernel update without a reboot is impossible, but a snapshot can change: the fixed facts wait, values do not
    Files.writeString(root.resolve("sys/kernel/osrelease"), "9.9.9-test\n");
    Files.writeString(root.resolve("sys/net/netfilter/nf_conntrack_max"), "1048576\n");
    Files.writeString(root.resolve("sys/net/netfilter/nf_conntrack_count"), "180\n");
    Files.writeString(root.resolve("sys/net/netfilter/nf_conntrack_tcp_timeout_established"), "86400\n");
    ConntrackSample next = reader.read(null, NOW.plusSeconds(10), null);
    ConntrackSample minute = reader.read(null, NOW.plus(ProcReader.SETTINGS_MAX_AGE), null);
    ConntrackSample soon = reader.read(null, NOW.plus(ProcReader.FACTS_MAX_AGE).minusSeconds(1), null);
    ConntrackSample later = reader.read(null, NOW.plus(ProcReader.FACTS_MAX_AGE), null);

    assertThat(next.max()).isEqualTo(1_048_576L);
    assertThat(next.count()).isEqualTo(180);
    assertThat(next.sysctls()).isEqualTo(first.sysctls()).containsEntry(established, 432_000L);
    assertThat(minute.sysctls()).containsEntry(established, 86_400L);
    assertThat(soon.kernelRelease()).isEqualTo(first.kernelRelease()).isNotEqualTo("9.9.9-test");
    assertThat(soon.cpus()).isEqualTo(first.cpus());
    assertThat(soon.memTotalBytes()).isEqualTo(first.memTotalBytes());
    assertThat(later.kernelRelease()).isEqualTo("9.9.9-test");
    assertThat(new ProcReader(root).read(null, NOW.plus(ProcReader.FACTS_MAX_AGE), null)).isEqualTo(later);
  }

  @Test
  void shouldSayWhyWhenThereIsNoConntrackTable(@TempDir Path empty) {
    assertThatThrownBy(() -> new ProcReader(empty).read("h", NOW, null))
        .hasMessageContaining("no conntrack table here");
  }
}
