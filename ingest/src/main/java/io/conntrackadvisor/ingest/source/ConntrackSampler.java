package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.proc.ConntrackStats;
import io.conntrackadvisor.core.proc.NamespaceScanner;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.ops.StopSignal;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link ConntrackSample} of the proc root every sample interval, read by core's {@link ProcReader}.
 * The state histogram (the entry list {@code net/nf_conntrack}) is added at its own, slower interval, only where
 * the file exists, and bounded in lines and time. A sample is a snapshot that the next one supersedes, so when the
 * buffer is full it is dropped and counted instead of holding up the schedule.
 *
 * <p>On a real proc root (one with numeric pid folders) each sample also carries conntrack use per network
 * namespace from core's {@link NamespaceScanner}, unless turned off; snapshot roots without processes are sampled
 * exactly as before. A failed namespace scan costs the sample its breakdown, not the sample.
 *
 * <p>Kernels built without conntrack procfs have no {@code net/stat/nf_conntrack}; there the cumulative counters
 * (drops, insert failures) come from {@code conntrack -S} where the program is configured. A failed run is counted
 * by reason, logged the first time per reason, and costs the sample its counters, not the sample.
 */
public final class ConntrackSampler implements Source {
  /** Metrics label and checkpoint id of this source. */
  static final String LABEL = "sampler";
  private static final Logger LOG = LoggerFactory.getLogger(ConntrackSampler.class);
  private static final String ENTRY_LIST = "net/nf_conntrack";
  /** The counters' procfs file; without it they come from {@code conntrack -S}. */
  public static final String PROC_STATS = "net/stat/nf_conntrack";
  /** Process names recorded per namespace (they name its owner in recommendations). */
  private static final int PROCESS_NAMES = 5;
  /** Reason label of {@link ShipMetrics.Counter#SAMPLE_FAILURES} for a sample that could not be read. */
  static final String READ_FAILURE = "read";
  /** Reason label of {@link ShipMetrics.Counter#SAMPLE_FAILURES} for a failed namespace scan. */
  static final String NAMESPACE_FAILURE = "namespaces";

  private final ProcReader reader;
  private final Path procRoot;
  private final String host;
  private final Duration interval;
  private final Duration statesInterval;
  private final ProcReader.HistogramLimits limits;
  private final Outbox outbox;
  private final RecordFactory records;
  private final ShipMetrics metrics;
  private final StopSignal stop = new StopSignal();
  /** Null when namespaces are off or the proc root has no processes. */
  private final NamespaceScanner namespaces;
  /** Null when no {@code conntrack -S} fallback is configured. */
  private final ConntrackStatsCommand statsCommand;
  private final Set<String> loggedCommandFailures = new HashSet<>();
  private boolean commandUseLogged;
  private String lastFailure;
  private String lastNamespaceFailure;

  public ConntrackSampler(Path procRoot, String host, Duration interval, Duration statesInterval,
      ProcReader.HistogramLimits limits, Duration namespaceRescan, ConntrackStatsCommand statsCommand, Outbox outbox,
      RecordFactory records, ShipMetrics metrics) {
    this.reader = new ProcReader(procRoot);
    this.procRoot = procRoot;
    this.host = host;
    this.interval = interval;
    this.statesInterval = statesInterval;
    this.limits = limits;
    this.outbox = outbox;
    this.records = records;
    this.metrics = metrics;
    this.statsCommand = statsCommand;
    this.namespaces = namespaceRescan != null && hasProcesses(procRoot)
        ? new NamespaceScanner(procRoot, namespaceRescan, PROCESS_NAMES) : null;
  }

