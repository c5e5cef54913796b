package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.model.ops.OpsServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * The pages of {@code sink --http-port}, served by the {@link OpsServer} beside {@code /metrics}: the fleet page
 * of the report for each window ({@code /}, {@code /index.html}, {@code /index-15m.html} ...; {@code ?host=NAME}
 * for one host), and {@code /live?window=15m&since=VERSION}, the page's live part once the fleet differs from
 * {@code VERSION} (held up to {@link #LONG_POLL}, then 204).
 */
public final class Dashboard {
  /** Longest time a {@code /live} request waits for a change. */
  static final Duration LONG_POLL = Duration.ofSeconds(25);
  /** Threads of the server: the waiting pages, and always one more for {@code /metrics} and the probes. */
  public static final int THREADS = 8;
  private static final String HTML = "text/html; charset=utf-8";

  private final LiveFleet fleet;
  private final Duration window;
  /** Long polls held at once; beyond, {@code /live} answers at once, so the probes always get a thread. */
  private final Semaphore waiting = new Semaphore(THREADS - 2);

  public Dashboard(LiveFleet fleet, Duration window) {
    this.fleet = fleet;
    this.window = window;
  }

  /** The pages by path prefix, for the {@link OpsServer}. */
  public Map<String, OpsServer.Page> pages() {
    return Map.of("/", this::page, "/live", this::live);
  }

  private OpsServer.Answer page(URI uri) {
    String path = uri.getPath();
    Duration w = path.equals("/") || path.equals("/index.html") ? window
        : path.startsWith("/index-") && path.endsWith(".html")
            ? ReportWindows.parse(path.substring("/index-".length(), path.length() - ".html".length())) : null;
    if (w == null) {
      return OpsServer.Answer.text(404, "no such page; the fleet is at /");
    }
    LiveFleet.Snapshot s = fleet.current();
    String self = path.equals("/") ? "index.html" : path.substring(1);
    return OpsServer.Answer.ok(HTML, ReportPage.render(s.hosts(), s.at(), w,
        new ReportPage.View(self, query(uri).get("host")), s.version()));
  }

  private OpsServer.Answer live(URI uri) throws InterruptedException {
    Map<String, String> q = query(uri);
    Duration w = Objects.requireNonNullElse(ReportWindows.parse(q.get("window")), window);
    LiveFleet.Snapshot s = fleet.current();
    long since = parseLong(q.get("since"));
    if (s.version() == since && waiting.tryAcquire()) {
      try {
        s = fleet.otherThan(since, LONG_POLL);
      } finally {
        waiting.release();
      }
    }
    if (s.version() == since) {
      return new OpsServer.Answer(204, HTML, new byte[0]);
    }
    return OpsServer.Answer.ok(HTML, ReportPage.live(s.hosts(), s.at(), w,
        new ReportPage.View(null, q.get("host")), s.version()));
  }

  private static long parseLong(String text) {
    try {
      return text == null ? -1 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }
}
