package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.ops.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code OUT/index.html} up to date. Records update each host's {@link HostHistory} in memory; {@link #flush()}
 * (once per consumed batch, before the offsets are committed) saves the changed histories to
 * {@code OUT/.state/<host>/report-history.json} and regenerates the page, so a restarted sink starts from the
 * same picture instead of an empty one.
 */
final class ReportOutput {
  /** File name of a host's report history. */
  static final String HISTORY_FILE = "report-history.json";
  /** Shortest time between two renderings of the page: a busy fleet must not have it rewritten on every poll. */
  static final Duration MIN_PAGE_INTERVAL = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(ReportOutput.class);

  private final OutputDirectory out;
  private final Duration window;
  private final Clock clock;
  private final SinkMetrics metrics;
  private final Map<String, HostHistory> hosts = new TreeMap<>();
  private final Set<String> changed = new HashSet<>();
  private boolean pageStale;
  private Instant lastPage = Instant.MIN;

  ReportOutput(OutputDirectory out, Duration window, Clock clock, SinkMetrics metrics) {
    this.out = out;
    this.window = window;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Reads the histories saved by earlier runs; unreadable ones are counted and skipped. */
  void load() throws IOException {
    for (String host : out.stateHosts()) {
      try {
        Path file = out.stateDir(host).resolve(HISTORY_FILE);
        if (Files.isRegularFile(file)) {
          hosts.put(host, Json.read(Files.readAllBytes(file), HostHistory.class));
        }
      } catch (IOException | RecordRejectedException e) {
        metrics.increment(SinkMetrics.Counter.STATE_UNREADABLE);
        LOG.warn("ignoring report history of '{}': {}", PlainText.forLog(host), e.getMessage());
      }
    }
    pageStale = !hosts.isEmpty(); // the page may predate the last saved history
  }

  void add(ValidRecommendation r) {
    update(r.host(), hosts.getOrDefault(r.host(), HostHistory.empty(r.host())).with(r));
  }

  /** Adds a finding whose host name was checked. */
  void add(Finding f) {
    update(f.host(), hosts.getOrDefault(f.host(), HostHistory.empty(f.host())).with(f));
  }

  private void update(String host, HostHistory h) {
    if (!h.equals(hosts.get(host))) {
      hosts.put(host, h);
      changed.add(host);
      pageStale = true;
    }
  }

  /**
   * Saves the histories that changed since the last flush, then rewrites the page if it is stale and was not
   * rewritten within {@link #MIN_PAGE_INTERVAL}; a deferred rewrite happens at a later flush (one per poll).
   */
  void flush() throws IOException, RecordRejectedException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(window);
    for (String host : Set.copyOf(changed)) {
      HostHistory pruned = hosts.get(host).prunedBefore(cutoff);
      hosts.put(host, pruned);
      AtomicFiles.write(out.stateDir(host).resolve(HISTORY_FILE), Json.writeBytes(pruned));
      changed.remove(host);
    }
    if (!pageStale || now.isBefore(lastPage.plus(MIN_PAGE_INTERVAL))) {
      return;
    }
    List<HostHistory> shown = hosts.values().stream().map(h -> h.prunedBefore(cutoff)).toList();
    AtomicFiles.write(out.reportFile(), ReportPage.render(shown, now, window).getBytes(StandardCharsets.UTF_8));
    pageStale = false;
    lastPage = now;
    metrics.increment(SinkMetrics.Counter.REPORT_WRITES);
  }
}
