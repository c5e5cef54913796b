package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.SourceHarness;
import io.conntrackadvisor.ingest.TestFixtures;
import io.conntrackadvisor.ingest.TestRecords;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.core.proc.ConntrackStats;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.StatNames;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When samples carry the per-namespace breakdown (on a live proc root, unless turned off; never on a snapshot), and
 * where their counters come from on a proc root without {@code net/stat/nf_conntrack}: a real {@code conntrack -S}
 * process (a script printing the fixture, or the real program), with every failure counted and the sample kept.
 */
class ConntrackSamplerTest {
  /** A snapshot of an AKS node whose kernel has no conntrack procfs: sysctls only. */
  private static final String NO_PROC_STATS = "proc/k5-aks-node";
  private static final String CONNTRACK_S = "commands/conntrack-S-aks-node.txt";
  private final SourceHarness harness = new SourceHarness(10);

  @TempDir
  Path tmp;

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private ConntrackSampler sampler(Path proc, Duration rescan) {
    return sampler(proc, rescan, null);
  }

  private ConntrackSampler sampler(Path proc, Duration rescan, ConntrackStatsCommand command) {
    return new ConntrackSampler(proc, "node-1", Duration.ofSeconds(1), Duration.ofHours(1),
        ProcReader.HistogramLimits.DEFAULT, rescan, command, harness.outbox, TestRecords.FACTORY, harness.metrics);
  }

  private static ConntrackStatsCommand command(Path program) {
    return command(program.toString(), ConntrackStatsCommand.DEFAULT_TIMEOUT);
  }

  private static ConntrackStatsCommand command(String program, Duration timeout) {
    return new ConntrackStatsCommand(program, timeout, ConntrackStatsCommand.DEFAULT_MAX_OUTPUT_BYTES);
  }

  /** An executable shell script in the temp folder. */
  private Path script(String name, String body) throws Exception {
    return TestFixtures.script(tmp, name, body);
  }

  /** What the sampler must ship for a proc root when the command gives no counters. */
  private static ConntrackSample procOnly(Path root, ConntrackSample shipped) throws Exception {
    return new ProcReader(root).read("node-1", shipped.timestamp(), null);
  }

  private long commandFailures() {
    return harness.metrics.get(ShipMetrics.Counter.CONNTRACK_COMMAND_FAILURES, ConntrackSampler.LABEL);
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
    // Given a snapshot with procfs counters, and a conntrack command that would leave a trace if it ran
    Path root = TestFixtures.path("proc/k6-docker-host");
    Path trace = tmp.resolve("ran");
    ConntrackSampler s = sampler(root, Duration.ofMinutes(1), command(script("conntrack", "touch " + trace)));

    ConntrackSample shipped = sampleOnce(s);

    assertThat(s.samplesNamespaces()).isFalse();
    assertThat(shipped.namespaces()).isNull();
    assertThat(shipped).isEqualTo(procOnly(root, shipped));
    assertThat(trace).as("conntrack -S is not run where procfs has the counters").doesNotExist();
  }

  @Test
  void shouldTakeTheCountersFromConntrackSWhenTheProcRootHasNone() throws Exception {
    // Given a proc root without net/stat/nf_conntrack and a program that prints real conntrack -S output for -S
    Path root = TestFixtures.path(NO_PROC_STATS);
    Path fixture = TestFixtures.path(CONNTRACK_S);
    assertThat(root.resolve(ConntrackSampler.PROC_STATS)).doesNotExist();
    Path program = TestFixtures.conntrackS(tmp, CONNTRACK_S);

    ConntrackSample shipped = sampleOnce(sampler(root, Duration.ofMinutes(1), command(program)));

    // Then the counters are the parser's for that output, the rest is the proc root's
    ConntrackStats.Parsed expected = ConntrackStats.parseConntrackS(Files.readString(fixture));
    assertThat(shipped.stats()).isEqualTo(expected.stats()).containsEntry(StatNames.DROP, 19L)
        .containsEntry(StatNames.INSERT_FAILED, 19L).containsEntry(StatNames.SEARCH_RESTART, 2424L);
    assertThat(shipped.cpus()).as("one line per CPU, the snapshot has no cpuinfo").isEqualTo(2);
    assertThat(shipped.count()).isEqualTo(48_211);
    assertThat(shipped.max()).isEqualTo(131_072);
    assertThat(shipped).isEqualTo(procOnly(root, shipped).withStats(expected.stats(), 2));
    assertThat(commandFailures()).isZero();
  }

