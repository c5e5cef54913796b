package io.conntrackadvisor.ingest;

import io.conntrackadvisor.core.proc.NamespaceScanner;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
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
 */
final class ConntrackSampler implements Source {
  /** Metrics label and checkpoint id of this source. */
  static final String LABEL = "sampler";
  private static final Logger LOG = LoggerFactory.getLogger(ConntrackSampler.class);
  private static final String ENTRY_LIST = "net/nf_conntrack";
  /** Process names recorded per namespace (they name its owner in recommendations). */
  private static final int PROCESS_NAMES = 5;
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
  private final Signal stop = new Signal();
  /** Null when namespaces are off or the proc root has no processes. */
  private final NamespaceScanner namespaces;
  private String lastFailure;
  private String lastNamespaceFailure;

  ConntrackSampler(Path procRoot, String host, Duration interval, Duration statesInterval,
      ProcReader.HistogramLimits limits, Duration namespaceRescan, Outbox outbox, RecordFactory records,
      ShipMetrics metrics) {
    this.reader = new ProcReader(procRoot);
    this.procRoot = procRoot;
    this.host = host;
    this.interval = interval;
    this.statesInterval = statesInterval;
    this.limits = limits;
    this.outbox = outbox;
    this.records = records;
    this.metrics = metrics;
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
      metrics.increment(ShipMetrics.Counter.SAMPLE_FAILURES, LABEL);
      String why = e.getMessage();
      if (!Objects.equals(why, lastFailure)) {
        lastFailure = why;
        LOG.warn("Cannot sample conntrack from {}: {}", procRoot, e.toString());
      }
      return true;
    }
    lastFailure = null;
    if (namespaces != null) {
      sample = withNamespaces(sample);
    }
    metrics.increment(ShipMetrics.Counter.READ, LABEL);
    Outgoing o = new Outgoing(LABEL, records.sample(sample), Checkpoint.progress(LABEL, sample.timestamp()));
    return outbox.offerOrDrop(o, Duration.ZERO);
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
