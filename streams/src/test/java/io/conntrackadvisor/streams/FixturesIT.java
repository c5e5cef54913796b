package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.core.analyze.AnalysisResult;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fixture scenarios go through the real topics of a real broker, produced four ways (as a Java client keys and
 * partitions them, as the real {@code kcat} binary does with librdkafka's default partitioner, on random
 * partitions, and without a key), plus one corrupt record per input topic; each time the findings and the final
 * recommendation of every host, read with {@code read_committed}, are those the offline analyzer computes from the
 * same files, and only records off their host's partition were moved.
 */
class FixturesIT {
  /** The real kcat binary (Debian package {@code kcat}, installed by {@code bin/test}). */
  static final Path KCAT = Path.of("/usr/bin/kcat");
  private static final int PARTITIONS = 4;

  private final ItKit kit = new ItKit();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path stateDir;

  /** How the records reach the input topics. */
  enum Producing {
    /** A Java producer, key = host: Kafka Streams' own partitioning, nothing to move. */
    JAVA,
    /** {@code kcat -K TAB}, key = host, librdkafka's default partitioner (CRC32 of the key). */
    KCAT,
    /** Key = host on a random partition. */
    RANDOM_PARTITIONS,
    /** No key. */
    NO_KEY
  }

  /** The four ways at once: each its own application and topics; most of each is waiting for bursts to close. */
  @ParameterizedTest
  @EnumSource(Producing.class)
  @Execution(ExecutionMode.CONCURRENT)
  void shouldFindAndRecommendWhatTheAnalyzerDoesWhicheverWayTheInputIsPartitioned(Producing how)
      throws Exception {
    assumeTrue(how != Producing.KCAT || Files.isExecutable(KCAT),
        KCAT + " is not installed (apt-get install kcat; bin/test installs it)");
    Map<String, String> settings = kit.settings(stateDir, PARTITIONS);
    settings.put(StreamsSettings.METRICS_PORT, "0");
    settings.put(StreamsSettings.IDLE_RETENTION, "3650d"); // the fixtures span months of event time
    // The fixtures span months and are replayed in seconds: a record moved to its host's task comes after records
    // months later in event time there, which a live host's records are not (there the move takes well under
    // the default 5 s grace). The grace period, how late a record may come, covers the replay; bursts close by
    // wall clock a gap after their host's last record, long enough for a move on a loaded machine.
    settings.put(StreamsSettings.GRACE_PERIOD, "3650d");
    settings.put(StreamsSettings.BURST_GAP, "10s");
    TopologySettings config = TopologySettings.from(Settings.of(settings));
    AnalysisResult offline = FixtureInputs.analyze(config.detector(), config.recommender());
    FixtureInputs.Inputs in = FixtureInputs.all();

    try (StreamsApp app = kit.start(settings);
        ItKit.Reader<Recommendation> recs = kit.reader(kit.topics.recommendations().name(),
            kit.topics.recommendations().valueSerde().deserializer());
        ItKit.Reader<Finding> findings = kit.reader(kit.topics.findings().name(),
            kit.topics.findings().valueSerde().deserializer());
        ItKit.Reader<byte[]> dlq = kit.reader(kit.topics.dlq().name(), ItKit.bytes())) {
      ItKit.await("RUNNING", () -> app.state() == KafkaStreams.State.RUNNING);
      assertThat(get(app, "/ready").statusCode()).isEqualTo(200);

      produce(how, in);

      recs.until("the analyzer's recommendations", r -> sameAdvice(latest(r), offline.recommendations()));
      boolean ordered = how == Producing.JAVA || how == Producing.KCAT; // a host's records on one partition
      Map<String, List<String>> want = settled(offline.findings(), ordered);
      try {
        findings.until("the analyzer's findings",
            r -> settled(r.stream().map(ConsumerRecord::value).toList(), ordered).equals(want));
      } catch (AssertionError timedOut) { // show the difference
        assertThat(settled(findings.records.stream().map(ConsumerRecord::value).toList(), ordered)).isEqualTo(want);
      }
      List<ConsumerRecord<String, byte[]>> dead = dlq.until("two dead letters", r -> r.size() >= 2);
      assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("bad-1", "bad-2");
      assertThat(app.counters().get(Counter.DEAD_LETTERED)).isEqualTo(2);

      Map<AppCounters.Labels, Long> moved = app.counters().repartitionedSnapshot();
      String metrics = get(app, "/metrics").body();
      assertThat(metrics).contains("conntrack_advisor_streams_dead_lettered_total 2.0\n")
          .contains("kafka_stream_thread_process_total{");
      if (how == Producing.JAVA) {
        assertThat(moved).isEmpty();
      } else {
        // which hosts a partitioner happens to put on their own partition depends on the hash (or the draw)
        String reason = how == Producing.NO_KEY ? "no-key" : "partitioner";
        assertThat(moved).isNotEmpty().allSatisfy((labels, n) -> assertThat(labels.reason()).isEqualTo(reason));
        assertThat(metrics).containsPattern(AppCounters.REPARTITIONED_METRIC + "\\{reason=\"" + reason
            + "\",topic=\"" + kit.id + "\\.[a-z-]+\"} [1-9]");
      }
    }
  }

