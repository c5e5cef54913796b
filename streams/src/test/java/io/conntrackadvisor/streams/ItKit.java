package io.conntrackadvisor.streams;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the integration tests share: the embedded broker, settings for one application, a producer, readers. */
final class ItKit {
  /** Upper bound of one step (start, catch up, rebalance) on a loaded 2-core machine. */
  static final Duration STEP = Duration.ofSeconds(90);

  final String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
  final String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final Topics topics = Topics.withPrefix(id + ".");

  /** Settings of an instance of this test's application: own topics, fast commits, no standbys. */
  Map<String, String> settings(Path stateDir, int partitions) {
    Map<String, String> m = new HashMap<>();
    m.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrap);
    m.put(StreamsSettings.APPLICATION_ID, id);
    m.put(StreamsSettings.TOPIC_PREFIX, id + ".");
    m.put(StreamsSettings.TOPIC_PARTITIONS, Integer.toString(partitions));
    m.put(StreamsSettings.STATE_DIR, stateDir.toString());
    m.put(StreamsSettings.METRICS_PORT, "-1");
    m.put(StreamsSettings.ROCKSDB_MEMORY, "16m");
    m.put(StreamsSettings.PUNCTUATE_INTERVAL, "1s");
    m.put("kafka.commit.interval.ms", "100");
    m.put("kafka.num.standby.replicas", "0");
    // Classic protocol: a clean close leaves the group at once; these bound the rebalance after a kill.
    m.put("kafka.session.timeout.ms", "6000");
    m.put("kafka.heartbeat.interval.ms", "1000");
    m.put("kafka.max.poll.records", "200");
    return m;
  }

  /**
   * An in-process instance, started. Its findings topic keeps what it holds: findings carry their event time as
   * the record's time, the fixtures' are months old, and the topic's 7-day time retention would let the broker's
   * next retention check delete findings a test has not read yet.
   */
  StreamsApp start(Map<String, String> settings) throws Exception {
    StreamsApp app = new StreamsApp(Settings.of(settings));
    app.start();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.findings().name()),
          List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
              AlterConfigOp.OpType.SET)))).all().get(1, TimeUnit.MINUTES);
    }
    return app;
  }

  KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends a value as the JSON contract says (key = host, or null). */
  static void send(KafkaProducer<String, byte[]> p, String topic, String key, Object value) {
    p.send(new ProducerRecord<>(topic, key, Json.writeBytes(value)));
  }

  /** Polls until {@code done} holds or the step times out. */
  static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  <V> Reader<V> reader(String topic, Deserializer<V> values) {
    return new Reader<>(topic, values);
  }

  /** Reads a topic from the start with read_committed and keeps what it read. */
  final class Reader<V> implements AutoCloseable {
    final List<ConsumerRecord<String, V>> records = new ArrayList<>();
    private final KafkaConsumer<String, V> consumer;

    Reader(String topic, Deserializer<V> values) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
      consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code done} holds for everything read so far. */
    List<ConsumerRecord<String, V>> until(String what, Predicate<List<ConsumerRecord<String, V>>> done) {
      long deadline = System.nanoTime() + STEP.toNanos();
      while (!done.test(records)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out waiting for " + what + "; read " + records.size() + " records");
        }
        poll(Duration.ofMillis(200));
      }
      return records;
    }

    /** Reads what arrives within {@code d}. */
    List<ConsumerRecord<String, V>> poll(Duration d) {
      consumer.poll(d).forEach(records::add);
      return records;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /** The code block right after {@code marker} in {@code docs/<doc>}, as written there: what a user pastes. */
  static String docBlock(String doc, String marker) throws IOException {
    String text = Files.readString(Path.of("..", "docs", doc), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile(Pattern.quote(marker) + "\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(text);
    if (!m.find()) {
      throw new AssertionError("docs/" + doc + " has no code block right after '" + marker + "'");
    }
    return m.group(1);
  }

  static Deserializer<byte[]> bytes() {
    return new ByteArrayDeserializer();
  }
}
