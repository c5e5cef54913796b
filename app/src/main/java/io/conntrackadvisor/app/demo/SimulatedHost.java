package io.conntrackadvisor.app.demo;

import io.conntrackadvisor.model.ops.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One simulated host of the demo: a folder laid out like {@code /proc} (count, max, buckets, timeouts, drop
 * counters, meminfo, kernel release) that the real sampler reads, and a syslog file the real file tailer follows.
 */
final class SimulatedHost {
  private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private static final String STAT_HEADER = "entries  clashres found new invalid ignore delete chainlength insert "
      + "insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n";

  final String name;
  final Path procRoot;
  final Path syslog;
  final long max;
  private long drops;
  private long earlyDrops;

  SimulatedHost(Path workDir, String name, long max, long buckets, long memKb, String kernel, int cpus)
      throws IOException {
    this.name = name;
    this.max = max;
    this.procRoot = workDir.resolve("proc").resolve(name);
    this.syslog = workDir.resolve("logs").resolve(name + ".log");
    Files.createDirectories(procRoot.resolve("sys/net/netfilter"));
    Files.createDirectories(procRoot.resolve("sys/kernel"));
    Files.createDirectories(procRoot.resolve("net/stat"));
    Files.createDirectories(syslog.getParent());
    write("sys/kernel/hostname", name);
    write("sys/kernel/osrelease", kernel);
    write("meminfo", "MemTotal:       " + memKb + " kB\n");
    StringBuilder cpu = new StringBuilder();
    for (int i = 0; i < cpus; i++) {
      cpu.append("processor\t: ").append(i).append("\n\n");
    }
    write("cpuinfo", cpu.toString());
    write("sys/net/netfilter/nf_conntrack_max", Long.toString(max));
    write("sys/net/netfilter/nf_conntrack_buckets", Long.toString(buckets));
    write("sys/net/netfilter/nf_conntrack_tcp_timeout_established", "432000");
    write("sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait", "120");
    write("sys/net/netfilter/nf_conntrack_udp_timeout", "30");
    Files.writeString(syslog, "", StandardCharsets.UTF_8);
    setCount(0);
  }

  /** Sets the table's count (and rewrites the stat file with the counters). */
  void setCount(long count) throws IOException {
    write("sys/net/netfilter/nf_conntrack_count", Long.toString(count));
    String row = String.format(Locale.ROOT, "%08x  00000000 00000000 00000000 00000000 00000000 00000000 "
        + "00000000 00000000 00000000 %08x %08x 00000000  00000000 00000000 00000000 00000000%n", count, drops,
        earlyDrops);
    write("net/stat/nf_conntrack", STAT_HEADER + row);
  }

  /** Adds to the cumulative drop counter (applied at the next {@link #setCount}). */
  void addDrops(long n) {
    drops += n;
  }

  /** Appends one kernel line to the syslog file, as rsyslog writes it. */
  void kernelLine(String message) throws IOException {
    String line = LocalDateTime.now(ZoneOffset.UTC).format(BSD) + " " + name + " kernel: " + message + "\n";
    Files.writeString(syslog, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Atomic replace, so the sampler never reads half a file. */
  private void write(String rel, String content) throws IOException {
    String text = content.endsWith("\n") ? content : content + "\n";
    AtomicFiles.write(procRoot.resolve(rel), text.getBytes(StandardCharsets.UTF_8));
  }
}
