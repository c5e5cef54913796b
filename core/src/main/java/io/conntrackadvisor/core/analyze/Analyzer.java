package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.parse.DecodedRecord;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.SkipReason;
import io.conntrackadvisor.core.recommend.AdvicePolicy;
import io.conntrackadvisor.core.recommend.Recommender;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.TimeEstimate;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Offline analysis: logs and samples from one or many hosts in, findings and recommendations out, with the same
 * {@link HostDetector} and {@link Recommender} the Streams application runs. Only conntrack-related kernel
 * messages are kept in memory (not whole logs), then merged with the samples in time order. Lines without a host
 * take the context's (from {@code --host}), else the file's name; lines without a time take an estimate
 * ({@link LogScanner}), and the bursts they are part of say so.
 */
public final class Analyzer {
  private final HostDetector detector;
  private final Recommender recommender;
  private final ParseContext ctx;
  private final ScanStats stats = new ScanStats();
  private final List<Event> events = new ArrayList<>();
  /** Events whose time was estimated (lines without a stamp of their own). */
  private final List<Event> estimated = new ArrayList<>();
  /** How much of a file before a part scanned in parallel is read to know the lines before the part. */
  private static final int PRIME_BYTES = 64 * 1024;
  /** Files smaller than this per core are read by one thread. */
  private static final long PARALLEL_MIN_BYTES = 32L << 20;

  /**
   * One timed input: a classified kernel message of a host, or a sample. Only the meaning of a message is kept,
   * not its text: a gigabyte of log keeps about a hundred thousand of these until the end.
   */
  private record Event(Instant t, String host, KernelEvent message, TimeEstimate estimate, ConntrackSample sample) {
  }

  public Analyzer(DetectorConfig detectorConfig, RecommenderConfig recommenderConfig, ParseContext ctx) {
    this.detector = new HostDetector(detectorConfig);
    this.recommender = new Recommender(recommenderConfig);
    this.ctx = ctx;
  }

  /**
   * Reads a log stream (gzip detected by its magic bytes); does not close it. Lines without a time before which no
   * stamped line came take the time it is read.
   */
  public void addLog(InputStream in) throws IOException {
    addLog(in, ctx, ctx.now(), TimeEstimate.READ_TIME);
  }

  private void addLog(InputStream in, ParseContext fileCtx, Instant fallbackTime, TimeEstimate fallback)
      throws IOException {
    InputStream s = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
    s.mark(2);
    int b1 = s.read();
    int b2 = s.read();
    s.reset();
    InputStream body = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(s, 1 << 16) : s;
    new LogScanner(fileCtx, stats, fallbackTime, fallback, relevant(events)).scan(body);
  }

