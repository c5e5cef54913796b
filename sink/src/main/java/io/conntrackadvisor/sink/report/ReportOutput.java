package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.ops.AtomicFiles;
import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.PlainText;
import io.conntrackadvisor.sink.RecordRejectedException;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each host's {@link HostHistory} for the report and the live dashboard. Records update the histories in
 * memory; {@link #flush()} (once per consumed batch, before the offsets are committed) trims them to
 * {@link #retention()}, saves them to {@code OUT/.state/<host>/report-history.json}, publishes the fleet to the
 * {@link LiveFleet} the dashboard reads, and (with the static report on) rewrites {@code OUT/index.html} and one
 * page per window choice ({@link ReportWindows}). A restarted sink starts from the saved histories.
 *
 * <p>A host's history is saved at once when it first changes, then at most every {@link #SAVE_INTERVAL} (samples
 * change it every few seconds), and whole at {@link #close()}: after a crash the charts may miss the last seconds
 * of samples, never a finding's advice for long.
 */
public final class ReportOutput {
  /** File name of a host's report history. */
  public static final String HISTORY_FILE = "report-history.json";
  /** Shortest time between two renderings of the page: a busy fleet must not have it rewritten on every poll. */
  static final Duration MIN_PAGE_INTERVAL = Duration.ofSeconds(2);
  /** Longest time a changed history waits before it is saved. */
  static final Duration SAVE_INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(ReportOutput.class);

  private final OutputDirectory out;
  private final Duration window;
  private final boolean staticPages;
  private final Clock clock;
  private final SinkMetrics metrics;
  private final LiveFleet live = new LiveFleet();
  private final Map<String, HostHistory> hosts = new TreeMap<>();
  private final Set<String> changed = new HashSet<>();
  private final Set<String> unsaved = new HashSet<>();
  private final Map<String, Instant> lastSaved = new HashMap<>();
  private boolean pageStale;
  private boolean fleetStale;
  private Instant lastPage = Instant.MIN;

  /** Static pages and the live fleet; with {@code staticPages} false, only the live fleet (no {@code --report}). */
  public ReportOutput(OutputDirectory out, Duration window, boolean staticPages, Clock clock, SinkMetrics metrics) {
    this.out = out;
    this.window = window;
    this.staticPages = staticPages;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** How far back histories go: the longest window the pages offer, or the report window if longer. */
  Duration retention() {
    return window.compareTo(ReportWindows.LONGEST) > 0 ? window : ReportWindows.LONGEST;
  }

  /** What the dashboard shows: the fleet as of the last flush. */
  public LiveFleet live() {
    return live;
  }

  /** Reads the histories saved by earlier runs; unreadable ones are counted and skipped. */
  public void load() throws IOException {
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
    live.publish(List.copyOf(hosts.values()), clock.instant()); // the dashboard shows them before the first poll
  }

  public void add(ValidRecommendation r) {
    update(r.host(), history(r.host()).with(r));
  }

  /** Adds a finding whose host name was checked. */
  public void add(Finding f) {
    update(f.host(), history(f.host()).with(f));
  }

  /** Adds a sample whose host name was checked; one older than the history is of no use (a replay). */
  public void add(ConntrackSample s) {
    if (!s.timestamp().isBefore(clock.instant().minus(retention()))) {
      update(s.host(), history(s.host()).with(s));
    }
  }

  private HostHistory history(String host) {
    return hosts.getOrDefault(host, HostHistory.empty(host));
  }

  private void update(String host, HostHistory h) {
    if (!h.equals(hosts.get(host))) {
      hosts.put(host, h);
      changed.add(host);
      pageStale = true;
      fleetStale = true;
    }
  }

  /**
   * Trims and saves the histories that changed (see the class comment for when), publishes the fleet, then
   * rewrites the pages if they are stale and were not rewritten within {@link #MIN_PAGE_INTERVAL}; a deferred
   * rewrite happens at a later flush (one per poll).
   */
  public void flush() throws IOException, RecordRejectedException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(retention());
    for (String host : changed) {
      HostHistory h = hosts.get(host).trimmed(cutoff, now);
      if (h.knowsNothing()) {
        hosts.remove(host); // only records older than the history (a replay of old samples): nothing to show
      } else {
        hosts.put(host, h);
        unsaved.add(host);
      }
    }
    changed.clear();
    for (String host : Set.copyOf(unsaved)) {
      Instant saved = lastSaved.get(host);
      if (saved == null || !now.isBefore(saved.plus(SAVE_INTERVAL))) {
        save(host, now);
      }
    }
    if (fleetStale) {
      live.publish(List.copyOf(hosts.values()), now);
      fleetStale = false;
    }
    if (!staticPages || !pageStale || now.isBefore(lastPage.plus(MIN_PAGE_INTERVAL))) {
      return;
    }
    List<HostHistory> all = List.copyOf(hosts.values());
    AtomicFiles.write(out.reportFile(), page(all, now, window, ReportWindows.fileOf(window)));
    for (Duration w : ReportWindows.CHOICES) {
      AtomicFiles.write(out.root().resolve(ReportWindows.fileOf(w)), page(all, now, w, ReportWindows.fileOf(w)));
    }
    pageStale = false;
    lastPage = now;
    metrics.increment(SinkMetrics.Counter.REPORT_WRITES);
  }

  private static byte[] page(List<HostHistory> all, Instant now, Duration w, String self) {
    return ReportPage.render(all, now, w, new ReportPage.View(self, null), 0).getBytes(StandardCharsets.UTF_8);
  }

  private void save(String host, Instant now) throws IOException, RecordRejectedException {
    AtomicFiles.write(out.stateDir(host).resolve(HISTORY_FILE), Json.writeBytes(hosts.get(host)));
    lastSaved.put(host, now);
    unsaved.remove(host);
  }

  /** Saves every history not saved yet: called when the sink stops. */
  public void close() throws IOException, RecordRejectedException {
    flush();
    Instant now = clock.instant();
    for (String host : Set.copyOf(unsaved)) {
      save(host, now);
    }
  }
}
