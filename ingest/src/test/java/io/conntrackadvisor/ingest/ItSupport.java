package io.conntrackadvisor.ingest;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the integration tests share: the broker, agent settings, and a read_committed reader of a topic. */
final class ItSupport {
  /** Upper bound for one step against the broker on a loaded 2-core machine. */
  static final Duration STEP = Duration.ofSeconds(60);

  private ItSupport() {
  }

  static String bootstrap() {
    return EmbeddedKafkaBroker.shared().bootstrapServers();
  }

  /** A unique topic prefix, so that each test has its own topics and checkpoints. */
  static String prefix(String test) {
    return test + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /** Agent settings with every source off, short waits, and the state in {@code stateDir}. */
  static Map<String, String> agentSettings(String bootstrap, String prefix, Path stateDir) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    m.put(Settings.TOPIC_PREFIX, prefix);
    m.put(ShipSettings.STATE_DIR, stateDir.toString());
    m.put(ShipSettings.HOST, "agent-host");
    m.put(ShipSettings.JOURNALD, "false");
    m.put(ShipSettings.SAMPLER, "false");
    m.put(ShipSettings.BATCH_LINGER, "20ms");
    m.put(ShipSettings.STATE_FLUSH_INTERVAL, "0s");
    m.put(ShipSettings.SHUTDOWN_TIMEOUT, "20s");
    m.put(ShipSettings.RETRY_BACKOFF, "100ms");
    m.put(ShipSettings.RETRY_BACKOFF_MAX, "1s");
    m.put(ShipSettings.FILE_POLL_INTERVAL, "50ms");
    m.put(ShipSettings.JOURNALD_RESTART_BACKOFF, "200ms");
    return m;
  }

  /** Waits until {@code condition} holds, failing the test after {@link #STEP}. */
  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not reached within " + STEP + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Agent settings that tail one syslog file. */
  static Map<String, String> tailing(String bootstrap, String prefix, Path stateDir, Path log) {
    Map<String, String> m = agentSettings(bootstrap, prefix, stateDir);
    m.put(ShipSettings.SYSLOG_FILES, log.toString());
    return m;
  }

  /**
   * Starts the agent as a child JVM ({@link ShipAgentMain}) with {@code settings}, its output in {@code log}: a
   * process the test can kill with SIGKILL ({@link Process#destroyForcibly()}) or stop with SIGTERM.
   */
  static Process startChildAgent(Map<String, String> settings, Path log) throws IOException {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ShipAgentMain.class.getName()));
    settings.forEach((k, v) -> argv.add(k + "=" + v));
    return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** An agent running on its own thread until closed. */
  static final class RunningAgent implements AutoCloseable {
    final ShipAgent agent;
    private final Thread thread;

    RunningAgent(Map<String, String> settings) throws Exception {
      agent = new ShipAgent(Settings.of(settings));
      thread = new Thread(() -> {
        try {
          agent.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "it-agent");
      thread.start();
      if (!agent.awaitRunning(STEP)) {
        throw new IllegalStateException("agent did not start");
      }
    }

    ShipMetrics metrics() {
      return agent.metrics();
    }

    @Override
    public void close() {
      agent.close();
      try {
        thread.join(STEP.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Reads a topic from its start with read_committed, keeping what came; polls on demand. Partitions are assigned,
   * not subscribed, so that a broker restart cannot reset the position and read records a second time.
   */
  static final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicReader(String bootstrap, String topic) {
      this.topic = topic;
      consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
          new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void poll() {
      if (consumer.assignment().isEmpty()) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
          sleep();
          return;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
      }
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }

    private static void sleep() {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Polls until {@code n} records came in total or {@code timeout} passed; returns all so far. */
    List<ConsumerRecord<String, byte[]>> awaitAtLeast(int n, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < n && System.nanoTime() < deadline) {
        poll();
      }
      return new ArrayList<>(records);
    }

    /**
     * Polls until {@code n} of the records so far match or {@code timeout} passed; returns the matching ones (for
     * topics that also receive records the test does not control, such as the kernel's own lines).
     */
    List<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> match, int n,
        Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        List<ConsumerRecord<String, byte[]>> matching = records.stream().filter(match).toList();
        if (matching.size() >= n || System.nanoTime() - deadline > 0) {
          return matching;
        }
        poll();
      }
    }

    /** Polls for {@code quiet} more and returns all records so far (to see that nothing else arrives). */
    List<ConsumerRecord<String, byte[]>> settle(Duration quiet) {
      long deadline = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < deadline) {
        poll();
      }
      return new ArrayList<>(records);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
