package io.conntrackadvisor.core.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.NamespaceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceScannerTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String HEADER = "entries  clashres found new invalid ignore delete chainlength insert "
      + "insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n";

  /** Builds {@code /proc/<pid>} with ns/net, cgroup, comm and (for the first pid of a namespace) its stat file. */
  static void process(Path proc, int pid, long netns, String cgroup, String comm, long entries, long drop)
      throws IOException {
    Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
    Files.createDirectories(dir.resolve("ns"));
    Files.createSymbolicLink(dir.resolve("ns/net"), Path.of("net:[" + netns + "]"));
    Files.writeString(dir.resolve("cgroup"), cgroup);
    Files.writeString(dir.resolve("comm"), comm + "\n");
    Files.createDirectories(dir.resolve("net/stat"));
    String row = String.format("%08x  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
        + "00000000 %08x 00000002 00000000  00000000 00000000 00000000 00000000%n", entries, drop);
    Files.writeString(dir.resolve("net/stat/nf_conntrack"), HEADER + row + row.replaceFirst(
        String.format("%08x %08x", 0, drop), String.format("%08x %08x", 0, 0)));
  }

  @Test
  void shouldGroupProcessesByNamespaceAndNameTheirOwners(@TempDir Path proc) throws Exception {
    String docker = "0::/system.slice/docker-3f2a1b9c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.scope";
    process(proc, 1, 4026531833L, "0::/init.scope", "systemd", 12, 0);
    process(proc, 812, 4026531833L, "0::/system.slice/sshd.service", "sshd", 12, 0);
    process(proc, 4100, 4026532177L, docker, "nginx", 200, 100);
    process(proc, 4101, 4026532177L, docker, "nginx", 200, 100);
    process(proc, 4102, 4026532177L, docker, "sh", 200, 100);
    Files.createDirectories(proc.resolve("self"));

    List<NamespaceUsage> ns = new NamespaceScanner(proc, Duration.ofMinutes(1), 5).scan(T0);

    assertThat(ns).hasSize(2);
    NamespaceUsage top = ns.get(0);
    assertThat(top.netns()).isEqualTo(4026532177L);
    assertThat(top.count()).isEqualTo(200);
    assertThat(top.drop()).isEqualTo(100);
    assertThat(top.earlyDrop()).isEqualTo(4);
    assertThat(top.container()).isEqualTo("3f2a1b9c0d4e");
    assertThat(top.processes()).containsExactly("nginx", "sh");
    assertThat(ns.get(1).container()).isNull();
    assertThat(ns.get(1).processes()).containsExactly("systemd", "sshd");
  }

  @Test
  void shouldRescanOnlyWhenDueOrWhenAProcessLeft(@TempDir Path proc) throws Exception {
    process(proc, 10, 1L, "0::/init.scope", "a", 1, 0);
    process(proc, 20, 2L, "0::/init.scope", "b", 2, 0);
    NamespaceScanner scanner = new NamespaceScanner(proc, Duration.ofMinutes(1), 5);
    scanner.scan(T0);
    scanner.scan(T0.plusSeconds(10));
    assertThat(scanner.rescans()).isEqualTo(1);
    // pid 20 exits: its namespace is missed once, then found again through a rescan
    try (java.util.stream.Stream<Path> tree = Files.walk(proc.resolve("20"))) {
      for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    process(proc, 21, 2L, "0::/init.scope", "b", 3, 0);
    assertThat(scanner.scan(T0.plusSeconds(20))).extracting(NamespaceUsage::netns).containsExactly(1L);
    assertThat(scanner.scan(T0.plusSeconds(30))).extracting(NamespaceUsage::count).containsExactly(3L, 1L);
    assertThat(scanner.rescans()).isEqualTo(2);
  }

  @Test
  void shouldSeeARealNamespaceOnThisKernel() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root for ip netns");
    Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/stat/nf_conntrack")), "no conntrack procfs");
    String ns = "cta-scan-" + ProcessHandle.current().pid();
    Assumptions.assumeTrue(run("ip", "netns", "add", ns) == 0, "ip netns unavailable");
    Process sleeper = null;
    try {
      sleeper = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "30").start();
      long inode = 0;
      for (int i = 0; i < 50 && inode == 0; i++) {
        Long v = NamespaceScanner.netnsOf(Path.of("/proc", String.valueOf(sleeper.pid())));
        Long mine = NamespaceScanner.netnsOf(Path.of("/proc/self"));
        if (v != null && !v.equals(mine)) {
          inode = v;
        } else {
          Thread.sleep(100);
        }
      }
      assertThat(inode).isPositive();
      List<NamespaceUsage> found = new NamespaceScanner(Path.of("/proc"), Duration.ofMinutes(1), 5)
          .scan(Instant.now());
      long wanted = inode;
      assertThat(found).anySatisfy(u -> {
        assertThat(u.netns()).isEqualTo(wanted);
        assertThat(u.processes()).contains("sleep");
        assertThat(u.count()).isZero();
      });
    } finally {
      if (sleeper != null) {
        sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      run("ip", "netns", "del", ns);
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
