package io.conntrackadvisor.bench;

import io.conntrackadvisor.app.Main;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-agent}: what the host agent costs, next to rsyslogd with {@code imtcp} and {@code omkafka} on the same
 * fresh broker (a child JVM). Each receives syslog over TCP on loopback; the agent runs as deployed (its own JVM
 * with {@code deploy/jvm/ship.options}, the conntrack sampler every 10 s). Measured from {@code /proc}: resident
 * memory and threads when idle and at the peak of a burst, CPU seconds while idle (per hour) and per million lines
 * of the burst, the time from start to the first record readable with read_committed, and what is installed.
 */
@Command(name = "bench-agent", mixinStandardHelpOptions = true,
    description = "Measures the ship agent's footprint against rsyslogd with omkafka.")
public final class BenchAgentCommand implements Callable<Integer> {
  @Option(names = "--idle", defaultValue = "40s", description = "How long each stays idle before the idle figures.")
  String idle;

  @Option(names = "--idle-window", defaultValue = "120s",
      description = "How long idle CPU is measured after that (${DEFAULT-VALUE}; the kernel counts in 10 ms ticks).")
  String idleWindow;

  @Option(names = "--nmt", description = "Run the agent with native memory tracking (costs it 2-3 MB) and print "
      + "its summary when idle and after the burst.")
  boolean nmt;

  @Option(names = "--rate", defaultValue = "10000", description = "Lines per second of the burst (${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--burst", defaultValue = "10", description = "Seconds of the burst (${DEFAULT-VALUE}).")
  int burstSeconds;

  @Option(names = "--rsyslogd", defaultValue = "/usr/sbin/rsyslogd", description = "The rsyslogd to compare with.")
  Path rsyslogd;

  @Option(names = "--jvm-options", description = "The agent's JVM options (default: deploy/jvm/ship.options of "
      + "the source tree this jar was built in).")
  Path jvmOptions;

  @Option(names = "--agent-setting", paramLabel = "KEY=VALUE",
      description = "An agent setting (ship's keys, e.g. batch.linger.samples=0s); repeatable.")
  Map<String, String> agentSettings = new HashMap<>();

  @Option(names = "--work-dir", description = "Where the broker and the agents' state go (default: a temp dir).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    Path options = jvmOptions != null ? jvmOptions : ChildJvm.shipOptions();
    try (WorkDir work = WorkDir.of(workDir, "cta-bench-agent-");
        BenchBroker broker = BenchBroker.start(work.path(), List.of("-Xmx1g"))) {
      Duration idleFor = Settings.parseDuration("--idle", idle);
      AgentFootprint.Figures ship = measure("ship", broker, idleFor, port -> AgentFootprint.ship(work.path(),
          options, nmt, broker.bootstrapServers(), port, agentSettings));
      createTopicLike(broker.bootstrapServers(), Topics.defaults().kernelMessages().name(),
          AgentFootprint.RSYSLOG_TOPIC);
      AgentFootprint.Figures rsyslog = measure("rsyslogd", broker, idleFor, port -> AgentFootprint.rsyslogd(
          work.path(), rsyslogd, broker.bootstrapServers(), port));
      print(ship, rsyslog);
      printJvmFloor(work.path(), options, broker.bootstrapServers());
    }
    return 0;
  }

  private AgentFootprint.Figures measure(String name, BenchBroker broker, Duration idleFor,
      AgentFootprint.Starter starter) throws Exception {
    int port = freePort();
    try (KafkaConsumer<byte[], byte[]> reader = reader(broker.bootstrapServers());
        AgentFootprint agent = starter.start(port)) {
      long startNanos = System.nanoTime();
      long firstRecordMillis = firstRecord(agent, reader, port, startNanos);
      Thread.sleep(idleFor.toMillis());
      AgentFootprint.Sample idleStart = agent.sample();
      Map<String, Long> threadsBefore = agent.threadTicks();
      Thread.sleep(Settings.parseDuration("--idle-window", idleWindow).toMillis());
      AgentFootprint.Sample idleEnd = agent.sample();
      printThreadCpu(name, threadsBefore, agent.threadTicks());
      agent.printNativeMemory("idle");
      double idleCpuPerHour = (idleEnd.cpuSeconds() - idleStart.cpuSeconds())
          / ((idleEnd.nanos() - idleStart.nanos()) / 3.6e12);
      long lines = (long) rate * burstSeconds;
      AgentFootprint.Burst burst = agent.burst(port, rate, burstSeconds,
          () -> count(reader, agent.topic()) >= lines + 1);
      agent.printNativeMemory("after the burst");
      System.out.printf(Locale.ROOT, "%s: first record after %d ms, idle %d KiB / %d threads, burst peak %d KiB "
              + "/ %d threads, %d lines in Kafka after %.1f s%n", name, firstRecordMillis, idleEnd.rssKib(),
          idleEnd.threads(), burst.peakRssKib(), burst.peakThreads(), lines, burst.seconds());
      return new AgentFootprint.Figures(name, idleEnd, idleCpuPerHour, burst, lines, firstRecordMillis,
          agent.installedKib());
    }
  }

