package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.ingest.ShipAgent;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.StreamsApp;
import io.conntrackadvisor.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The pipeline's parts for integration tests on the shared embedded broker: a Streams application with quick
 * punctuation under a topic prefix of its own, a ship agent on its own thread, and a reader of the findings.
 */
final class Pipeline {
  static final Duration DEADLINE = Duration.ofSeconds(40);

  private Pipeline() {
  }

  /** A running Streams application; {@code overrides} replace the quick defaults below. */
  static StreamsApp startStreams(String prefix, Path stateDir, Map<String, String> overrides) throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put(StreamsSettings.BOOTSTRAP_SERVERS, EmbeddedKafkaBroker.shared().bootstrapServers());
    flags.put(StreamsSettings.TOPIC_PREFIX, prefix);
    flags.put(StreamsSettings.APPLICATION_ID, prefix + "streams");
    flags.put(StreamsSettings.STATE_DIR, stateDir.toString());
    flags.put(StreamsSettings.METRICS_PORT, "-1");
    flags.put(StreamsSettings.TOPIC_PARTITIONS, "1");
    flags.put(StreamsSettings.BURST_GAP, "5s");
    flags.put(StreamsSettings.BURST_UPDATE_INTERVAL, "2s");
    flags.put(StreamsSettings.PUNCTUATE_INTERVAL, "1s");
    flags.put(StreamsSettings.GRACE_PERIOD, "1s");
    flags.put("kafka.commit.interval.ms", "200");
    flags.putAll(overrides);
    StreamsApp streams = new StreamsApp(Settings.load(StreamsSettings.CONFIG, null, Map.of(), flags));
    streams.start();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    return streams;
  }

  /** A consumer (read_committed, from the start) of the findings and recommendations under {@code prefix}. */
  static KafkaConsumer<byte[], byte[]> outputs(String prefix, String group) {
    Topics topics = Topics.withPrefix(prefix);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaBroker.shared().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + group);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(topics.findings().name(), topics.recommendations().name()));
    return c;
  }

  /** Polls {@code c} once for 200 ms and hands each finding to {@code each}. */
  static void pollFindings(KafkaConsumer<byte[], byte[]> c, String prefix, Consumer<Finding> each) {
    Topics topics = Topics.withPrefix(prefix);
    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
      if (r.value() != null && r.topic().equals(topics.findings().name())) {
        each.accept(topics.findings().valueSerde().deserializer().deserialize(r.topic(), r.value()));
      }
    }
  }

  /** A ship agent on its own thread. */
  static final class RunningShip implements AutoCloseable {
    final ShipAgent agent;
    private final Thread thread;

    RunningShip(Settings s) throws Exception {
      agent = new ShipAgent(s);
      thread = new Thread(() -> {
        try {
          agent.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "it-ship");
      thread.start();
      assertThat(agent.awaitRunning(DEADLINE)).as("agent running").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      agent.close();
      thread.join(DEADLINE.toMillis());
    }
  }
}
