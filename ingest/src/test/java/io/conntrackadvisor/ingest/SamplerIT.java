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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
}