  @Test
  void shouldCountAMissingProgramAndStillShipTheSampleFromTheSysctls() throws Exception {
    Path root = TestFixtures.path(NO_PROC_STATS);
    ConntrackSampler s = sampler(root, Duration.ofMinutes(1), command(tmp.resolve("no/such/conntrack")));

    ConntrackSample first = sampleOnce(s);
    ConntrackSample second = sampleOnce(s);

    assertThat(first).isEqualTo(procOnly(root, first));
    assertThat(first.stats()).isEmpty();
    assertThat(second.count()).isEqualTo(48_211);
    assertThat(commandFailures()).as("counted on every sample").isEqualTo(2);
    assertThat(harness.metrics.metrics().scrape()).contains(
        "conntrack_advisor_ship_conntrack_command_failures_total{reason=\"not-started\",source=\"sampler\"} 2.0");
    assertThat(harness.metrics.get(ShipMetrics.Counter.SAMPLE_FAILURES, ConntrackSampler.LABEL)).isZero();
  }

  @Test
  void shouldCountAProgramThatExitsWithAnErrorAndStillShipTheSample() throws Exception {
    Path root = TestFixtures.path(NO_PROC_STATS);
    Path program = script("conntrack",
        "echo 'conntrack v1.4.7 (conntrack-tools): Operation failed: Operation not permitted' >&2\nexit 1");

    ConntrackSample shipped = sampleOnce(sampler(root, Duration.ofMinutes(1), command(program)));

    assertThat(shipped).isEqualTo(procOnly(root, shipped));
    assertThat(commandFailures()).isEqualTo(1);
    assertThat(harness.metrics.metrics().scrape()).contains("reason=\"exit-status\",source=\"sampler\"} 1.0");
  }

  @Test
  void shouldGiveUpOnAProgramThatHangsAtTheTimeout() throws Exception {
    Path root = TestFixtures.path(NO_PROC_STATS);
    // the shell waits for a child that holds the output pipe open: both must be ended
    Path program = script("conntrack", "sleep 60");
    ConntrackSampler s = sampler(root, Duration.ofMinutes(1), command(program.toString(), Duration.ofMillis(300)));

    long start = System.nanoTime();
    ConntrackSample shipped = sampleOnce(s);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(shipped).isEqualTo(procOnly(root, shipped));
    assertThat(harness.metrics.metrics().scrape()).contains("reason=\"timeout\",source=\"sampler\"} 1.0");
  }

  @Test
  void shouldBoundTheOutputOfTheProgram() throws Exception {
    Path program = script("conntrack", "yes 'cpu=0 found=1 drop=1'");
    ConntrackStatsCommand c = new ConntrackStatsCommand(program.toString(), Duration.ofSeconds(5), 4096);

    long start = System.nanoTime();
    ConntrackStatsCommand.Failure f = catchThrowableOfType(ConntrackStatsCommand.Failure.class, c::run);

    assertThat(f.reason()).isEqualTo(ConntrackStatsCommand.BAD_OUTPUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void shouldReadTheCountersOfThisHostWithTheRealConntrackProgram() throws Exception {
    // Given the real conntrack-tools program (Debian package conntrack), allowed to read the counters
    Path real = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator),
            new String[] {"/usr/sbin", "/sbin"}).flatMap(Stream::of).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "conntrack")).filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(real != null, "conntrack (conntrack-tools) is not installed: apt-get install conntrack");
    ConntrackStatsCommand c = command(real);
    ConntrackStats.Parsed before;
    try {
      before = c.run();
    } catch (ConntrackStatsCommand.Failure e) {
      assumeTrue(false, "conntrack -S does not run here (needs CAP_NET_ADMIN and nf_conntrack): " + e.getMessage());
      return;
    }
    Path root = TestFixtures.path(NO_PROC_STATS);

    ConntrackSample shipped = sampleOnce(sampler(root, Duration.ofMinutes(1), c));
    ConntrackStats.Parsed after = c.run();

    // Then the sample holds this host's counters: the same names, each between a reading before and one after
    assertThat(commandFailures()).isZero();
    assertThat(shipped.stats()).isNotEmpty().containsOnlyKeys(before.stats().keySet());
    for (Map.Entry<String, Long> e : shipped.stats().entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).isBetween(before.stats().get(e.getKey()), after.stats().get(e.getKey()));
    }
    assertThat(shipped.cpus()).isEqualTo(before.cpuRows());
  }
}
