package io.conntrackadvisor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one shipper of {@code bench-ship} at a time on the shared broker: starts it, feeds it (a file it reads
 * itself, or syslog sent to its port), waits until the broker acknowledged every line or the count stopped moving,
 * takes its CPU time and peak memory, stops it and reads its topic back.
 */
final class ShipRuns {
  /**
   * How long a count may stand still before the rest counts as lost: longer than rsyslog's default
   * {@code action.resumeInterval} (30 s), after which a suspended omkafka action tries again.
   */
  private static final long STALL_MILLIS = 40_000;
  private static final long UDP_STALL_MILLIS = 5_000;

  private final String bootstrap;
  private final Path dir;
  private final Map<String, String> agentSettings;
  private final List<String> agentJvm;
  private int runs;

  ShipRuns(String bootstrap, Path dir, Map<String, String> agentSettings, List<String> agentJvm) {
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.agentSettings = agentSettings;
    this.agentJvm = agentJvm;
  }

  ShipRow file(String name, BenchLines lines, Path log, boolean rsyslog) throws Exception {
    String id = "file-" + (++runs);
    long start = System.nanoTime();
    Shipper s = rsyslog
        ? RsyslogProcess.start(bootstrap, dir, "rsyslog-" + id, "rsyslog-" + id, "module(load=\"imfile\")\n"
            + "input(type=\"imfile\" file=\"" + log + "\" tag=\"kernel:\" facility=\"kern\" needParse=\"on\" "
            + "ruleset=\"kafka\")")
        : AgentProcess.start(bootstrap, dir, "ship-" + id, List.of("--no-journald", "--syslog-file", log.toString()),
            agentSettings, agentJvm);
    return measure(name, s, lines, start, STALL_MILLIS);
  }

  ShipRow journal(String name, BenchLines lines, Path journal) throws Exception {
    String id = "journal-" + (++runs);
    long start = System.nanoTime();
    Shipper s = AgentProcess.start(bootstrap, dir, "ship-" + id, List.of("--journal-directory", journal.toString()),
        agentSettings, agentJvm);
    return measure(name, s, lines, start, STALL_MILLIS);
  }

  ShipRow udp(String name, BenchLines lines, int rate, boolean rsyslog) throws Exception {
    int port = freeUdpPort();
    Shipper s = receiver("udp", port, rsyslog);
    long start = System.nanoTime();
    Thread sender = send("udp", () -> SyslogSender.udp(lines, port, rate));
    // the count stops moving when the last datagram was handled: measured until then, sending included
    ShipRow row = measure(name + String.format(Locale.ROOT, " (%d/s sent)", rate), s, lines, start,
        UDP_STALL_MILLIS);
    sender.join();
    return row;
  }

  ShipRow tcp(String name, BenchLines lines, boolean rsyslog) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Shipper s = receiver("tcp", port, rsyslog);
    long start = System.nanoTime();
    Thread sender = send("tcp", () -> SyslogSender.tcp(lines, port));
    ShipRow row = measure(name, s, lines, start, STALL_MILLIS);
    sender.join();
    return row;
  }

  /**
   * Starts a syslog receiver on {@code port} of loopback ({@code protocol} udp or tcp: rsyslog's imudp / imtcp, or
   * the agent's {@code --syslog-udp} / {@code --syslog-tcp}) and waits until it listens and, the agent, is ready.
   */
  private Shipper receiver(String protocol, int port, boolean rsyslog) throws Exception {
    String id = protocol + "-" + (++runs);
    Shipper s = rsyslog
        ? RsyslogProcess.start(bootstrap, dir, "rsyslog-" + id, "rsyslog-" + id, "module(load=\"im" + protocol
            + "\")\ninput(type=\"im" + protocol + "\" address=\"127.0.0.1\" port=\"" + port
            + "\" ruleset=\"kafka\")")
        : AgentProcess.start(bootstrap, dir, "ship-" + id, List.of("--no-journald", "--syslog-" + protocol,
            "127.0.0.1:" + port), agentSettings, agentJvm);
    try {
      awaitBound("/proc/net/" + protocol, port, protocol.equals("udp") ? "07" : "0A");
      if (s instanceof AgentProcess a) {
        a.awaitReady(); // the agent binds its port before it connects to Kafka
      }
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private ShipRow measure(String name, Shipper s, BenchLines lines, long start, long stallMillis) throws Exception {
    Progress.Reached end;
    double cpu;
    long rss;
    double first;
    try (s) {
      Progress.Reached firstLine = Progress.await(s::acknowledged, 1, stallMillis,
          BenchShipCommand.FIRST_LINE.toMillis());
      first = (firstLine.lastNanos() - start) / 1e9;
      end = Progress.await(s::acknowledged, lines.size(), stallMillis, BenchShipCommand.FIRST_LINE.toMillis());
      cpu = ProcStats.cpu(s.handle()).toNanos() / 1e9;
      rss = ProcStats.peakRssMiB(s.handle());
      if (end.acknowledged() == 0 && s instanceof RsyslogProcess r) {
        System.out.println("  rsyslogd wrote nothing: " + r.output());
      }
    }
    Delivery d = Delivery.read(bootstrap, s.topic(), lines);
    double seconds = (end.lastNanos() - start) / 1e9;
    ShipRow row = new ShipRow(name, lines.size(), end.acknowledged() / seconds, first, d.lost(), d.duplicated(),
        d.foreign(), end.acknowledged() == 0 ? 0 : cpu / end.acknowledged() * 1e6, rss);
    System.out.println(row.line());
    return row;
  }

  /** Something that sends lines to a shipper. */
  private interface Send {
    void run() throws IOException;
  }

  /** Runs {@code send} on a thread of its own, so that the shipper's first line is seen while it sends. */
  private static Thread send(String what, Send send) {
    Thread t = new Thread(() -> {
      try {
        send.run();
      } catch (IOException e) {
        System.out.println("  " + what + " sender failed: " + e);
      }
    }, "bench-" + what + "-sender");
    t.start();
    return t;
  }

  private static int freeUdpPort() throws IOException {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until a socket is bound to {@code port} in {@code state} (07 UDP, 0A TCP listening). */
  private static void awaitBound(String table, int port, String state) throws IOException, InterruptedException {
    String local = String.format(Locale.ROOT, ":%04X", port);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      // IPv4 sockets, and Java's dual-stack ones in the IPv6 table
      for (String t : List.of(table, table + "6")) {
        for (String line : Files.readAllLines(Path.of(t), StandardCharsets.US_ASCII)) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && f[1].endsWith(local) && f[3].equals(state)) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new IOException("nothing listens on 127.0.0.1:" + port + " after a minute");
  }
}
