package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.NamespaceUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When samples carry the per-namespace breakdown: on a live proc root, unless turned off; never on a snapshot. */
class ConntrackSamplerTest {
  private final SourceHarness harness = new SourceHarness(10);

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private ConntrackSampler sampler(Path proc, Duration rescan) {
    return new ConntrackSampler(proc, "node-1", Duration.ofSeconds(1), Duration.ofHours(1),
        ProcReader.HistogramLimits.DEFAULT, rescan, harness.outbox, TestRecords.FACTORY, harness.metrics);
  }

  private ConntrackSample sampleOnce(ConntrackSampler s) throws Exception {
    assertThat(s.sampleOnce(false)).isTrue();
    List<Outgoing> out = harness.await(1, Duration.ofSeconds(5));
    return Json.read(out.get(out.size() - 1).record().value(), ConntrackSample.class);
  }

  @Test
  void shouldAttachTheUsageOfEachNamespaceOnALiveProcRoot() throws Exception {
    Path proc = Path.of("/proc");
    assumeTrue(Files.isReadable(proc.resolve("sys/net/netfilter/nf_conntrack_count")),
        "nf_conntrack is not loaded on this machine");
    long mine = Long.parseLong(Files.readSymbolicLink(proc.resolve("self/ns/net")).toString()
        .replaceAll("\\D", ""));

    ConntrackSample s = sampleOnce(sampler(proc, Duration.ofMinutes(1)));

    assertThat(s.namespaces()).extracting(NamespaceUsage::netns).contains(mine);
    assertThat(harness.metrics.get(ShipMetrics.Counter.SAMPLE_FAILURES, ConntrackSampler.LABEL)).isZero();
  }

  @Test
  void shouldLeaveNamespacesOutWhenTurnedOff() throws Exception {
    ConntrackSampler off = sampler(Path.of("/proc"), null);

    assertThat(off.samplesNamespaces()).isFalse();
  }

  @Test
  void shouldSampleASnapshotWithoutProcessesExactlyAsProcReaderReadsIt() throws Exception {
    Path root = TestFixtures.path("proc/k6-docker-host");
    ConntrackSampler s = sampler(root, Duration.ofMinutes(1));

    ConntrackSample shipped = sampleOnce(s);

    assertThat(s.samplesNamespaces()).isFalse();
    assertThat(shipped.namespaces()).isNull();
    assertThat(shipped).isEqualTo(new ProcReader(root).read("node-1", shipped.timestamp(), null));
  }
}
