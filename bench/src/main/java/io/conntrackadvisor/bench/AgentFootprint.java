package io.conntrackadvisor.bench;

import io.conntrackadvisor.broker.ShipperDaemon;
import io.conntrackadvisor.model.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One agent of {@code bench-agent}, running on this host and receiving syslog over TCP: the ship agent in its own
 * JVM, or rsyslogd in the foreground with its own configuration and work folder. Samples its process from
 * {@code /proc} (resident memory, threads, CPU) and sends it bursts of kernel lines.
 */
abstract class AgentFootprint implements AutoCloseable {
  /** The topic rsyslogd writes to. */
  static final String RSYSLOG_TOPIC = "bench-agent-rsyslogd";

  /** Starts an agent that listens for syslog over TCP on {@code port}. */
  interface Starter {
    AgentFootprint start(int port) throws Exception;
  }

  /** What {@code /proc} tells at one moment. */
  record Sample(long nanos, long rssKib, int threads, double cpuSeconds) {
  }

  /** A burst: its peaks and the CPU it cost. */
  record Burst(long peakRssKib, int peakThreads, double cpuSeconds, double seconds) {
  }

  /** One column of the table. */
  record Figures(String name, Sample idle, double idleCpuPerHour, Burst burst, long lines, long firstRecordMillis,
      long installedKib) {
    double cpuPerMillion() {
      return burst.cpuSeconds() * 1e6 / lines;
    }
  }

  /** The ship agent as deployed: the product's main class in its own JVM with the given options file. */
  static AgentFootprint ship(Path work, Path options, boolean nmt, String bootstrap, int port,
      Map<String, String> settings) throws IOException {
    List<String> args = new ArrayList<>(List.of("ship",
        "--bootstrap-servers", bootstrap, "--no-journald", "--syslog-tcp", "127.0.0.1:" + port,
        "--state-dir", work.resolve("ship-state").toString(), "--host", "bench-agent"));
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    ChildJvm jvm = ChildJvm.startAgent(options, nmt ? List.of("-XX:NativeMemoryTracking=summary") : List.of(), args,
        work.resolve("ship.log"));
    String topic = Topics.defaults().kernelMessages().name();
    // installed: the Java runtime and the product's jar (deploy/jvm/ship.options -> app/target/conntrack-advisor.jar)
    Path jar = options.toAbsolutePath().getParent().getParent().getParent()
        .resolve("app/target/conntrack-advisor.jar");
    long installed = du(Path.of(System.getProperty("java.home"))) + (Files.exists(jar) ? Files.size(jar) / 1024 : 0);
    return new AgentFootprint(jvm.pid(), topic, installed) {
      @Override
      void checkAlive() {
        if (!jvm.alive()) {
          throw new IllegalStateException("the agent ended; see " + work.resolve("ship.log"));
        }
      }

      @Override
      void printNativeMemory(String when) throws IOException, InterruptedException {
        if (!nmt) {
          return;
        }
        System.out.println("native memory of ship, " + when + ":");
        jcmd(jvm.pid(), "VM.native_memory", "summary").lines()
            .filter(l -> l.startsWith("Total") || l.matches("-\\s+.*"))
            .map(l -> "  " + l.strip().replaceAll("\\s+", " ")).forEach(System.out::println);
        System.out.println("live objects of ship (after a full collection), " + when + ":");
        List<String> histogram = jcmd(jvm.pid(), "GC.class_histogram").lines().toList();
        Stream.concat(histogram.stream().skip(1).limit(12), histogram.stream().filter(l -> l.startsWith("Total")))
            .map(l -> "  " + l.strip().replaceAll("\\s+", " ")).forEach(System.out::println);
      }

      @Override
      public void close() throws InterruptedException {
        jvm.close();
      }
    };
  }

