package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One {@link TopologyTestDriver} over the real topology and the real Streams configuration of {@link StreamsApp},
 * with a wall clock the test moves (for both the punctuators and the future-timestamp check).
 */
final class AdvisorDriver implements AutoCloseable {
  /** The test's wall clock at start. */
  static final Instant WALL = Instant.parse("2026-11-25T12:00:00Z");
  /** Event times of the tests start here, an hour before the wall clock. */
  static final Instant T0 = WALL.minus(Duration.ofHours(1));

  final Topics topics = Topics.defaults();
  final AppCounters counters = new AppCounters();
  final TopologyTestDriver driver;
  final TestInputTopic<String, KernelMessage> messages;
  final TestInputTopic<String, ConntrackSample> samples;
  final TestInputTopic<byte[], byte[]> rawMessages;
  final TestInputTopic<byte[], byte[]> rawSamples;
  final TestOutputTopic<String, Finding> findings;
  final TestOutputTopic<String, Recommendation> recommendations;
  final TestOutputTopic<byte[], byte[]> dlq;
  private final MovableClock clock = new MovableClock(WALL);

  /** A driver with the defaults of {@link StreamsSettings} overridden by {@code overrides}. */
  AdvisorDriver(Path stateDir, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put(StreamsSettings.BOOTSTRAP_SERVERS, "unused:9092");
    values.put(StreamsSettings.APPLICATION_ID, "topology-test");
    values.put(StreamsSettings.STATE_DIR, stateDir.toString());
    values.put(StreamsSettings.TOPIC_PARTITIONS, "1");
    values.putAll(overrides);
    Settings settings = Settings.of(values);
    driver = new TopologyTestDriver(
        AdvisorTopology.build(TopologySettings.from(settings), new AdvisorTopology.Dependencies(counters, clock)),
        props(settings), WALL);
    messages = driver.createInputTopic(topics.kernelMessages().name(),
        topics.kernelMessages().keySerde().serializer(), topics.kernelMessages().valueSerde().serializer());
    samples = driver.createInputTopic(topics.conntrackSamples().name(),
        topics.conntrackSamples().keySerde().serializer(), topics.conntrackSamples().valueSerde().serializer());
    rawMessages = driver.createInputTopic(topics.kernelMessages().name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    rawSamples = driver.createInputTopic(topics.conntrackSamples().name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    findings = driver.createOutputTopic(topics.findings().name(), topics.findings().keySerde().deserializer(),
        topics.findings().valueSerde().deserializer());
    recommendations = driver.createOutputTopic(topics.recommendations().name(),
        topics.recommendations().keySerde().deserializer(), topics.recommendations().valueSerde().deserializer());
    dlq = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The application's Streams configuration, but at-least-once: under exactly-once the test driver loses records
   * sent outside {@code process()} (its MockProducer.clear() drops the open transaction, and dead-letter records are
   * sent while records are added). Exactly-once runs against the real broker in the ITs.
   */
  private Properties props(Settings settings) {
    Properties p = StreamsApp.streamsProperties(settings, counters);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    return p;
  }

  /** A kernel table-full line of {@code host} at {@code t}. */
  static KernelMessage tableFull(String host, Instant t) {
    return kernel(host, t, "nf_conntrack: table full, dropping packet");
  }

  /** A kernel message of {@code host}. */
  static KernelMessage kernel(String host, Instant t, String text) {
    return new KernelMessage(host, t, null, 4, 0, "kernel", "journald", "kernel", text, null);
  }

  /** A sample with the cumulative drop counter. */
  static ConntrackSample sample(String host, Instant t, long count, long max, long drops) {
    return new ConntrackSample(host, t, count, max, null, null, null, null, Map.of("drop", drops), null, null);
  }

  /** Pipes a message keyed by its host. */
  void send(KernelMessage m) {
    messages.pipeInput(m.host(), m);
  }

  /** Pipes a sample keyed by its host. */
  void send(ConntrackSample s) {
    samples.pipeInput(s.host(), s);
  }

  /** Moves the wall clock of the punctuators and of the future check. */
  void advanceWallClock(Duration d) {
    clock.now = clock.now.plus(d);
    driver.advanceWallClockTime(d);
  }

  KeyValueStore<String, HostState> hostStates() {
    return driver.getKeyValueStore(DetectorProcessor.HOST_STATE_STORE);
  }

  KeyValueStore<String, byte[]> hostOwners() {
    return driver.getKeyValueStore(DetectorProcessor.HOST_OWNERS_STORE);
  }

  @Override
  public void close() {
    driver.close();
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