  /**
   * Reads a log file. A large plain file is split at line boundaries and its parts are scanned in parallel, one
   * per core; the order of the input does not matter because events are sorted by time before detection.
   */
  public void addLog(Path file) throws IOException {
    long size = Files.size(file);
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Path name = file.getFileName();
    ParseContext fileCtx = ctx.defaultHost() != null || name == null ? ctx : ctx.withDefaultHost(name.toString());
    int threads = Runtime.getRuntime().availableProcessors();
    int parts = Math.min(threads, (int) Math.max(1, size / PARALLEL_MIN_BYTES));
    if (parts < 2 || isGzip(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        addLog(in, fileCtx, modified, TimeEstimate.FILE_MTIME);
      }
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long[] bounds = FileRegions.splitAtNewlines(ch, size, parts);
      List<Future<ScanStats>> results = new ArrayList<>();
      List<List<Event>> found = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(parts);
      try {
        for (int i = 0; i < parts; i++) {
          long from = bounds[i];
          long to = bounds[i + 1];
          List<Event> part = new ArrayList<>();
          found.add(part);
          results.add(pool.submit(() -> {
            ScanStats partStats = new ScanStats();
            LogScanner scanner = new LogScanner(fileCtx, partStats, modified, TimeEstimate.FILE_MTIME, relevant(part));
            scanner.prime(FileRegions.linesBefore(ch, from, PRIME_BYTES));
            scanner.scan(FileRegions.stream(ch, from, to));
            return partStats;
          }));
        }
        for (Future<ScanStats> f : results) {
          stats.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + file, e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
      found.forEach(events::addAll);
    }
  }

  /**
   * Reads records of a log topic, one a line, as {@code kcat -e -C -t TOPIC} dumps them, in {@code format}: kernel
   * messages count, other programs' messages are counted as ignored, unreadable records as skipped; does not close
   * the reader.
   */
  public void addRecords(BufferedReader in, InputFormat format) throws IOException {
    BiConsumer<KernelMessage, TimeEstimate> keep = relevant(events);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      stats.linesRead++;
      stats.bytesRead += line.length() + 1;
      if (line.isBlank()) {
        stats.skip(SkipReason.EMPTY, line);
        continue;
      }
      DecodedRecord r = format.decode(line, ctx);
      switch (r.outcome()) {
        case KERNEL -> {
          stats.candidateLines++;
          if (KernelEvent.classify(r.message().message()).kind() != KernelEvent.Kind.OTHER) {
            stats.kernelMessages++;
          }
          keep.accept(r.message(), null);
        }
        case OTHER -> stats.ignoredNonKernel++;
        default -> stats.skip(SkipReason.UNRECOGNIZED_FORMAT, line);
      }
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * Keeps only what the detectors use: table-full and rate-limit messages, classified once; equal host names share
   * one string.
   */
  private static BiConsumer<KernelMessage, TimeEstimate> relevant(List<Event> into) {
    Map<String, String> hosts = new HashMap<>();
    return (m, estimate) -> {
      KernelEvent ev = KernelEvent.classify(m.message());
      if (ev.kind() != KernelEvent.Kind.OTHER) {
        into.add(new Event(m.timestamp(), hosts.computeIfAbsent(m.host(), h -> h), ev, estimate, null));
      }
    };
  }

  /** Adds samples. */
  public void addSamples(List<ConntrackSample> samples) {
    for (ConntrackSample s : samples) {
      stats.samples++;
      events.add(new Event(s.timestamp(), null, null, null, s));
    }
  }

  /** Counters so far (sample readers add to them too). */
  public ScanStats stats() {
    return stats;
  }

  /**
   * A burst with lines whose time was estimated says so, and from what (the loosest estimate among them). The
   * estimated lines are few (pasted excerpts), so they are looked up here rather than carried in the detector's
   * state, which the Streams application stores.
   */
  private Finding withTimeEstimate(Finding f) {
    if (!(f instanceof BurstFinding b)) {
      return f;
    }
    TimeEstimate loosest = null;
    for (Event e : estimated) {
      if (e.host.equals(b.host()) && Objects.equals(e.message.netns(), b.netns())
          && Objects.equals(e.message.vps(), b.vps()) && e.message.kind() == KernelEvent.Kind.TABLE_FULL
          && !e.t.isBefore(b.start()) && !e.t.isAfter(b.end())
          && (loosest == null || e.estimate.compareTo(loosest) > 0)) {
        loosest = e.estimate;
      }
    }
    return loosest == null ? f : b.withTimeEstimated(loosest);
  }

  /**
   * Runs the detectors over everything added, in time order, and recommends per host: with the whole evidence at
   * the end, and along the way by the {@link AdvicePolicy} the Streams application publishes by, which tells since
   * when that advice stands.
   */
  public AnalysisResult run() {
    return run(true);
  }

  /**
   * As {@link #run()}; without {@code adviceTimes} the policy is not run along the events and
   * {@link AnalysisResult#adviceSince()} is empty: it runs the recommender at every event that may change a host's
   * advice, a fifth of the time of a 1 GiB log (BENCHMARKS.md), and only the text report shows its times.
   */
  public AnalysisResult run(boolean adviceTimes) {
    // a stable sort: events of the same time stay in the order they were added
    events.sort(Comparator.comparing(Event::t));
    Map<String, HostState> hosts = new LinkedHashMap<>();
    Map<String, Instant> since = new HashMap<>();
    AdvicePolicy policy = new AdvicePolicy(recommender);
    List<Finding> findings = new ArrayList<>();
    for (Event e : events) {
      if (e.estimate != null) {
        estimated.add(e);
      }
      String host = e.message != null ? e.host : e.sample.host();
      HostState st = hosts.computeIfAbsent(host, HostState::forHost);
      AdvicePolicy.Before before = adviceTimes ? AdvicePolicy.before(st) : null;
      List<Finding> found = e.message != null ? detector.onEvent(st, e.t, e.message, Duration.ZERO)
          : detector.onSample(st, e.sample);
      findings.addAll(found);
      if (adviceTimes) {
        policy.after(st, before, e.sample, found).ifPresent(r -> since.put(host, r.timestamp()));
      }
    }
    List<Recommendation> recs = new ArrayList<>();
    for (HostState st : hosts.values()) {
      List<Finding> closed = detector.closeAll(st);
      findings.addAll(closed);
      if (adviceTimes) {
        policy.afterClosing(st, closed).ifPresent(r -> since.put(st.host(), r.timestamp()));
      }
      recommender.recommend(st).ifPresent(r -> {
        recs.add(r);
        if (adviceTimes && r.adviceFingerprint() != st.issuedAdvice()) {
          since.put(st.host(), r.timestamp());
        }
      });
    }
    since.keySet().retainAll(recs.stream().map(Recommendation::host).toList());
    findings.replaceAll(this::withTimeEstimate);
    findings.sort(Comparator.comparing(Finding::eventTime));
    recs.sort(Comparator.comparing(Recommendation::timestamp).thenComparing(Recommendation::host));
    return new AnalysisResult(findings, recs, Map.copyOf(since), stats);
  }
}
