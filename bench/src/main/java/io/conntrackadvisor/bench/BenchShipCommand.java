package io.conntrackadvisor.bench;

import io.conntrackadvisor.ingest.ShipAgent;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-ship}: shipping throughput of the agent (kernel lines from a large syslog file into the
 * kernel-messages topic, acks=all, transactional with checkpoints) next to Kafka's own {@code ProducerPerformance}
 * with the same number of records of the same size, on the same fresh broker (a child JVM).
 */
@Command(name = "bench-ship", mixinStandardHelpOptions = true,
    description = "Measures shipping throughput against Kafka's ProducerPerformance.")
public final class BenchShipCommand implements Callable<Integer> {
  private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private static final Pattern RATE = Pattern.compile("records sent, ([0-9.]+) records/sec");
  private static final String[] KERNEL = {
      "kernel: [%d.123456] nf_conntrack: nf_conntrack: table full, dropping packet",
      "kernel: [%d.223344] nf_conntrack: table full, dropping packet",
      "kernel: [%d.654321] net_ratelimit: 412 callbacks suppressed",
      "kernel: [%d.000017] IPv6: ADDRCONF(NETDEV_CHANGE): veth3a1f2c9: link becomes ready",
      "kernel: [%d.998877] docker0: port 3(veth3a1f2c9) entered forwarding state",
      "kernel: [%d.445566] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies."};

  @Option(names = "--lines", defaultValue = "1000000", description = "Kernel lines to ship (default ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--agent-setting", paramLabel = "KEY=VALUE",
      description = "An agent setting for this run (ship's keys, e.g. batch.max.records=2000); repeatable.")
  Map<String, String> agentSettings = new HashMap<>();