  /**
   * The resident memory and threads of a JVM with the agent's options that only sleeps, and of one that sent a record
   * with a transactional Kafka producer and waits: what any agent in Java, and any that uses the Kafka client, holds.
   */
  private static void printJvmFloor(Path work, Path options, String bootstrap) throws Exception {
    printFloor(work, options, IdleJvm.class, List.of(), "the JVM alone (the same options, a program that reads a file "
        + "and sleeps)");
    printFloor(work, options, IdleProducer.class, List.of(bootstrap, AgentFootprint.RSYSLOG_TOPIC),
        "the Kafka producer alone (the same options, a transactional producer that sent one record and waits)");
  }

  private static void printFloor(Path work, Path options, Class<?> program, List<String> args, String what)
      throws Exception {
    try (ChildJvm jvm = ChildJvm.startAsDeployed(List.of(), options, List.of(), program.getName(), args,
        work.resolve(program.getSimpleName() + ".log"))) {
      jvm.awaitLine("idle"::equals);
      Thread.sleep(5_000);
      System.out.printf(Locale.ROOT, "%s: %.1f MB, %d threads%n", what,
          ProcStats.statusKiB(jvm.pid(), "VmRSS") / 1024.0, ProcStats.threads(jvm.pid()));
    }
  }

  /** CPU of each thread over the idle window (clock ticks of 10 ms), the busiest first. */
  private static void printThreadCpu(String name, Map<String, Long> before, Map<String, Long> after) {
    StringBuilder b = new StringBuilder(name + ": idle CPU by thread over the window (ms):");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue() * 10));
    System.out.println(b);
  }

  private static long firstRecord(AgentFootprint agent, KafkaConsumer<byte[], byte[]> reader, int port,
      long startNanos) throws Exception {
    long deadline = startNanos + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write(AgentFootprint.line(0).getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (System.nanoTime() < deadline) {
          if (count(reader, agent.topic()) > 0) {
            return (System.nanoTime() - startNanos) / 1_000_000;
          }
          agent.checkAlive();
        }
      } catch (IOException notListeningYet) {
        agent.checkAlive();
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("no record within 120 s");
  }

  /** omkafka does not create topics: the same number of partitions as the agent's topic. */
  private static void createTopicLike(String bootstrap, String like, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int partitions = admin.describeTopics(List.of(like)).allTopicNames().get().get(like).partitions().size();
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
    }
  }

  private static KafkaConsumer<byte[], byte[]> reader(String bootstrap) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Records read so far from {@code topic} (assigned on first use); polls once. */
  private static long count(KafkaConsumer<byte[], byte[]> reader, String topic) {
    if (reader.assignment().isEmpty()) {
      List<TopicPartition> parts;
      try {
        parts = reader.partitionsFor(topic, Duration.ofSeconds(2)).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
      } catch (TimeoutException notYet) {
        return 0; // the agent has not created its topic yet
      }
      if (parts.isEmpty()) {
        return 0;
      }
      reader.assign(parts);
      reader.seekToBeginning(parts);
    }
    reader.poll(Duration.ofMillis(100));
    return reader.assignment().stream().mapToLong(reader::position).sum();
  }

  private void print(AgentFootprint.Figures ship, AgentFootprint.Figures rsyslog) {
    System.out.println();
    System.out.println("| | ship (deploy/jvm/ship.options) | rsyslogd + omkafka |");
    System.out.println("|---|---|---|");
    row("resident memory, idle", ship.idle().rssKib() / 1024.0, rsyslog.idle().rssKib() / 1024.0, "%.1f MB");
    row("threads, idle", ship.idle().threads(), rsyslog.idle().threads(), "%.0f");
    row("resident memory, burst peak (" + rate + " lines/s)", ship.burst().peakRssKib() / 1024.0,
        rsyslog.burst().peakRssKib() / 1024.0, "%.1f MB");
    row("threads, burst peak", ship.burst().peakThreads(), rsyslog.burst().peakThreads(), "%.0f");
    row("CPU per idle hour", ship.idleCpuPerHour(), rsyslog.idleCpuPerHour(), "%.1f s");
    row("CPU per million lines", ship.cpuPerMillion(), rsyslog.cpuPerMillion(), "%.1f s");
    row("start to first record committed", ship.firstRecordMillis(), rsyslog.firstRecordMillis(), "%.0f ms");
    row("installed on the host", ship.installedKib() / 1024.0, rsyslog.installedKib() / 1024.0, "%.0f MB");
  }

  private static void row(String what, double ship, double rsyslog, String format) {
    System.out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " |%n", what, ship, rsyslog);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String mainClass() {
    return Main.class.getName();
  }
}
