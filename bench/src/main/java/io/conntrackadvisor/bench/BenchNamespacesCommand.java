package io.conntrackadvisor.bench;


import io.conntrackadvisor.core.proc.NamespaceScanner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-namespaces}: CPU time of one namespace scan (full enumeration, the worst case) on a proc tree with
 * N processes in M namespaces, built under the temp dir, and on this machine's real /proc.
 */
@Command(name = "bench-namespaces", mixinStandardHelpOptions = true,
    description = "Measures the CPU cost of per-namespace conntrack sampling.")
final class BenchNamespacesCommand implements Callable<Integer> {
  private static final String HEADER = "entries  clashres found new invalid ignore delete chainlength insert "
      + "insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n";

  @Option(names = "--processes", defaultValue = "2000") int processes;
  @Option(names = "--namespaces", defaultValue = "100") int namespaces;
  @Option(names = "--rounds", defaultValue = "50") int rounds;

  @Override
  public Integer call() throws Exception {
    try (WorkDir work = WorkDir.of(null, "cta-proc-")) {
      Path proc = work.path();
      String row = "000000c8  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
          + "00000064 00000000 00000000  00000000 00000000 00000000 00000000\n";
      for (int pid = 1; pid <= processes; pid++) {
        Path d = Files.createDirectories(proc.resolve(String.valueOf(pid)));
        Files.createDirectories(d.resolve("ns"));
        Files.createSymbolicLink(d.resolve("ns/net"), Path.of("net:[" + (4026531833L + pid % namespaces) + "]"));
        Files.writeString(d.resolve("cgroup"), "0::/system.slice/docker-" + "ab".repeat(32) + ".scope\n");
        Files.writeString(d.resolve("comm"), "worker-" + pid % 7 + "\n");
        Files.createDirectories(d.resolve("net/stat"));
        Files.writeString(d.resolve("net/stat/nf_conntrack"), HEADER + row + row);
      }
      report("fixture tree, " + processes + " processes in " + namespaces + " namespaces", proc);
      report("this machine's /proc", Path.of("/proc"));
    }
    return 0;
  }

  private void report(String what, Path proc) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    NamespaceScanner warm = new NamespaceScanner(proc, Duration.ZERO, 5);
    for (int i = 0; i < 10; i++) {
      warm.scan(Instant.now());
    }
    NamespaceScanner full = new NamespaceScanner(proc, Duration.ZERO, 5);
    long cpu0 = mx.getCurrentThreadCpuTime();
    int found = 0;
    for (int i = 0; i < rounds; i++) {
      found = full.scan(Instant.now()).size();
    }
    double fullMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / rounds;
    NamespaceScanner cached = new NamespaceScanner(proc, Duration.ofHours(1), 5);
    cached.scan(Instant.now());
    cpu0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < rounds; i++) {
      cached.scan(Instant.now());
    }
    double cachedMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / rounds;
    System.out.printf(Locale.ROOT, "%s: %d namespaces; CPU per scan: %.1f ms with full enumeration, %.2f ms "
        + "from the cache%n", what, found, fullMs, cachedMs);
  }
}
