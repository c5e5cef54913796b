package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.source.ConntrackSampler;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.proc.ConntrackStats;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.StatNames;
import io.conntrackadvisor.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sampler against the proc snapshots in the fixtures publishes exactly what core's ProcReader reads; for the
 * snapshot without {@code net/stat/nf_conntrack}, with the counters that a real {@code conntrack -S} process printed
 * (a script giving the fixture's output).
 */
class SamplerIT {
  private static final String CONNTRACK_S = "commands/conntrack-S-aks-node.txt";

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"k4-nat-gw", "k5-aks-node", "k6-docker-host"})
  void shouldPublishTheSamplesThatProcReaderGivesKeyedByTheProcRootsHostName(String snapshot) throws Exception {
    Path root = TestFixtures.path("proc/" + snapshot);
    String prefix = ItSupport.prefix("sampler-" + snapshot);
    Map<String, String> s = ItSupport.agentSettings(ItSupport.bootstrap(), prefix, tmp.resolve("state"));
    s.remove(ShipSettings.HOST);
    s.put(ShipSettings.SAMPLER, "true");
    s.put(ShipSettings.PROC_ROOT, root.toString());
    s.put(ShipSettings.SAMPLE_INTERVAL, "200ms");
    s.put(ShipSettings.STATES_INTERVAL, "1h");
    s.put(ShipSettings.CONNTRACK_COMMAND, TestFixtures.conntrackS(tmp, CONNTRACK_S).toString());
    s.put(ShipSettings.BATCH_LINGER_SAMPLES, "0s"); // each sample in a transaction of its own, at once
    boolean fromCommand = !Files.exists(root.resolve(ConntrackSampler.PROC_STATS));

    List<ConsumerRecord<String, byte[]>> records;
    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).conntrackSamples().name());
        ItSupport.RunningAgent agent = new ItSupport.RunningAgent(s)) {
      records = reader.awaitAtLeast(3, ItSupport.STEP);
      assertThat(agent.metrics().get(ShipMetrics.Counter.SAMPLE_FAILURES, "sampler")).isZero();
      assertThat(agent.metrics().get(ShipMetrics.Counter.CONNTRACK_COMMAND_FAILURES, "sampler")).isZero();
    }

    assertThat(records).hasSizeGreaterThanOrEqualTo(3);
    ProcReader reader = new ProcReader(root);
    ConntrackStats.Parsed command = ConntrackStats.parseConntrackS(Files.readString(TestFixtures.path(CONNTRACK_S)));
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, byte[]> r = records.get(i);
      ConntrackSample shipped = Json.read(r.value(), ConntrackSample.class);
      // The state histogram comes with the first sample only (its interval is an hour), where the file exists
      ConntrackSample expected = reader.read(null, shipped.timestamp(),
          i == 0 ? ProcReader.HistogramLimits.DEFAULT : null);
      if (fromCommand) {
        expected = expected.withStats(command.stats(), command.cpuRows());
      }
      assertThat(shipped).isEqualTo(expected);
      assertThat(r.key()).isEqualTo(expected.host());
    }
    assertThat(fromCommand).isEqualTo(snapshot.equals("k5-aks-node"));
    if (fromCommand) {
      assertThat(Json.read(records.get(0).value(), ConntrackSample.class).stat(StatNames.DROP)).isEqualTo(19L);
    }
    if (snapshot.equals("k4-nat-gw")) {
      assertThat(Json.read(records.get(0).value(), ConntrackSample.class).states()).isNotEmpty();
    }
  }

  /**
   * While the host logs nothing, samples wait for each other up to {@code batch.linger.samples} (here longer than the
   * test); a kernel line ends the wait, and goes in one transaction with the samples before it; the samples queued at
   * shutdown are delivered too.
   */
  @Test
  void shouldHoldSamplesUntilALineComesAndDeliverThemTogether() throws Exception {
    String prefix = ItSupport.prefix("sampler-linger");
    Path log = tmp.resolve("syslog");
    Files.writeString(log, "");
    Map<String, String> s = ItSupport.tailing(ItSupport.bootstrap(), prefix, tmp.resolve("state"), log);
    s.put(ShipSettings.SAMPLER, "true");
    s.put(ShipSettings.PROC_ROOT, TestFixtures.path("proc/k4-nat-gw").toString());
    s.put(ShipSettings.SAMPLE_INTERVAL, "100ms");
    s.put(ShipSettings.BATCH_LINGER_SAMPLES, "1h");
    Topics topics = Topics.withPrefix(prefix);

    ItSupport.TopicReader samples = new ItSupport.TopicReader(ItSupport.bootstrap(), topics.conntrackSamples().name());
    ItSupport.TopicReader lines = new ItSupport.TopicReader(ItSupport.bootstrap(), topics.kernelMessages().name());
    ItSupport.RunningAgent agent = new ItSupport.RunningAgent(s);
    try (samples; lines; agent) {
      ItSupport.eventually("ten samples taken", () -> agent.metrics().get(ShipMetrics.Counter.READ, "sampler") >= 10);
      assertThat(samples.settle(Duration.ofSeconds(1))).as("samples held while nothing else comes").isEmpty();
      assertThat(agent.metrics().get(ShipMetrics.Counter.TRANSACTIONS, null)).isZero();

      long taken = agent.metrics().get(ShipMetrics.Counter.READ, "sampler");
      Files.writeString(log, "2026-03-02T08:14:55.120418+00:00 nat-gw-1 kernel: [38775494.392631] nf_conntrack: "
          + "table full, dropping packet\n", StandardOpenOption.APPEND);
      assertThat(lines.awaitAtLeast(1, ItSupport.STEP)).as("the line ends the wait").hasSize(1);
      assertThat(samples.awaitAtLeast((int) taken, ItSupport.STEP)).hasSizeGreaterThanOrEqualTo((int) taken);
      assertThat(agent.metrics().get(ShipMetrics.Counter.TRANSACTIONS, null)).isEqualTo(1);
      ItSupport.eventually("more samples taken",
          () -> agent.metrics().get(ShipMetrics.Counter.READ, "sampler") >= taken + 5);
    }
    long taken = agent.metrics().get(ShipMetrics.Counter.READ, "sampler");
    assertThat(agent.metrics().get(ShipMetrics.Counter.DROPPED, "sampler")).isZero();
    try (ItSupport.TopicReader all = new ItSupport.TopicReader(ItSupport.bootstrap(),
        topics.conntrackSamples().name())) {
      assertThat(all.awaitAtLeast((int) taken, ItSupport.STEP)).as("samples queued at shutdown delivered")
          .hasSize((int) taken);
    }
  }
}
