package io.conntrackadvisor.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.SkipReason;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.Severity;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every fixture gives the findings its README describes; the traps give nothing. */
class FixtureAnalysisTest {
  private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

  private static Analyzer analyzer(String host) {
    return new Analyzer(DetectorConfig.defaults(), RecommenderConfig.defaults(),
        new ParseContext(host, NOW, ZoneOffset.UTC, null, "file"));
  }

  private static AnalysisResult analyzeLog(String rel, String host) throws Exception {
    Analyzer a = analyzer(host);
    try (InputStream in = Files.newInputStream(Fixtures.path(rel))) {
      a.addLog(in);
    }
    return a.run();
  }

  private static List<BurstFinding> bursts(AnalysisResult r) {
    return r.findings().stream().filter(BurstFinding.class::isInstance).map(BurstFinding.class::cast).toList();
  }

  @Test
  void shouldFindOneBurstWithSuppressedCountInTheSeedMessagesLog() throws Exception {
    AnalysisResult r = analyzeLog("logs/messages-seed.log", null);

    assertThat(bursts(r)).containsExactly(BurstFinding.of("rancher-agent-2", null,
        Instant.parse("2026-07-17T14:55:13Z"), Instant.parse("2026-07-17T14:55:19Z"), 7, 412, true));
    assertThat(r.stats().linesRead()).isEqualTo(11);
    assertThat(r.stats().kernelMessages()).isEqualTo(8);
    Recommendation rec = r.recommendations().get(0);
    assertThat(rec.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(rec.recommended()).isEmpty();
    assertThat(String.join(" ", rec.reasons())).contains("7 lines of 'table full, dropping packet'")
        .contains("412 more").contains("upper bound").contains("sysctl net.netfilter.nf_conntrack_max");
  }

  @Test
  void shouldRecommendRaisingMaxFrom200WhenSeedLogMeetsTheDockerHostSnapshot() throws Exception {
    Analyzer a = analyzer(null);
    try (InputStream in = Files.newInputStream(Fixtures.path("logs/messages-seed.log"))) {
      a.addLog(in);
    }
    a.addSamples(List.of(new ProcReader(Fixtures.path("proc/k6-docker-host"))
        .read(null, Instant.parse("2026-07-17T14:55:20Z"), ProcReader.HistogramLimits.DEFAULT)));
    AnalysisResult r = a.run();

    Recommendation rec = r.recommendations().get(0);
    assertThat(rec.host()).isEqualTo("rancher-agent-2");
    assertThat(rec.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(rec.current()).containsEntry("net.netfilter.nf_conntrack_max", 200L);
    // 8131548 kB = 8326705152 bytes; 8326705152 / 16384 / 2 = 254110 > next power of two >= 2 x 200 (512)
    assertThat(rec.recommended()).containsEntry("net.netfilter.nf_conntrack_max", 254110L);
    // kernel 6.1 >= 5.15: buckets = max; 65536 < 254110
    assertThat(rec.recommended()).containsEntry("net.netfilter.nf_conntrack_buckets", 254110L);
    assertThat(rec.modprobeConf()).contains("options nf_conntrack hashsize=254110");
    assertThat(rec.hashsize()).isEqualTo(254110L);
    assertThat(rec.sysctlConf()).contains("net.netfilter.nf_conntrack_max = 254110\n");
    assertThat(String.join(" ", rec.reasons())).contains("2 x 200 -> 512").contains("RAM / 16384");
    assertThat(r.findings()).filteredOn(SaturationFinding.class::isInstance).singleElement()
        .extracting(f -> ((SaturationFinding) f).level()).isEqualTo(SaturationLevel.CRITICAL);
  }

  @Test
  void shouldSumBothRateLimitSummariesIntoTheDmesgBurst() throws Exception {
    AnalysisResult r = analyzeLog("logs/dmesg-ratelimit.txt", "docker-7");

    List<BurstFinding> bursts = bursts(r);
    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).host()).isEqualTo("docker-7");
    assertThat(bursts.get(0).messages()).isEqualTo(7);
    assertThat(bursts.get(0).suppressed()).isEqualTo(23807 + 19911);
    assertThat(bursts.get(0).estimatedDrops()).isEqualTo(7 + 23807 + 19911);
    assertThat(bursts.get(0).start()).isEqualTo(Instant.EPOCH.plusSeconds(1465).plusNanos(133_062_000));
  }

