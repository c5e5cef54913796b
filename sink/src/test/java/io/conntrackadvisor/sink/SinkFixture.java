package io.conntrackadvisor.sink;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the integration tests share: a broker, topics under a prefix of their own, a producer of raw bytes, and
 * sinks running on their own threads. Close it after each test.
 */
public final class SinkFixture implements AutoCloseable {
  final String bootstrap;
  public final Topics topics;
  public final String prefix;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<Running> sinks = new ArrayList<>();

  /** A running sink, its captured standard output and its thread. */
  public record Running(SinkApp app, Thread thread, ByteArrayOutputStream stdout) {
    String stdoutText() {
      return stdout.toString(StandardCharsets.UTF_8);
    }
  }

  public SinkFixture() throws Exception {
    this(EmbeddedKafkaBroker.shared().bootstrapServers());
  }

  public SinkFixture(String bootstrap) throws Exception {
    this.bootstrap = bootstrap;
    this.prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    this.topics = Topics.withPrefix(prefix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      TopicSetup.create(admin, topics.all(), new TopicSetup.Layout(1, (short) 1, -1));
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends a value of the topic's type, keyed by {@code key}, and waits for the acknowledgement. */
  public <V> void send(Topics.Topic<String, V> topic, String key, V value) throws Exception {
    sendBytes(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  /** Sends raw bytes, e.g. a malformed record. */
  void sendBytes(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
        .get(30, TimeUnit.SECONDS);
  }

  /** Settings of a sink on this fixture's topics, with its own group; {@code keyValues} add or replace keys. */
  public SinkSettings settings(Path out, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    m.put(Settings.TOPIC_PREFIX, prefix);
    m.put(SinkSettings.OUT_DIR, out.toString());
    m.put(SinkSettings.GROUP_ID, prefix + "sink-" + sinks.size());
    m.put(SinkSettings.WEBHOOK_BACKOFF, "50ms");
    m.put(SinkSettings.METRICS_PORT, "0");
    m.put("kafka.session.timeout.ms", "10000");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return SinkSettings.from(Settings.of(m));
  }

  /** Starts a sink on a thread of its own. */
  public Running start(SinkSettings settings) throws Exception {
    return start(settings, Clock.systemUTC());
  }

  public Running start(SinkSettings settings, Clock clock) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    SinkApp app = new SinkApp(settings, clock, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    Thread t = new Thread(app::run, "sink-" + sinks.size());
    t.start();
    Running r = new Running(app, t, stdout);
    sinks.add(r);
    return r;
  }

  /** Stops a sink as SIGTERM would (close from another thread) and waits for its loop to end. */
  public static void stop(Running r) {
    r.app().close();
    try {
      r.thread().join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The committed offset of a group on partition 0 of {@code topic}, or -1. */
  long committed(String groupId, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      OffsetAndMetadata m = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
      return m == null ? -1 : m.offset();
    }
  }

  /** The committed offset of a sink's group on the recommendations topic, -1 for none, -2 while unreachable. */
  long committedRecommendations(SinkSettings sink) {
    try {
      return committed(sink.groupId(), topics.recommendations().name());
    } catch (Exception e) {
      return -2;
    }
  }

  /** Every record of {@code topic} from the start, read until {@code expected} arrived or 20 s passed. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.assign(List.of(new TopicPartition(topic, 0)));
      c.seekToBeginning(c.assignment());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (out.size() < expected && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        records.forEach(out::add);
      }
    }
    return out;
  }

  /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  @Override
  public void close() {
    for (Running r : sinks) {
      stop(r);
    }
    producer.close(Duration.ofSeconds(5));
  }
}
