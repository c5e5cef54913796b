package io.conntrackadvisor.streams;

import io.conntrackadvisor.broker.ShipperDaemon;
import io.conntrackadvisor.core.analyze.AnalysisResult;
import io.conntrackadvisor.core.analyze.Analyzer;
import io.conntrackadvisor.core.parse.DecodedRecord;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the integration tests of the real log shippers share: a kernel log file as {@code /var/log/kern.log} holds
 * it (the kernel's lines of the fixture logs, in the RFC 3164 and ISO shapes rsyslog and syslog-ng write), the
 * shipper's topic, and the check that {@code streams} reading that topic finds and recommends what {@code analyze}
 * does for the file.
 */
final class ShipperChecks {
  private ShipperChecks() {
  }

  /**
   * Writes the kernel log file: the kernel's messages of the fixture log of several hosts and line formats (as the
   * core line parser reads them) in RFC 5424, as rsyslog writes a file with
   * {@code RSYSLOG_SyslogProtocol23Format}. rsyslog's imfile parses the host name of RFC 5424 lines only (an RFC
   * 3164 line read from a file keeps the local host's name). One file of one morning, in time order as a log is:
   * the shippers spread a host's lines over partitions, and a line moved to its host's task must not come after
   * lines months later in that task (beyond the grace period, as no real log does).
   */
  static Path kernelLog(Path dir) throws IOException {
    InputFormat syslog = InputFormat.of("syslog", Map.of());
    ParseContext ctx = new ParseContext(null, Instant.now(), ZoneOffset.UTC, null, null);
    List<String> lines = new ArrayList<>();
    for (String f : List.of("logs/kern-mixed.log")) {
      for (String line : Files.readAllLines(FixtureInputs.path(f), StandardCharsets.UTF_8)) {
        DecodedRecord r = syslog.decode(line, ctx);
        if (r.outcome() == DecodedRecord.Outcome.KERNEL) {
          KernelMessage m = r.message();
          lines.add("<" + (m.priority() == null ? 4 : m.priority()) + ">1 " + m.timestamp() + " " + m.host()
              + " kernel - - - " + m.message());
        }
      }
    }
    Path log = dir.resolve("kern.log");
    Files.write(log, lines, StandardCharsets.UTF_8);
    return log;
  }

  /**
   * Creates the shipper's topic as the shipper's operators would, with the partitions of the other inputs, and
   * without time retention: a shipper may stamp each record with its line's own time (omkafka does), and the test's
   * log is of a morning months ago, so the broker's retention (7 days, checked 30 s after its start and every 5
   * minutes) would delete the records the shipper just wrote, before {@code streams} reads them.
   */
  static void createTopic(ItKit kit, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
          .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
      // a shipper that starts before every partition has a leader may drop what it sends meanwhile
      ItKit.await("leaders of " + topic, () -> {
        try {
          return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  /**
   * The first and next offsets of each partition of {@code topic}: records written then deleted (retention) show as
   * a first offset above 0.
   */
  static String offsets(ItKit kit, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap))) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      StringBuilder out = new StringBuilder("(partition: first..next offset");
      for (int p = 0; p < partitions; p++) {
        TopicPartition tp = new TopicPartition(topic, p);
        long first = admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
        long next = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        out.append(", ").append(p).append(": ").append(first).append("..").append(next);
      }
      return out.append(')').toString();
    }
  }

  /**
   * Runs {@code streams} on {@code topic} in {@code format} and waits until its findings and recommendations, read
   * with read_committed, are those {@code analyze} gives for {@code kernLog} (with the same tunables); returns the
   * application's counters.
   */
  static AppCounters streamsMatchesAnalyze(ItKit kit, Path stateDir, String topic, String format, Path kernLog,
      ShipperDaemon shipper) throws Exception {
    Map<String, String> settings = kit.settings(stateDir, 2);
    settings.put(StreamsSettings.IDLE_RETENTION, "3650d");
    // bursts close by wall clock a gap after their host's last line: long enough for a line moved to its host's
    // task on a loaded machine, short enough for the test
    settings.put(StreamsSettings.BURST_GAP, "10s");
    settings.put(StreamsSettings.KERNEL_INPUTS, topic + "=" + format);
    TopologySettings config = TopologySettings.from(Settings.of(settings));
    Analyzer analyzer = FixtureInputs.analyzer(config.detector(), config.recommender());
    analyzer.addLog(kernLog);
    AnalysisResult offline = analyzer.run();
    Map<String, List<String>> want = FixturesIT.settled(offline.findings(), false);
    try (StreamsApp app = kit.start(settings);
        ItKit.Reader<Recommendation> recs = kit.reader(kit.topics.recommendations().name(),
            kit.topics.recommendations().valueSerde().deserializer());
        ItKit.Reader<Finding> findings = kit.reader(kit.topics.findings().name(),
            kit.topics.findings().valueSerde().deserializer())) {
      ItKit.await("RUNNING", () -> app.state() == KafkaStreams.State.RUNNING);
      try {
        findings.until("the analyzer's findings", r -> FixturesIT.settled(
            r.stream().map(ConsumerRecord::value).toList(), false).equals(want));
      } catch (AssertionError e) {
        int shipped;
        try (ItKit.Reader<byte[]> raw = kit.reader(topic, ItKit.bytes())) {
          shipped = raw.poll(java.time.Duration.ofSeconds(5)).size();
        }
        throw new AssertionError(e.getMessage() + "\n" + shipped + " records on " + topic + " " + offsets(kit, topic)
            + "\nwanted " + want
            + "\ngot " + FixturesIT.settled(
            findings.records.stream().map(ConsumerRecord::value).toList(), false) + "\nshipper: "
            + shipper.output(), e);
      }
      recs.until("the analyzer's recommendations",
          r -> FixturesIT.sameAdvice(FixturesIT.latest(r), offline.recommendations()));
      return app.counters();
    }
  }
}