  @Test
  void shouldSkipDmesgLinesWhenNoHostIsGiven() throws Exception {
    AnalysisResult r = analyzeLog("logs/dmesg-ratelimit.txt", null);
    assertThat(r.findings()).isEmpty();
    // the 9 lines with conntrack words are parsed in full; without a host they are skipped and counted
    assertThat(r.stats().skipped()).containsEntry(SkipReason.NO_HOST, 9L);
  }

  @Test
  void shouldFindThreeHostsInTheMixedFormatsAndIgnoreEveryTrap() throws Exception {
    AnalysisResult r = analyzeLog("logs/kern-mixed.log", null);

    List<BurstFinding> bursts = bursts(r);
    assertThat(bursts).extracting(BurstFinding::host, BurstFinding::messages)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lb-edge-1", 2L),
            org.assertj.core.groups.Tuple.tuple("lb-edge-2", 1L),
            org.assertj.core.groups.Tuple.tuple("old-nat-1", 1L));
    assertThat(bursts).filteredOn(b -> b.host().equals("old-nat-1")).singleElement()
        .extracting(BurstFinding::start).isEqualTo(Instant.parse("2026-03-02T08:14:56Z"));
    assertThat(bursts).filteredOn(b -> b.host().equals("lb-edge-1")).singleElement()
        .satisfies(b -> assertThat(b.end()).isEqualTo(Instant.parse("2026-03-02T08:14:55.381902Z")));
    assertThat(r.stats().ignoredNonKernel()).isEqualTo(1); // the application writing the same words
    assertThat(r.recommendations()).hasSize(3).allMatch(x -> x.severity() == Severity.CRITICAL);
  }

  @Test
  void shouldReadTheJournalJsonIncludingTheByteArrayMessageAndIgnoreNonKernelEntries() throws Exception {
    AnalysisResult r = analyzeLog("journal/kernel.json", null);

    List<BurstFinding> bursts = bursts(r);
    assertThat(bursts).hasSize(1);
    BurstFinding b = bursts.get(0);
    assertThat(b.host()).isEqualTo("k8s-node-7");
    assertThat(b.messages()).isEqualTo(13);
    assertThat(b.suppressed()).isEqualTo(8121);
    assertThat(b.end()).isEqualTo(Instant.parse("2026-03-02T08:15:00.000100Z"));
    assertThat(r.stats().ignoredNonKernel()).isEqualTo(2); // kubelet (same words) and nginx (transport stdout)
  }

  @Test
  void shouldWarnAndForecastForTheGrowthTimeline() throws Exception {
    Analyzer a = analyzer(null);
    a.addSamples(SampleReader.read(Files.newBufferedReader(Fixtures.path("samples/growth.csv")), a.stats()));
    AnalysisResult r = a.run();

    List<SaturationFinding> sat = r.findings().stream().filter(SaturationFinding.class::isInstance)
        .map(SaturationFinding.class::cast).toList();
    assertThat(sat).isNotEmpty();
    SaturationFinding last = sat.get(sat.size() - 1);
    assertThat(last.level()).isEqualTo(SaturationLevel.WARNING);
    assertThat(sat).anySatisfy(f -> assertThat(f.forecastFullAt()).isNotNull());
    Recommendation rec = r.recommendations().get(0);
    assertThat(rec.host()).isEqualTo("api-gw-3");
    assertThat(rec.severity()).isEqualTo(Severity.WARNING);
    assertThat(rec.recommended()).containsEntry("net.netfilter.nf_conntrack_max", 524288L);
    assertThat(String.join(" ", rec.reasons())).contains("least-squares trend").contains("RAM is unknown");
  }

  @Test
  void shouldStayQuietForTheSteadyTimeline() throws Exception {
    Analyzer a = analyzer(null);
    a.addSamples(SampleReader.read(Files.newBufferedReader(Fixtures.path("samples/steady.csv")), a.stats()));
    AnalysisResult r = a.run();

    assertThat(r.findings()).isEmpty();
    assertThat(r.recommendations()).singleElement().satisfies(rec -> {
      assertThat(rec.severity()).isEqualTo(Severity.INFO);
      assertThat(rec.recommended()).isEmpty();
    });
  }

  @Test
  void shouldAdviseOnlyTimeoutsForTheNatGatewayAt62Percent() throws Exception {
    Analyzer a = analyzer(null);
    a.addSamples(List.of(new ProcReader(Fixtures.path("proc/k4-nat-gw"))
        .read(null, NOW, ProcReader.HistogramLimits.DEFAULT)));
    AnalysisResult r = a.run();

    assertThat(r.findings()).isEmpty();
    Recommendation rec = r.recommendations().get(0);
    assertThat(rec.host()).isEqualTo("nat-gw-1");
    assertThat(rec.severity()).isEqualTo(Severity.INFO);
    assertThat(rec.recommended()).containsOnlyKeys("net.netfilter.nf_conntrack_tcp_timeout_established");
    assertThat(rec.recommended().get("net.netfilter.nf_conntrack_tcp_timeout_established")).isEqualTo(86400L);
  }

  @Test
  void shouldKeepTheAksNodeAsItIs() throws Exception {
    Analyzer a = analyzer(null);
    Path root = Fixtures.path("proc/k5-aks-node");
    a.addSamples(List.of(new ProcReader(root).read(null, NOW, ProcReader.HistogramLimits.DEFAULT)));
    AnalysisResult r = a.run();

    assertThat(r.findings()).isEmpty();
    assertThat(r.recommendations()).singleElement()
        .satisfies(rec -> assertThat(rec.recommended()).isEmpty());
  }

  @Test
  void shouldProduceNothingForTheTrapsAlone() throws Exception {
    Analyzer a = analyzer(null);
    String traps = String.join("\n",
        "2026-03-02T08:14:57.004417+00:00 lb-edge-1 kernel: [38775496.275611] nf_conntrack: expectation table full",
        "2026-03-02T08:15:02.733019+00:00 lb-edge-1 kernel: [38775502.004188] nf_conntrack: falling back to vmalloc.",
        "this line is not syslog at all",
        "<13>1 2026-03-02T08:15:09.000001Z lb-edge-2 app 4242 - [meta x=\"1\"] nf_conntrack: table full, dropping "
            + "packet (written by an application, not the kernel)",
        "Mar  2 08:15:10 h1 kernel: nf_conntrack: automatic helper assignment is deprecated");
    a.addLog(new java.io.ByteArrayInputStream(traps.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    AnalysisResult r = a.run();

    assertThat(r.findings()).isEmpty();
    assertThat(r.recommendations()).isEmpty();
    assertThat(r.stats().ignoredNonKernel()).isEqualTo(1);
  }

  @Test
  void shouldOrderFindingsByTime() throws Exception {
    Analyzer a = analyzer("docker-7");
    for (String rel : List.of("logs/kern-mixed.log", "journal/kernel.json", "logs/messages-seed.log")) {
      try (InputStream in = Files.newInputStream(Fixtures.path(rel))) {
        a.addLog(in);
      }
    }
    List<Finding> f = a.run().findings();
    assertThat(f).isSortedAccordingTo(java.util.Comparator.comparing(Finding::eventTime));
  }
}