  /** rsyslogd in the foreground: imtcp on {@code port}, omkafka to a topic of its own, its messages to a file. */
  static AgentFootprint rsyslogd(Path work, Path rsyslogd, String bootstrap, int port) throws IOException {
    Path dir = Files.createDirectories(work.resolve("rsyslogd"));
    String topic = RSYSLOG_TOPIC;
    Path conf = dir.resolve("rsyslog.conf");
    Files.writeString(conf, "global(workDirectory=\"" + dir + "\")\n"
        + "module(load=\"imtcp\")\n"
        + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"kafka\")\n"
        + "module(load=\"omkafka\")\n"
        + "ruleset(name=\"kafka\") {\n"
        + "  action(type=\"omkafka\" broker=[\"" + bootstrap + "\"] topic=\"" + topic + "\")\n}\n"
        + "syslog.* action(type=\"omfile\" file=\"" + dir.resolve("internal.log") + "\")\n", StandardCharsets.UTF_8);
    ShipperDaemon daemon = ShipperDaemon.start(dir, List.of(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i",
        dir.resolve("rsyslogd.pid").toString()), Map.of());
    return new AgentFootprint(daemon.handle().pid(), topic, dpkgKib("rsyslog", "rsyslog-kafka", "librdkafka1")) {
      @Override
      void checkAlive() {
        if (!daemon.alive()) {
          throw new IllegalStateException("rsyslogd ended; see " + dir.resolve("daemon.log"));
        }
      }

      @Override
      public void close() throws InterruptedException {
        daemon.close();
      }
    };
  }

  private final long pid;
  private final String topic;
  private final long installedKib;

  private AgentFootprint(long pid, String topic, long installedKib) {
    this.pid = pid;
    this.topic = topic;
    this.installedKib = installedKib;
  }

  /** The topic its records go to. */
  String topic() {
    return topic;
  }

  /** KiB installed on the host for it. */
  long installedKib() {
    return installedKib;
  }

  /** Throws when the process ended. */
  abstract void checkAlive();

  /** Prints what the JVM's native memory tracking tells, where it is a JVM run with it. */
  void printNativeMemory(String when) throws IOException, InterruptedException {
  }

  @Override
  public abstract void close() throws Exception;

  /** CPU ticks of each of its threads now, by thread name. */
  Map<String, Long> threadTicks() throws IOException {
    return ProcStats.threadTicks(pid);
  }

  /** Its resident memory, threads and CPU now. */
  Sample sample() throws IOException {
    return new Sample(System.nanoTime(), ProcStats.statusKiB(pid, "VmRSS"), ProcStats.threads(pid),
        ProcStats.cpuSeconds(pid));
  }

  /** Sends {@code rate} lines a second for {@code seconds} and samples until {@code done}; at most a minute after. */
  Burst burst(int port, int rate, int seconds, BooleanSupplier done) throws Exception {
    Sample start = sample();
    long peakRss = start.rssKib();
    int peakThreads = start.threads();
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      int perTick = rate / 100;
      long next = System.nanoTime();
      for (int tick = 0; tick < seconds * 100; tick++) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < perTick; i++) {
          b.append(line(1 + tick * perTick + i));
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        next += 10_000_000L;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (tick % 10 == 0) {
          Sample now = sample();
          peakRss = Math.max(peakRss, now.rssKib());
          peakThreads = Math.max(peakThreads, now.threads());
        }
      }
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the burst did not reach Kafka within a minute");
      }
      Sample now = sample();
      peakRss = Math.max(peakRss, now.rssKib());
      peakThreads = Math.max(peakThreads, now.threads());
    }
    Sample end = sample();
    return new Burst(peakRss, peakThreads, end.cpuSeconds() - start.cpuSeconds(), (end.nanos() - start.nanos()) / 1e9);
  }

  /** Syslog line {@code n} as a kernel on a busy gateway logs it (RFC 3164 with a priority, newline framed). */
  static String line(long n) {
    return "<4>Dec  4 20:00:00 gw-1 kernel: nf_conntrack: table full, dropping packet " + n + "\n";
  }

  private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static long du(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum() / 1024;
    }
  }

  /** Installed-Size of Debian packages, in KiB (0 for one that is not installed). */
  private static long dpkgKib(String... packages) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("dpkg-query", "-W", "-f=${Installed-Size}\\n"));
    cmd.addAll(List.of(packages));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    long sum = 0;
    for (String l : new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
      if (l.matches("[0-9]+")) {
        sum += Long.parseLong(l);
      }
    }
    return sum;
  }
}