  /** True when the proc root lists processes (a live {@code /proc}, not a snapshot of its conntrack files). */
  static boolean hasProcesses(Path procRoot) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(procRoot, p -> isPid(p.getFileName().toString()))) {
      return ds.iterator().hasNext();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean isPid(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Whether samples carry the per-namespace breakdown. */
  boolean samplesNamespaces() {
    return namespaces != null;
  }

  @Override
  public String id() {
    return LABEL;
  }

  @Override
  public void run(Checkpoint resume) throws InterruptedException {
    long nextStates = System.nanoTime();
    long next = System.nanoTime();
    while (!stop.isSet()) {
      boolean states = System.nanoTime() - nextStates >= 0 && Files.isReadable(procRoot.resolve(ENTRY_LIST));
      if (states) {
        nextStates = System.nanoTime() + statesInterval.toNanos();
      }
      if (!sampleOnce(states)) {
        return;
      }
      // Fixed rate: a slow read shortens the wait instead of shifting every later sample.
      next += interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait < 0) {
        next = System.nanoTime();
      } else {
        stop.sleep(Duration.ofNanos(wait));
      }
    }
  }

  /** Reads and queues one sample; false when the outbox is closed. */
  boolean sampleOnce(boolean withStates) throws InterruptedException {
    ConntrackSample sample;
    try {
      sample = reader.read(host, Instant.now(), withStates ? limits : null);
    } catch (IOException | RuntimeException e) {
      metrics.increment(ShipMetrics.Counter.SAMPLE_FAILURES, LABEL, READ_FAILURE);
      if (!Objects.equals(e.getMessage(), lastFailure)) {
        lastFailure = e.getMessage();
        LOG.warn("Cannot sample conntrack from {}: {}", procRoot, e.toString());
      }
      return true;
    }
    lastFailure = null;
    if (statsCommand != null && !Files.exists(procRoot.resolve(PROC_STATS))) {
      sample = withCommandStats(sample);
    }
    if (namespaces != null) {
      sample = withNamespaces(sample);
    }
    metrics.increment(ShipMetrics.Counter.READ, LABEL);
    Outgoing o = new Outgoing(LABEL, records.sample(sample), Checkpoint.progress(LABEL, sample.timestamp()),
        true);
    return outbox.offerOrDrop(o, Duration.ZERO);
  }

  /** The sample with the counters of {@code conntrack -S}, or unchanged when the command failed. */
  private ConntrackSample withCommandStats(ConntrackSample sample) throws InterruptedException {
    ConntrackStats.Parsed parsed;
    try {
      parsed = statsCommand.run();
    } catch (ConntrackStatsCommand.Failure e) {
      metrics.increment(ShipMetrics.Counter.CONNTRACK_COMMAND_FAILURES, LABEL, e.reason());
      if (loggedCommandFailures.add(e.reason())) {
        LOG.warn("No conntrack counters (drops, insert failures) in this sample: {}; further failures of this kind "
            + "are only counted (conntrack_command_failures_total)", e.getMessage());
      }
      return sample;
    }
    if (!commandUseLogged) {
      commandUseLogged = true;
      LOG.info("{} is absent: conntrack counters come from {} -S", procRoot.resolve(PROC_STATS),
          statsCommand.program());
    }
    // As ProcReader does with the procfs rows: one line per CPU tells the CPU count when cpuinfo is absent.
    Integer cpus = sample.cpus() != null ? sample.cpus() : Integer.valueOf(parsed.cpuRows());
    return sample.withStats(parsed.stats(), cpus);
  }

  private ConntrackSample withNamespaces(ConntrackSample sample) {
    try {
      ConntrackSample s = sample.withNamespaces(namespaces.scan(sample.timestamp()));
      lastNamespaceFailure = null;
      return s;
    } catch (IOException | RuntimeException e) {
      metrics.increment(ShipMetrics.Counter.SAMPLE_FAILURES, LABEL, NAMESPACE_FAILURE);
      if (!Objects.equals(e.getMessage(), lastNamespaceFailure)) {
        lastNamespaceFailure = e.getMessage();
        LOG.warn("Cannot read conntrack use per namespace from {}: {}", procRoot, e.toString());
      }
      return sample;
    }
  }

  @Override
  public void stop() {
    stop.set();
  }
}
