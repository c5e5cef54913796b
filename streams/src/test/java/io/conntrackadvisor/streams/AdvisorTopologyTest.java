package io.conntrackadvisor.streams;

import static io.conntrackadvisor.streams.AdvisorDriver.T0;
import static io.conntrackadvisor.streams.AdvisorDriver.WALL;
import static io.conntrackadvisor.streams.AdvisorDriver.kernel;
import static io.conntrackadvisor.streams.AdvisorDriver.sample;
import static io.conntrackadvisor.streams.AdvisorDriver.tableFull;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.StatNames;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology in a {@link org.apache.kafka.streams.TopologyTestDriver}: one driver per test. */
class AdvisorTopologyTest {
  private static final Map<String, String> NO_GRACE = Map.of(StreamsSettings.GRACE_PERIOD, "0s");

  @TempDir
  Path stateDir;
  private AdvisorDriver d;

  @AfterEach
  void closeDriver() {
    if (d != null) {
      d.close();
    }
  }

  private AdvisorDriver driver(Map<String, String> overrides) {
    d = new AdvisorDriver(stateDir, overrides);
    return d;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }

  private static KeyValue<String, Finding> burst(String host, Instant start, Instant end, long messages,
      long suppressed, boolean closed) {
    return KeyValue.pair(host, BurstFinding.of(host, null, start, end, messages, suppressed, closed));
  }

  // --- bursts -----------------------------------------------------------------------------------------------