  @Option(names = "--work-dir", description = "Where the log, the broker and the agent state go (default: a temp dir).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    try (WorkDir work = WorkDir.of(workDir, "cta-bench-ship-")) {
      return run(work.path());
    }
  }

  private int run(Path dir) throws Exception {
    Path log = dir.resolve("kern.log");
    long bytes = writeLog(log, lines);
    System.out.printf(Locale.ROOT, "log: %s, %d kernel lines, %d bytes%n", log, lines, bytes);
    try (BenchBroker broker = BenchBroker.start(dir, List.of("-Xmx1g"))) {
      String bootstrap = broker.bootstrapServers();
      Topics topics = Topics.defaults();
      double shipSeconds = ship(bootstrap, dir, log);
      double shipRate = lines / shipSeconds;
      RecordShape shape = shape(bootstrap, topics.kernelMessages().name(), lines);
      System.out.printf(Locale.ROOT, "ship: %d lines in %.2f s = %.0f lines/s (records: %d partitions, value %d B avg,"
          + " key %d B avg)%n", lines, shipSeconds, shipRate, shape.partitions, shape.valueBytes, shape.keyBytes);
      double plain = producerPerformance(bootstrap, dir, "pp-plain", shape, List.of(), List.of());
      double big = producerPerformance(bootstrap, dir, "pp-batch256k", shape, List.of("batch.size=262144"),
          List.of());
      double tx = producerPerformance(bootstrap, dir, "pp-tx", shape, List.of("batch.size=262144"),
          List.of("--transactional-id", "bench-pp-tx", "--transaction-duration-ms", "100"));
      System.out.printf(Locale.ROOT, "ProducerPerformance, acks=all, idempotent, default producer: %.0f records/s%n",
          plain);
      System.out.printf(Locale.ROOT, "ProducerPerformance, same, batch.size=262144 as the agent: %.0f records/s%n",
          big);
      System.out.printf(Locale.ROOT, "ProducerPerformance, same, transactional, 100 ms transactions: %.0f records/s%n",
          tx);
      System.out.printf(Locale.ROOT, "ship / ProducerPerformance: %.2f (default producer), %.2f (batch.size as the "
          + "agent), %.2f (transactional)%n", shipRate / plain, shipRate / big, shipRate / tx);
    }
    return 0;
  }

  /** A syslog file of kernel lines only (rsyslog's RFC 3164 format) from 200 hosts. */
  static long writeLog(Path log, int n) throws java.io.IOException {
    Random rnd = new Random(7);
    LocalDateTime t = LocalDateTime.of(2026, 7, 17, 0, 0);
    long bytes = 0;
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
      for (int i = 0; i < n; i++) {
        t = t.plusNanos(1_000_000L + rnd.nextInt(5_000_000));
        String line = t.format(BSD) + " node-" + rnd.nextInt(200) + " "
            + String.format(Locale.ROOT, KERNEL[rnd.nextInt(KERNEL.length)], 1000 + i / 100) + "\n";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        os.write(b);
        bytes += b.length;
      }
    }
    return bytes;
  }

  /** Runs the agent on the file from its start until Kafka acknowledged every line; returns the seconds taken. */
  private double ship(String bootstrap, Path dir, Path log) throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    m.put(ShipSettings.STATE_DIR, dir.resolve("ship-state").toString());
    m.put(ShipSettings.HOST, "bench-agent");
    m.put(ShipSettings.JOURNALD, "false");
    m.put(ShipSettings.SAMPLER, "false");
    m.put(ShipSettings.SYSLOG_FILES, log.toString());
    m.putAll(agentSettings);
    try (ShipAgent agent = new ShipAgent(Settings.of(m))) {
      Thread runner = new Thread(() -> {
        try {
          agent.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-agent");
      runner.start();
      // Measured from the moment the sources run: connecting, creating topics and fencing are not shipping.
      if (!agent.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("the agent did not start: " + agent.metrics().summary());
      }
      long start = System.nanoTime();
      while (agent.metrics().total(ShipMetrics.Counter.ACKNOWLEDGED) < lines) {
        if (!runner.isAlive()) {
          throw new IllegalStateException("the agent stopped: " + agent.metrics().summary());
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long skipped = agent.metrics().total(ShipMetrics.Counter.SKIPPED);
      if (skipped > 0) {
        throw new IllegalStateException(skipped + " lines did not parse: " + agent.metrics().summary());
      }
      return seconds;
    }
  }

  /** How many partitions the agent's topic has, and its records' average key and value size. */
  private record RecordShape(int partitions, int keyBytes, int valueBytes) {
  }

  private static RecordShape shape(String bootstrap, String topic, long expected) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long n = 0;
      long keys = 0;
      long values = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // A sample of the records (the first 50 000), or all of them when there are fewer. Not "up to the end
      // offsets": Kafka writes the commit markers after commitTransaction returns, so the last stable offset can
      // still lag behind the records the agent counted as acknowledged.
      long wanted = Math.min(expected, 50_000);
      while (n < wanted && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          n++;
          keys += r.key() == null ? 0 : r.key().length;
          values += r.value().length;
        }
      }
      if (n == 0) {
        throw new IllegalStateException("no records in " + topic);
      }
      return new RecordShape(parts.size(), (int) (keys / n), (int) Math.round((double) values / n));
    }
  }

  /** Runs ProducerPerformance in a child JVM for as many records of the agent's value size; returns records/s. */
  private double producerPerformance(String bootstrap, Path dir, String topic, RecordShape shape,
      List<String> producerProps, List<String> extra) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(shape.partitions), Optional.empty()))).all().get();
    }
    List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", String.valueOf(lines),
        "--record-size", String.valueOf(shape.valueBytes), "--throughput", "-1",
        "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true"));
    args.addAll(producerProps);
    args.addAll(extra);
    List<String> out;
    try (ChildJvm pp = ChildJvm.start(List.of("-Xmx1g"), "org.apache.kafka.tools.ProducerPerformance", args,
        dir.resolve(topic + ".log"))) {
      out = pp.awaitExit();
    }
    String last = out.get(out.size() - 1);
    System.out.println("  " + topic + ": " + last);
    Matcher m = RATE.matcher(last);
    if (!m.find()) {
      throw new IllegalStateException("unexpected ProducerPerformance output: " + last);
    }
    return Double.parseDouble(m.group(1));
  }
}
