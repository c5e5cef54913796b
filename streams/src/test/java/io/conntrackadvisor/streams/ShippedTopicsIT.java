package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.analyze.AnalysisResult;
import io.conntrackadvisor.core.analyze.Analyzer;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The topics that Fluent Bit, Vector and Filebeat fill (records shaped as their documentation says, from
 * {@code examples/fixtures/shippers}), read with {@code --kernel-input TOPIC=FORMAT}: each written without a key,
 * as those shippers do by default, with other programs' records among the kernel's and two unreadable records;
 * the findings and recommendations are those {@code analyze --input-format} gives for the same files, other
 * programs' records are counted and skipped, unreadable ones dead-lettered with the reason, and processing goes on.
 */
@Execution(ExecutionMode.CONCURRENT) // its own topics and application (and daemon); mostly waiting for bursts
class ShippedTopicsIT {
  private static final Map<String, String> FIXTURES = new LinkedHashMap<>();

  static {
    FIXTURES.put("fluent-bit-systemd.json", "fluent-bit");
    FIXTURES.put("fluent-bit-syslog.json", "fluent-bit");
    FIXTURES.put("vector-journald.json", "vector");
    FIXTURES.put("vector-syslog.json", "vector");
    FIXTURES.put("filebeat-journald.json", "ecs");
    FIXTURES.put("filebeat-syslog.json", "auto");
  }

  private final ItKit kit = new ItKit();

  @TempDir
  Path stateDir;

  @Test
  void shouldFindWhatTheAnalyzerFindsInShippersTopicsAndDeadLetterWhatCannotBeRead() throws Exception {
    Map<String, String> settings = kit.settings(stateDir, 2);
    settings.put(StreamsSettings.IDLE_RETENTION, "3650d");
    // the six fixtures are minutes apart and replayed at once: see FixturesIT for the grace period and the gap
    settings.put(StreamsSettings.GRACE_PERIOD, "3650d");
    settings.put(StreamsSettings.BURST_GAP, "10s");
    List<String> inputs = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    FIXTURES.forEach((file, format) -> {
      String topic = kit.id + "." + file.replace(".json", "");
      topics.add(topic);
      inputs.add(topic + "=" + format);
    });
    settings.put(StreamsSettings.KERNEL_INPUTS, String.join(",", inputs));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap))) {
      admin.createTopics(topics.stream().map(t -> new NewTopic(t, Optional.of(2), Optional.empty())).toList())
          .all().get();
    }
    TopologySettings config = TopologySettings.from(Settings.of(settings));
    Analyzer offline = FixtureInputs.analyzer(config.detector(), config.recommender());
    for (Map.Entry<String, String> f : FIXTURES.entrySet()) {
      try (BufferedReader r = Files.newBufferedReader(FixtureInputs.path("shippers/" + f.getKey()))) {
        offline.addRecords(r, InputFormat.of(f.getValue(), Map.of()));
      }
    }
    AnalysisResult want = offline.run();
    assertThat(want.findings()).isNotEmpty();

    try (StreamsApp app = kit.start(settings);
        ItKit.Reader<Recommendation> recs = kit.reader(kit.topics.recommendations().name(),
            kit.topics.recommendations().valueSerde().deserializer());
        ItKit.Reader<Finding> findings = kit.reader(kit.topics.findings().name(),
            kit.topics.findings().valueSerde().deserializer());
        ItKit.Reader<byte[]> dlq = kit.reader(kit.topics.dlq().name(), ItKit.bytes());
        KafkaProducer<String, byte[]> producer = kit.producer()) {
      ItKit.await("RUNNING", () -> app.state() == KafkaStreams.State.RUNNING);
      int i = 0;
      for (String file : FIXTURES.keySet()) {
        String topic = topics.get(i++);
        for (String line : Files.readAllLines(FixtureInputs.path("shippers/" + file), StandardCharsets.UTF_8)) {
          producer.send(new ProducerRecord<>(topic, null, bytes(line)));
        }
        if (file.startsWith("vector-journald")) { // poison among a shipper's records, processing goes on
          producer.send(new ProducerRecord<>(topic, null, bytes("<4>Mar  2 09:10:05 vec-node-1 kernel: raw line")));
          producer.send(new ProducerRecord<>(topic, null, bytes("{\"host\":\"vec-node-1\",\"_TRANSPORT\":\"kernel\","
              + "\"timestamp\":\"2026-03-02T09:10:06Z\"}")));
        }
      }
      producer.flush();

      Map<String, List<String>> settled = FixturesIT.settled(want.findings(), false);
      findings.until("the analyzer's findings", r -> FixturesIT.settled(
          r.stream().map(ConsumerRecord::value).toList(), false).equals(settled));
      recs.until("the analyzer's recommendations",
          r -> FixturesIT.sameAdvice(FixturesIT.latest(r), want.recommendations()));
      List<ConsumerRecord<String, byte[]>> dead = dlq.until("two dead letters", r -> r.size() >= 2);
      String prefix = "a record on " + topics.get(2) + " is not a vector record: ";
      assertThat(dead).extracting(d -> header(d, "__streams.errors.message"))
          .anySatisfy(m -> assertThat(m).startsWith(prefix + "not JSON"))
          .anySatisfy(m -> assertThat(m).isEqualTo(prefix + "no message in [message, MESSAGE]"));
      assertThat(dead).extracting(d -> header(d, "__streams.errors.topic")).containsOnly(topics.get(2));
      assertThat(app.counters().get(Counter.DEAD_LETTERED)).isEqualTo(2);
      assertThat(app.counters().get(Counter.OTHER_PROGRAMS_RECORDS)).isEqualTo(6);
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