  @Test
  void shouldReportABurstWithItsFirstMessageAndUpdateItAtMostOncePerInterval() {
    driver(NO_GRACE);

    for (int s = 0; s <= 25; s++) {
      d.send(tableFull("web-1", T0.plusSeconds(s)));
    }

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        burst("web-1", T0, T0, 1, 0, false),
        burst("web-1", T0, T0.plusSeconds(10), 11, 0, false),
        burst("web-1", T0, T0.plusSeconds(20), 21, 0, false));
  }

  @Test
  void shouldCloseABurstWhenTheHostsNextMessageComesAfterTheGap() {
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0));
    d.send(tableFull("web-1", T0.plusSeconds(5)));
    d.send(tableFull("web-1", T0.plusSeconds(200)));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        burst("web-1", T0, T0, 1, 0, false),
        burst("web-1", T0, T0.plusSeconds(5), 2, 0, true),
        burst("web-1", T0.plusSeconds(200), T0.plusSeconds(200), 1, 0, false));
  }

  @Test
  void shouldAddRateLimiterSuppressedCountsToTheOpenBurst() {
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0));
    d.send(kernel("web-1", T0.plusSeconds(1), "net_ratelimit: 412 callbacks suppressed"));
    d.send(tableFull("web-1", T0.plusSeconds(11)));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        burst("web-1", T0, T0, 1, 0, false),
        burst("web-1", T0, T0.plusSeconds(11), 2, 412, false));
    assertThat(d.findings.isEmpty()).isTrue();
  }

  @Test
  void shouldCloseTheBurstOfAHostThatFellSilentByWallClock() {
    driver(NO_GRACE);
    d.send(tableFull("web-1", T0));
    d.findings.readKeyValuesToList();

    d.advanceWallClock(Duration.ofSeconds(30));
    assertThat(d.findings.isEmpty()).as("gap not over yet").isTrue();
    d.advanceWallClock(Duration.ofSeconds(35));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(burst("web-1", T0, T0, 1, 0, true));
    assertThat(d.counters.get(Counter.WALL_CLOCK_CLOSES)).isEqualTo(1);
    assertThat(d.hostStates().get("web-1").hasOpenBurst()).isFalse();
  }

  @Test
  void shouldCloseTheBurstOfAHostThatFellSilentWhileItsPartitionWentOnInEventTime() {
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0));
    d.send(sample("db-1", T0.plusSeconds(30), 100, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(70), 100, 1000, 0));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        burst("web-1", T0, T0, 1, 0, false),
        burst("web-1", T0, T0, 1, 0, true));
    assertThat(d.counters.get(Counter.WALL_CLOCK_CLOSES)).isZero();
  }

  @Test
  void shouldCloseEachSilentHostsBurstOnceTheStreamTimePassesItsOwnDeadline() {
    // the punctuator skips its scan until some host may be due; hosts that moved on must still close in time
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0)); // due after T0 + 60 s
    d.send(tableFull("web-2", T0.plusSeconds(20))); // due after T0 + 80 s
    d.send(tableFull("web-1", T0.plusSeconds(40))); // now due after T0 + 100 s
    d.findings.readKeyValuesToList();
    d.send(sample("db-1", T0.plusSeconds(70), 100, 1000, 0));
    assertThat(d.findings.readKeyValuesToList()).as("at 70 s").isEmpty();
    d.send(sample("db-1", T0.plusSeconds(95), 100, 1000, 0));
    assertThat(d.findings.readKeyValuesToList()).as("at 95 s").containsExactly(
        burst("web-2", T0.plusSeconds(20), T0.plusSeconds(20), 1, 0, true));
    d.send(sample("db-1", T0.plusSeconds(99), 100, 1000, 0));
    assertThat(d.findings.readKeyValuesToList()).as("at 99 s").isEmpty();
    d.send(sample("db-1", T0.plusSeconds(105), 100, 1000, 0));
    assertThat(d.findings.readKeyValuesToList()).as("at 105 s").containsExactly(
        burst("web-1", T0, T0.plusSeconds(40), 2, 0, true));
  }

  @Test
  void shouldCloseTheOldestBurstWhenAHostOpensMoreThanItsBudget() {
    driver(with(NO_GRACE, StreamsSettings.HOST_MAX_OPEN_BURSTS, "2"));

    for (int ns = 1; ns <= 3; ns++) {
      d.send(kernel("node-1", T0.plusSeconds(ns), "nf_conntrack: table full in netns " + ns + ", dropping packet"));
    }

    assertThat(d.findings.readValuesToList()).containsExactly(
        BurstFinding.of("node-1", 1L, T0.plusSeconds(1), T0.plusSeconds(1), 1, 0, false),
        BurstFinding.of("node-1", 2L, T0.plusSeconds(2), T0.plusSeconds(2), 1, 0, false),
        BurstFinding.of("node-1", 1L, T0.plusSeconds(1), T0.plusSeconds(1), 1, 0, true),
        BurstFinding.of("node-1", 3L, T0.plusSeconds(3), T0.plusSeconds(3), 1, 0, false));
  }

  // --- samples ----------------------------------------------------------------------------------------------

  @Test
  void shouldReportDropsFromCounterDeltas() {
    driver(NO_GRACE);

    d.send(sample("db-1", T0, 100, 1000, 100));
    d.send(sample("db-1", T0.plusSeconds(30), 100, 1000, 150));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        KeyValue.pair("db-1", new DropsFinding("db-1", T0, T0.plusSeconds(30), 50, 0, 0)));
  }

  @Test
  void shouldTakeACounterThatWentDownAsANewBaseline() {
    driver(NO_GRACE);

    d.send(sample("db-1", T0, 100, 1000, 150));
    d.send(sample("db-1", T0.plusSeconds(30), 100, 1000, 20));
    d.send(sample("db-1", T0.plusSeconds(60), 100, 1000, 30));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(KeyValue.pair("db-1",
        new DropsFinding("db-1", T0.plusSeconds(30), T0.plusSeconds(60), 10, 0, 0)));
    assertThat(d.counters.get(Counter.COUNTER_RESETS)).isEqualTo(1);
  }

  @Test
  void shouldReportSaturationLevelsAndTheForecastAsTheCoreDetectorDoes() {
    driver(NO_GRACE);
    // a steady climb (the trend needs 5 points over a minute), then the load goes away
    List<ConntrackSample> climb = List.of(sample("gw-1", T0, 500, 1000, 0),
        sample("gw-1", T0.plusSeconds(30), 650, 1000, 0), sample("gw-1", T0.plusSeconds(60), 800, 1000, 0),
        sample("gw-1", T0.plusSeconds(90), 880, 1000, 0), sample("gw-1", T0.plusSeconds(120), 950, 1000, 0),
        sample("gw-1", T0.plusSeconds(180), 600, 1000, 0));
    HostDetector offline = new HostDetector(TopologySettings.defaults().detector());
    HostState st = HostState.forHost("gw-1");
    List<Finding> expected = new ArrayList<>();
    climb.forEach(s -> expected.addAll(offline.onSample(st, s)));

    climb.forEach(d::send);

    List<Finding> actual = d.findings.readValuesToList();
    assertThat(actual).isEqualTo(expected);
    assertThat(actual).extracting(f -> ((SaturationFinding) f).level().wireName())
        .containsExactly("warning", "critical", "ok");
    assertThat(((SaturationFinding) actual.get(1)).forecastFullAt()).isNotNull();
  }

  @Test
  void shouldBoundTheSamplesKeptPerHostToItsRing() {
    driver(with(NO_GRACE, StreamsSettings.HOST_MAX_SAMPLES, "8"));

    for (int i = 0; i < 20; i++) {
      d.send(sample("db-1", T0.plusSeconds(10L * i), 100, 1000, 0));
    }

    assertThat(d.hostStates().get("db-1").recent()).hasSize(8);
  }

  // --- event time -------------------------------------------------------------------------------------------

  @Test
  void shouldMergeAnOutOfOrderSampleIntoPeakAndTrendWithoutComparingItsCounters() {
    driver(Map.of(StreamsSettings.GRACE_PERIOD, "10s"));

    d.send(sample("db-1", T0.plusSeconds(10), 100, 1000, 0));
    d.send(sample("db-1", T0, 800, 1000, 5));
    d.send(sample("db-1", T0.plusSeconds(30), 100, 1000, 20));

    assertThat(d.findings.readKeyValuesToList()).as("no drops from the older sample's counters, no reset").containsExactly(
        KeyValue.pair("db-1", new DropsFinding("db-1", T0.plusSeconds(10), T0.plusSeconds(30), 20, 0, 0)));
    HostState st = d.hostStates().get("db-1");
    assertThat(st.peakCount()).isEqualTo(800);
    assertThat(st.recent()).extracting(HostState.Point::t)
        .containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(30));
    assertThat(st.counterResets()).isZero();
    assertThat(d.counters.get(Counter.LATE_RECORDS)).isZero();
    assertThat(d.counters.get(Counter.LATE_SAMPLES)).isEqualTo(1);
  }

  @Test
  void shouldMergeAnOutOfOrderMessageIntoItsBurstWithoutGrace() {
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0.plusSeconds(20)));
    d.send(tableFull("web-1", T0));
    d.send(tableFull("web-1", T0.plusSeconds(200)));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        burst("web-1", T0.plusSeconds(20), T0.plusSeconds(20), 1, 0, false),
        burst("web-1", T0, T0.plusSeconds(20), 2, 0, true),
        burst("web-1", T0.plusSeconds(200), T0.plusSeconds(200), 1, 0, false));
  }

  @Test
  void shouldCountRecordsLaterThanTheGraceAndNotLetAnOldSampleMakeDrops() {
    driver(Map.of(StreamsSettings.GRACE_PERIOD, "5s"));

    d.send(sample("db-1", T0.plusSeconds(60), 100, 1000, 10));
    d.send(sample("db-1", T0.plusSeconds(70), 100, 1000, 10));
    d.send(sample("db-1", T0, 100, 1000, 0));

    assertThat(d.findings.isEmpty()).isTrue();
    assertThat(d.counters.get(Counter.LATE_RECORDS)).isEqualTo(1);
    assertThat(d.counters.get(Counter.LATE_SAMPLES)).isEqualTo(1);
  }

  @Test
  void shouldReportDropsAtOnceDespiteTheGracePeriod() {
    driver(Map.of(StreamsSettings.GRACE_PERIOD, "5s"));

    d.send(sample("db-1", T0, 100, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(1), 100, 1000, 10));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        KeyValue.pair("db-1", new DropsFinding("db-1", T0, T0.plusSeconds(1), 10, 0, 0)));
  }

  @Test
  void shouldAlertATableFullLineAtOnceDespiteTheGracePeriod() {
    driver(Map.of(StreamsSettings.GRACE_PERIOD, "5s"));

    d.send(tableFull("web-1", T0));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(burst("web-1", T0, T0, 1, 0, false));
  }

  @Test
  void shouldMergeALineLateWithinTheGraceIntoItsBurstEvenAfterALaterLinePassedTheGap() {
    driver(Map.of(StreamsSettings.GRACE_PERIOD, "60s"));
    Duration gap = TopologySettings.defaults().detector().burstGap();

    d.send(tableFull("web-1", T0));
    d.send(tableFull("web-1", T0.plus(gap).plusSeconds(30)));
    d.send(tableFull("web-1", T0.plusSeconds(1)));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(
        burst("web-1", T0, T0, 1, 0, false),
        burst("web-1", T0.plus(gap).plusSeconds(30), T0.plus(gap).plusSeconds(30), 1, 0, false));
    d.send(tableFull("web-1", T0.plus(gap).plusSeconds(120)));
    assertThat(d.findings.readKeyValuesToList()).contains(burst("web-1", T0, T0.plusSeconds(1), 2, 0, true));
  }

  @Test
  void shouldDropRecordsStampedFarInTheFutureWithoutMovingStreamTime() {
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0));
    d.send(sample("skewed-1", WALL.plus(Duration.ofHours(2)), 100, 1000, 0));
    d.send(tableFull("web-1", T0.plusSeconds(1)));

    assertThat(d.counters.get(Counter.FUTURE_RECORDS)).isEqualTo(1);
    assertThat(d.findings.readKeyValuesToList()).as("no burst closed by a poisoned stream time")
        .containsExactly(burst("web-1", T0, T0, 1, 0, false));
    assertThat(d.hostStates().get("skewed-1")).isNull();
  }

  @Test
  void shouldKeepNamespaceOwnersApartFromTheStateAndStillNameThemOnceTheStateIsReadBack() {
    driver(NO_GRACE);
    List<NamespaceUsage> ns = List.of(
        new NamespaceUsage(4026532001L, 900, 0L, 0L, 0L, "3f2a1b9c0d4e", "web-7f9c8d6b5-x2k4p", List.of("nginx")),
        new NamespaceUsage(4026532002L, 40, 0L, 0L, 0L, "9a8b7c6d5e4f", "db-0", List.of("postgres")));
    d.send(new ConntrackSample("k8s-1", T0, 100, 1000, null, null, null, null, Map.of("drop", 0L), null, null, ns));
    assertThat(d.recommendations.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(String.join(" ", r.reasons())).contains("web-7f9c8d6b5-x2k4p"));

    // the state in its store has no owners; they have a store of their own
    assertThat(d.hostStates().get("k8s-1").lastSample().namespaces())
        .allSatisfy(u -> assertThat(u.pod()).isNull());
    assertThat(d.hostOwners().get("k8s-1")).isNotNull();

    // push k8s-1 out of the states the detector keeps as objects, so that its next record reads the store
    for (int i = 0; i < DetectorProcessor.LIVE_HOSTS; i++) {
      d.send(sample("other-" + i, T0.plusSeconds(1), 100, 1000, 0));
    }
    d.recommendations.readValuesToList();
    d.send(tableFull("k8s-1", T0.plusSeconds(2)));

    assertThat(d.recommendations.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(String.join(" ", r.reasons())).contains("web-7f9c8d6b5-x2k4p"));
  }

  @Test
  void shouldForgetIdleHostsAndDeleteTheirRecommendation() {
    driver(with(NO_GRACE, StreamsSettings.IDLE_RETENTION, "1h"));

    d.send(sample("old-1", T0.minus(Duration.ofHours(2)), 100, 1000, 0));
    d.send(sample("new-1", T0, 100, 1000, 0));

    List<KeyValue<String, Recommendation>> recs = d.recommendations.readKeyValuesToList();
    assertThat(recs).extracting(kv -> kv.key).containsExactly("old-1", "new-1", "old-1");
    assertThat(recs.get(2).value).as("tombstone").isNull();
    assertThat(d.hostStates().get("old-1")).isNull();
    assertThat(d.hostStates().get("new-1")).isNotNull();
    assertThat(d.counters.get(Counter.EXPIRED_HOSTS)).isEqualTo(1);
  }

  // --- keys, values and poison ------------------------------------------------------------------------------

  @Test
  void shouldMoveRecordsOffTheirHostsPartitionToItsTaskAndCountThemByReason() {
    // Given four partitions: the test driver puts every input record on partition 0, where only web-0 belongs
    driver(with(NO_GRACE, StreamsSettings.TOPIC_PARTITIONS, "4"));
    String away = hostOnPartition(1, 4);
    String home = hostOnPartition(0, 4);
    RecordHeaders headers = new RecordHeaders();
    headers.add("agent", bytes("fluent-bit"));

    // When: keyed by the host as the contract says, without a key, and keyed by something else
    d.send(tableFull(away, T0));
    d.rawSamples.pipeInput(new TestRecord<>(null, bytes(Json.write(sample(away, T0.plusSeconds(1), 100, 1000, 0))),
        headers, T0));
    d.messages.pipeInput("syslog-shipper-1", tableFull(home, T0));
    d.samples.pipeInput(null, sample(home, T0.plusSeconds(1), 100, 1000, 0));

    // Then each host's records meet in its state, keyed by the host the value names; the away host's were moved
    assertThat(d.findings.readKeyValuesToList()).containsExactly(burst(away, T0, T0, 1, 0, false),
        burst(home, T0, T0, 1, 0, false));
    assertThat(d.hostStates().get(away).lastSample()).isNotNull();
    assertThat(d.hostStates().get(home).lastSample()).isNotNull();
    assertThat(d.dlq.isEmpty()).isTrue();
    assertThat(d.counters.repartitionedSnapshot()).containsExactlyInAnyOrderEntriesOf(Map.of(
        new AppCounters.Labels("kernel-messages", "partitioner"), 1L,
        new AppCounters.Labels("conntrack-samples", "no-key"), 1L));
  }

  @Test
  void shouldReadAShippersTopicCountingOtherProgramsAndDeadLetteringWhatCannotBeRead() {
    driver(with(NO_GRACE, StreamsSettings.KERNEL_INPUTS, "kernel-logs=rsyslog-json,kernel-messages=contract"));
    TestInputTopic<byte[], byte[]> logs = d.driver.createInputTopic("kernel-logs", new ByteArraySerializer(),
        new ByteArraySerializer());
    String kernel = "{\"timestamp\":\"" + T0 + "\", \"host\":\"web-7\", \"facility\":\"kern\", "
        + "\"severity\":\"4\", \"tag\":\"kernel:\", \"program\":\"kernel\", "
        + "\"message\":\"nf_conntrack: table full, dropping packet\"}";
    String cron = "{\"timestamp\":\"" + T0.plusSeconds(3600) + "\", \"host\":\"web-7\", \"facility\":\"cron\", "
        + "\"tag\":\"CRON[42]:\", \"message\":\"(root) CMD (true)\"}";

    logs.pipeInput(new TestRecord<>(bytes("any-key"), bytes(kernel), new RecordHeaders(), T0));
    logs.pipeInput(new TestRecord<>(null, bytes(cron), new RecordHeaders(), T0));
    logs.pipeInput(new TestRecord<>(null, bytes("{\"host\":\"web-7\",\"tag\":\"kernel\"}"), new RecordHeaders(),
        T0));
    d.send(tableFull("web-8", T0.plusSeconds(1)));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(burst("web-7", T0, T0, 1, 0, false),
        burst("web-8", T0.plusSeconds(1), T0.plusSeconds(1), 1, 0, false));
    assertThat(d.counters.get(Counter.OTHER_PROGRAMS_RECORDS)).isEqualTo(1);
    List<TestRecord<byte[], byte[]>> dead = d.dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), "__streams.errors.message"))
        .isEqualTo("a record on kernel-logs is not a rsyslog-json record: no message in [message, msg]");
    // the cron record an hour later did not move stream time: web-7's burst is still open
    assertThat(d.hostStates().get("web-7").hasOpenBurst()).isTrue();
  }

  @Test
  void shouldNameTheLikelyPartitionerOfAMisplacedRecord() {
    byte[] key = bytes("web-1");
    int crc = Partitioning.librdkafkaPartition(key, 6);
    int murmur = Partitioning.javaPartition(key, 6);
    int other = java.util.stream.IntStream.range(0, 6).filter(p -> p != crc && p != murmur).findFirst()
        .orElseThrow();

    assertThat(Partitioning.likelyProducer(key, crc, 6)).contains("librdkafka's default partitioner",
        "partitioner=murmur2_random");
    assertThat(Partitioning.likelyProducer(key, murmur, 6)).contains("by a key other than the host");
    assertThat(Partitioning.likelyProducer(key, other, 6)).contains("at random");
    assertThat(Partitioning.likelyProducer(null, other, 6)).contains("without a key", "murmur2_random");
  }

  /** A host name that Kafka Streams' partitioner puts on {@code partition} of {@code partitions}. */
  private static String hostOnPartition(int partition, int partitions) {
    for (int i = 0; ; i++) {
      String host = "web-" + i;
      if (Partitioning.javaPartition(bytes(host), partitions) == partition) {
        return host;
      }
    }
  }

  @Test
  void shouldIgnoreTombstonesAndKernelMessagesThatAreNotConntrackDrops() {
    driver(NO_GRACE);

    d.messages.pipeInput("web-1", null);
    d.samples.pipeInput("web-1", null);
    d.send(kernel("web-1", T0, "e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex"));

    assertThat(d.findings.isEmpty()).isTrue();
    assertThat(d.hostStates().get("web-1")).isNull();
    assertThat(d.counters.get(Counter.NULL_VALUES)).isEqualTo(2);
    assertThat(d.counters.get(Counter.IGNORED_MESSAGES)).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterCorruptBytesOnTheKernelMessagesTopicAndGoOn() {
    driver(NO_GRACE);

    assertPoisonGoesToTheDeadLetterTopic(d.rawMessages, "{\"host\":\"web-1\",\"timestamp\":", "kernel-messages");
    d.send(tableFull("web-1", T0));

    assertThat(d.findings.readKeyValuesToList()).containsExactly(burst("web-1", T0, T0, 1, 0, false));
  }

  @Test
  void shouldDeadLetterCorruptBytesOnTheSamplesTopicAndGoOn() {
    driver(NO_GRACE);

    assertPoisonGoesToTheDeadLetterTopic(d.rawSamples, "\u0000\u0001 not json", "conntrack-samples");
    d.rawSamples.pipeInput(bytes("db-1"), bytes("{\"host\":\"db-1\",\"count\":5}"));
    d.send(sample("db-1", T0, 100, 1000, 100));
    d.send(sample("db-1", T0.plusSeconds(30), 100, 1000, 150));

    assertThat(d.dlq.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(header(r, "__streams.errors.message")).contains("ConntrackSample"));
    assertThat(d.findings.readValuesToList()).containsExactly(
        new DropsFinding("db-1", T0, T0.plusSeconds(30), 50, 0, 0));
    assertThat(d.counters.get(Counter.DEAD_LETTERED)).isEqualTo(2);
  }

  private void assertPoisonGoesToTheDeadLetterTopic(TestInputTopic<byte[], byte[]> raw, String value, String topic) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("agent", bytes("ingest-7"));
    raw.pipeInput(new TestRecord<>(bytes("web-1"), bytes(value), headers, T0));

    TestRecord<byte[], byte[]> dead = d.dlq.readRecord();
    assertThat(dead.key()).isEqualTo(bytes("web-1"));
    assertThat(dead.value()).isEqualTo(bytes(value));
    assertThat(header(dead, "agent")).isEqualTo("ingest-7");
    assertThat(header(dead, "__streams.errors.topic")).isEqualTo(topic);
    assertThat(header(dead, "__streams.errors.exception"))
        .isEqualTo("org.apache.kafka.common.errors.SerializationException");
    assertThat(d.dlq.isEmpty()).isTrue();
    assertThat(d.counters.get(Counter.DEAD_LETTERED)).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterARecordWhoseProcessingFailsAndGoOn() throws Exception {
    driver(NO_GRACE);
    // A state the detector cannot work with (an open burst without times) makes processing throw.
    d.hostStates().put("web-1", Json.read("{\"host\":\"web-1\",\"openBursts\":[{}]}", HostState.class));

    d.send(tableFull("web-1", T0));
    d.send(tableFull("web-2", T0));

    TestRecord<byte[], byte[]> dead = d.dlq.readRecord();
    assertThat(dead.key()).isEqualTo(bytes("web-1"));
    assertThat(Json.read(dead.value(), KernelMessage.class))
        .isEqualTo(tableFull("web-1", T0));
    assertThat(header(dead, "__streams.errors.exception")).isEqualTo("java.lang.NullPointerException");
    assertThat(d.findings.readKeyValuesToList()).containsExactly(burst("web-2", T0, T0, 1, 0, false));
    assertThat(d.counters.get(Counter.PROCESSING_ERRORS)).isEqualTo(1);
  }

  // --- recommendations --------------------------------------------------------------------------------------

  @Test
  void shouldNotReissueTheAdviceWhenOnlyItsCountsGrow() {
    driver(NO_GRACE);

    d.send(tableFull("web-1", T0));
    d.send(sample("web-1", T0.plusSeconds(1), 1000, 1000, 0));
    List<Recommendation> first = d.recommendations.readValuesToList();
    // more lines in the same burst, and the minute after which the advice is computed again
    d.send(tableFull("web-1", T0.plusSeconds(20)));
    d.send(tableFull("web-1", T0.plusSeconds(40)));
    d.send(tableFull("web-1", T0.plusSeconds(70)));
    d.send(sample("web-1", T0.plusSeconds(71), 1000, 1000, 0));

    assertThat(first).isNotEmpty();
    assertThat(String.join(" ", first.get(first.size() - 1).reasons())).contains("1 line of 'table full");
    assertThat(d.recommendations.isEmpty()).as("the same advice with 4 lines instead of 1").isTrue();
  }

  @Test
  void shouldReviseTheAdviceAtOnceWhenTheFirstEarlyDropsComeAfterDropsAlreadySeen() {
    driver(NO_GRACE);

    d.send(drops(T0, 100, 0, 0));
    d.send(drops(T0.plusSeconds(10), 1000, 10, 0));
    d.send(drops(T0.plusSeconds(20), 1000, 20, 0));
    d.send(drops(T0.plusSeconds(30), 1000, 20, 5));

    List<Recommendation> recs = d.recommendations.readValuesToList();
    Recommendation last = recs.get(recs.size() - 1);
    assertThat(last.timestamp()).isEqualTo(T0.plusSeconds(30));
    assertThat(String.join(" ", last.reasons())).contains("early_drop rose by 5");
  }

  private static ConntrackSample drops(Instant t, long count, long drop, long earlyDrop) {
    return new ConntrackSample("db-1", t, count, 1000, null, null, null, null,
        Map.of(StatNames.DROP, drop, StatNames.EARLY_DROP, earlyDrop), null, null);
  }

  @Test
  void shouldReviseTheAdviceAtOnceWhenAHigherPeakAsksForALargerTable() {
    driver(NO_GRACE);

    d.send(sample("db-1", T0, 3800, 5000, 0));
    // a higher peak within the same power of two: the same advice, nothing new to publish
    d.send(sample("db-1", T0.plusSeconds(10), 4000, 5000, 0));
    // 2 x 4200 needs the next power of two: new advice at once, not at the next refresh a minute later
    d.send(sample("db-1", T0.plusSeconds(20), 4200, 5000, 0));

    List<Recommendation> recs = d.recommendations.readValuesToList();
    assertThat(recs).extracting(r -> r.recommended().get("net.netfilter.nf_conntrack_max"))
        .containsExactly(8192L, 16384L);
    assertThat(recs.get(1).timestamp()).isEqualTo(T0.plusSeconds(20));
  }

  @Test
  void shouldReviseASteadyHostsAdviceAtOnceWhenItsLimitChanges() {
    driver(NO_GRACE);

    // a steady host: its samples repeat, the advice is computed again at most once a minute of event time ...
    d.send(sample("db-1", T0, 100, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(10), 100, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(20), 100, 1000, 0));
    // ... but someone raised nf_conntrack_max: the current value in the advice changes with the next sample
    d.send(sample("db-1", T0.plusSeconds(30), 100, 4096, 0));

    List<Recommendation> recs = d.recommendations.readValuesToList();
    assertThat(recs).extracting(r -> r.current().get("net.netfilter.nf_conntrack_max")).containsExactly(1000L, 4096L);
    assertThat(recs.get(1).timestamp()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void shouldIssueARecommendationOnlyWhenTheAdviceChanges() {
    driver(NO_GRACE);

    // too few samples for a trend, so the later ones only repeat the same evidence with new counts
    d.send(sample("db-1", T0, 100, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(30), 900, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(60), 905, 1000, 0));
    d.send(sample("db-1", T0.plusSeconds(90), 902, 1000, 0));

    List<Recommendation> recs = d.recommendations.readValuesToList();
    assertThat(recs).extracting(Recommendation::severity).containsExactly(Severity.INFO, Severity.CRITICAL);
    assertThat(recs.get(0).timestamp()).isEqualTo(T0);
    assertThat(d.hostStates().get("db-1").issuedAdvice()).isEqualTo(recs.get(1).adviceFingerprint());
    assertThat(d.counters.get(Counter.RECOMMENDATIONS)).isEqualTo(2);
  }

  @Test
  void shouldRecommendWhatTheOfflineAnalyzerRecommendsForTheFixtures() throws Exception {
    driver(with(NO_GRACE, StreamsSettings.IDLE_RETENTION, "3650d"));
    FixtureInputs.Inputs in = FixtureInputs.all();
    TopologySettings config = TopologySettings.defaults();

    in.messages().forEach(d::send);
    in.samples().forEach(d::send);

    Map<String, Recommendation> online = new HashMap<>();
    d.recommendations.readKeyValuesToList().forEach(kv -> online.put(kv.key, kv.value));
    List<Recommendation> offline = FixtureInputs.analyze(config.detector(), config.recommender()).recommendations();
    assertThat(online.keySet()).containsExactlyInAnyOrderElementsOf(
        offline.stream().map(Recommendation::host).toList());
    for (Recommendation want : offline) {
      Recommendation got = online.get(want.host());
      assertThat(got.severity()).as(want.host()).isEqualTo(want.severity());
      assertThat(got.current()).as(want.host()).isEqualTo(want.current());
      assertThat(got.recommended()).as(want.host()).isEqualTo(want.recommended());
    }
  }

  @Test
  void shouldPublishEachHostsStandingAdviceWhenTheOfflineAnalyzerSaysItWasGiven() throws Exception {
    driver(with(NO_GRACE, StreamsSettings.IDLE_RETENTION, "3650d"));
    FixtureInputs.Inputs in = FixtureInputs.all();
    TopologySettings config = TopologySettings.defaults();
    // in time order, as one agent per host ships them
    List<Object> events = new ArrayList<>(in.messages());
    events.addAll(in.samples());
    events.sort(Comparator.comparing(o -> o instanceof KernelMessage m ? m.timestamp()
        : ((ConntrackSample) o).timestamp()));
    events.forEach(o -> {
      if (o instanceof KernelMessage m) {
        d.send(m);
      } else {
        d.send((ConntrackSample) o);
      }
    });

    Map<String, Recommendation> lastPublished = new HashMap<>();
    d.recommendations.readKeyValuesToList().forEach(kv -> lastPublished.put(kv.key, kv.value));
    Map<String, Instant> since = FixtureInputs.analyze(config.detector(), config.recommender()).adviceSince();
    assertThat(since).isNotEmpty();
    since.forEach((host, at) -> assertThat(lastPublished.get(host).timestamp()).as(host).isEqualTo(at));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