  /**
   * Sends the inputs in time order, as hosts log them (the fixture files span months, and a record moved to its
   * host's task must not come after records months later there), and one corrupt record per input topic.
   */
  private void produce(Producing how, FixtureInputs.Inputs unordered) throws Exception {
    FixtureInputs.Inputs in = new FixtureInputs.Inputs(
        unordered.messages().stream().sorted(Comparator.comparing(KernelMessage::timestamp)).toList(),
        unordered.samples().stream().sorted(Comparator.comparing(ConntrackSample::timestamp)).toList());
    String messages = kit.topics.kernelMessages().name();
    String samples = kit.topics.conntrackSamples().name();
    if (how == Producing.KCAT) {
      kcat(messages, in.messages().stream().map(m -> m.host() + "\t" + Json.write(m)).toList());
      kcat(samples, in.samples().stream().map(s -> s.host() + "\t" + Json.write(s)).toList());
    }
    Random random = new Random(15);
    try (KafkaProducer<String, byte[]> producer = kit.producer()) {
      if (how != Producing.KCAT) {
        for (KernelMessage m : in.messages()) {
          send(producer, how, random, messages, m.host(), m);
        }
        for (ConntrackSample s : in.samples()) {
          send(producer, how, random, samples, s.host(), s);
        }
      }
      producer.send(new ProducerRecord<>(messages, "bad-1", bytes("{\"host\":")));
      producer.send(new ProducerRecord<>(samples, "bad-2", bytes("not json")));
      producer.flush();
    }
  }

  private static void send(KafkaProducer<String, byte[]> p, Producing how, Random random, String topic,
      String host, Object value) {
    Integer partition = how == Producing.RANDOM_PARTITIONS ? random.nextInt(PARTITIONS) : null;
    p.send(new ProducerRecord<>(topic, partition, how == Producing.NO_KEY ? null : host, Json.writeBytes(value)));
  }

  /** Produces {@code key TAB value} lines with the real kcat, its partitioner left at librdkafka's default. */
  private void kcat(String topic, List<String> lines) throws IOException, InterruptedException {
    Path file = Files.createTempFile(stateDir, "kcat-", ".txt");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Process p = new ProcessBuilder(KCAT.toString(), "-P", "-b", kit.bootstrap, "-t", topic, "-K", "\t",
        "-X", "acks=all").redirectInput(file.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("kcat: " + out).isZero();
  }

  /**
   * What both sides agree on once every burst closed, per host in a comparable order: each closed burst (the
   * streaming detector also reports a burst while it grows, and its start may move earlier when a line comes late
   * within the grace period), and every drops and saturation finding. A producer that spreads a host's records
   * over partitions ({@code ordered} false) gives them to the detector in another order than the analyzer reads
   * them, since Kafka orders records only within a partition: then saturation findings are compared by the highest
   * level the host reached (which levels the host passed through on the way, and which sample showed each, depend
   * on the order in which its samples came) and drops findings by their sums.
   */
  static Map<String, List<String>> settled(List<Finding> findings, boolean ordered) {
    Map<String, List<String>> out = new TreeMap<>();
    Map<String, long[]> drops = new TreeMap<>();
    Map<String, SaturationLevel> worst = new TreeMap<>();
    for (Finding f : findings) {
      String line;
      if (f instanceof BurstFinding b) {
        line = b.closed() ? Json.write(b) : null;
      } else if (ordered) {
        line = Json.write(f);
      } else if (f instanceof SaturationFinding sat) {
        // a host's samples spread over partitions arrive in no defined order: compare the highest level it reached
        worst.merge(sat.host(), sat.level(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        line = null;
      } else if (f instanceof DropsFinding d) {
        long[] sums = drops.computeIfAbsent(d.host(), h -> new long[3]);
        sums[0] += d.drops();
        sums[1] += d.earlyDrops();
        sums[2] += d.insertFailed();
        line = null;
      } else {
        line = Json.write(f);
      }
      if (line != null) {
        out.computeIfAbsent(f.host(), h -> new ArrayList<>()).add(line);
      }
    }
    drops.forEach((host, sums) -> out.computeIfAbsent(host, h -> new ArrayList<>()).add("drops " + Arrays.toString(
        sums)));
    worst.forEach((host, level) -> out.computeIfAbsent(host, h -> new ArrayList<>()).add("saturation " + level));
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  static Map<String, Recommendation> latest(List<ConsumerRecord<String, Recommendation>> records) {
    Map<String, Recommendation> m = new HashMap<>();
    records.forEach(r -> m.put(r.key(), r.value()));
    return m;
  }

  /** Same hosts, and per host the same severity, current and recommended values. */
  static boolean sameAdvice(Map<String, Recommendation> online, List<Recommendation> offline) {
    if (online.size() != offline.size()) {
      return false;
    }
    for (Recommendation want : offline) {
      Recommendation got = online.get(want.host());
      if (got == null || got.severity() != want.severity() || !got.current().equals(want.current())
          || !got.recommended().equals(want.recommended())) {
        return false;
      }
    }
    return true;
  }

  private HttpResponse<String> get(StreamsApp app, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
