package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.analyze.AnalysisResult;
import io.conntrackadvisor.core.analyze.Analyzer;
import io.conntrackadvisor.core.analyze.SampleReader;
import io.conntrackadvisor.core.analyze.ScanStats;
import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.KernelMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code examples/fixtures} scenarios as the Streams application receives them (log lines parsed with the
 * core {@link LineParser}, {@code /proc} snapshots read with {@link ProcReader}, CSV timelines) and as the offline
 * {@link Analyzer} reads the same files.
 */
final class FixtureInputs {
  /** Reference time for RFC 3164 years, as the core fixture tests use it. */
  static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
  private static final ParseContext CONTEXT = new ParseContext(null, NOW, ZoneOffset.UTC, null, "file");
  private static final List<String> LOGS =
      List.of("logs/messages-seed.log", "logs/kern-mixed.log", "journal/kernel.json");
  private static final List<String> TIMELINES = List.of("samples/growth.csv", "samples/steady.csv");

  /** What goes to the two input topics. */
  record Inputs(List<KernelMessage> messages, List<ConntrackSample> samples) {
  }

  private FixtureInputs() {
  }

  /** A fixture file or folder. */
  static Path path(String rel) {
    String dir = System.getProperty("fixtures.dir");
    Path p = (dir != null ? Path.of(dir) : Path.of("..", "examples", "fixtures")).resolve(rel);
    if (!Files.exists(p)) {
      throw new IllegalStateException("fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  /** Every log, the Docker host snapshot right after the seed log's burst, the NAT gateway and both timelines. */
  static Inputs all() throws IOException {
    List<KernelMessage> messages = new ArrayList<>();
    for (String log : LOGS) {
      for (String line : Files.readAllLines(path(log), StandardCharsets.UTF_8)) {
        ParseResult r = LineParser.parse(line, CONTEXT);
        if (r.ok()) {
          messages.add(r.message());
        }
      }
    }
    return new Inputs(messages, samples());
  }

  private static List<ConntrackSample> samples() throws IOException {
    List<ConntrackSample> samples = new ArrayList<>();
    samples.add(new ProcReader(path("proc/k6-docker-host"))
        .read(null, Instant.parse("2026-07-17T14:55:20Z"), ProcReader.HistogramLimits.DEFAULT));
    samples.add(new ProcReader(path("proc/k4-nat-gw")).read(null, NOW, ProcReader.HistogramLimits.DEFAULT));
    for (String timeline : TIMELINES) {
      try (BufferedReader r = Files.newBufferedReader(path(timeline), StandardCharsets.UTF_8)) {
        samples.addAll(SampleReader.read(r, new ScanStats()));
      }
    }
    return samples;
  }

  /** The offline analysis of the same files with the same tunables (bursts reported at close, as offline does). */
  static AnalysisResult analyze(DetectorConfig detector, RecommenderConfig recommender) throws IOException {
    Analyzer a = analyzer(detector, recommender);
    for (String log : LOGS) {
      try (InputStream in = Files.newInputStream(path(log))) {
        a.addLog(in);
      }
    }
    a.addSamples(samples());
    return a.run();
  }

  /** An offline analyzer with the streaming detector's tunables, bursts reported when they close. */
  static Analyzer analyzer(DetectorConfig detector, RecommenderConfig recommender) {
    DetectorConfig offline = new DetectorConfig(detector.burstGap(), false, detector.burstUpdateInterval(),
        detector.warning(), detector.critical(), detector.hysteresis(), detector.trendWindow(), detector.horizon(),
        detector.maxRecentSamples(), detector.maxOpenBursts());
    return new Analyzer(offline, recommender, CONTEXT);
  }
}
