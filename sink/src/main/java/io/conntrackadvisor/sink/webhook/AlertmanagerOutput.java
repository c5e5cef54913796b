package io.conntrackadvisor.sink.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import io.conntrackadvisor.model.ops.AtomicFiles;
import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.PlainText;
import io.conntrackadvisor.sink.RecordRejectedException;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds Alertmanager's v2 API ({@code POST /api/v2/alerts}) the way Prometheus does: one alert per host whose advice
 * is warning or critical, posted at once and then again every {@code alertmanager.resend.interval} with
 * {@code endsAt} {@code alertmanager.alert.ttl} ahead, so that an alert whose sink died resolves by itself; when the
 * advice returns to info the alert is posted with {@code endsAt} set to that moment. Every Alertmanager listed
 * (an HA pair) gets every alert.
 *
 * <p>The alerts are kept per host in {@code OUT/.state/<host>/alertmanager.json}, written before the record's offset
 * is committed: that file is the outbox. One thread posts, so a host's posts keep their order; a post that failed
 * (server down, or a 4xx after a configuration error) is repeated by the next re-send, and a resolved alert is
 * re-sent until any firing copy of it would have expired.
 */
public final class AlertmanagerOutput implements AutoCloseable {
  /** File name of a host's alerts in its state folder. */
  static final String STATE_FILE = "alertmanager.json";
  /** Path of Alertmanager's API for posting alerts. */
  static final String ALERTS_PATH = "/api/v2/alerts";
  /** Alerts per request, as Prometheus batches them. */
  static final int BATCH = 64;
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerOutput.class);

  /**
   * One alert of a host as it was last posted.
   *
   * @param labels      its identity in Alertmanager
   * @param annotations summary, reasons and drop-in
   * @param startsAt    when the advice that fires it began
   * @param resolvedAt  when the advice stopped firing it, or null while it fires
   */
  record HostAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
      Instant resolvedAt) {
    HostAlert resolved(Instant at) {
      return new HostAlert(labels, annotations, startsAt, at.isBefore(startsAt) ? startsAt : at);
    }
  }

  /** The state file's content: a host's alerts, the firing one (if any) last. */
  record HostAlerts(List<HostAlert> alerts) {
  }

  /** One alert in the body Alertmanager's API takes, an array of them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {
  }

  private final List<WebhookSender> senders;
  private final OutputDirectory out;
  private final Duration resend;
  private final Duration ttl;
  private final Clock clock;
  private final SinkMetrics metrics;
  private final Map<String, List<HostAlert>> byHost = new HashMap<>();
  private final Set<String> due = new LinkedHashSet<>();
  private final Thread poster;
  private boolean stopped;
  private Instant nextResend = Instant.MIN;

  public AlertmanagerOutput(List<WebhookSender> senders, OutputDirectory out, SinkSettings settings, Clock clock,
      SinkMetrics metrics) {
    this.senders = List.copyOf(senders);
    this.out = out;
    this.resend = settings.alertResend();
    this.ttl = settings.alertTtl();
    this.clock = clock;
    this.metrics = metrics;
    this.poster = new Thread(this::postLoop, "sink-alertmanager");
    poster.setDaemon(true);
  }

  /** {@code url} itself when it has a path, else the server's alerts endpoint ({@code http://am:9093} works). */
  public static URI alertsEndpoint(URI url) {
    String path = url.getRawPath();
    return path == null || path.isEmpty() || path.equals("/") ? url.resolve(ALERTS_PATH) : url;
  }

  /** Reads the alerts kept by an earlier run and starts posting (the kept firing ones at once). */
  public void start() throws IOException {
    for (String host : out.stateHosts()) {
      List<HostAlert> kept = load(host);
      if (!kept.isEmpty()) {
        synchronized (this) {
          byHost.put(host, kept);
        }
      }
    }
    poster.start();
  }

  /**
   * Takes the host's new advice: warning or critical fires (or updates) its alert, info resolves it. Durable when
   * this returns; the post itself happens on the posting thread right after.
   */
  public synchronized void deliver(ValidRecommendation r) throws IOException, RecordRejectedException {
    List<HostAlert> before = byHost.getOrDefault(r.host(), List.of());
    List<HostAlert> after = next(before, r, clock.instant());
    if (after.equals(before)) {
      metrics.increment(SinkMetrics.Counter.WEBHOOK_SKIPPED);
      return;
    }
    save(r.host(), after);
    due.add(r.host());
    notifyAll();
  }

  /** The host's alerts once {@code r} is taken into account at wall-clock time {@code now}. */
  static List<HostAlert> next(List<HostAlert> before, ValidRecommendation r, Instant now) {
    List<HostAlert> after = new ArrayList<>(before);
    int last = after.size() - 1;
    HostAlert firing = last >= 0 && after.get(last).resolvedAt() == null ? after.get(last) : null;
    if (r.severity() == Severity.INFO) {
      if (firing != null) {
        after.set(last, firing.resolved(now));
      }
      return after;
    }
    Map<String, String> labels = labels(r);
    Map<String, String> annotations = annotations(r);
    if (firing != null && firing.labels().equals(labels)) {
      after.set(last, new HostAlert(labels, annotations, firing.startsAt(), null));
      return after;
    }
    // other labels make another alert in Alertmanager: resolve the old one, keep the episode's start
    if (firing != null) {
      after.set(last, firing.resolved(now));
    }
    after.add(new HostAlert(labels, annotations, firing != null ? firing.startsAt() : r.timestamp(), null));
    return after;
  }

  /** alertname, host, severity, and the network namespace (with its container or pod) when it is full on its own. */
  static Map<String, String> labels(ValidRecommendation r) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("alertname", WebhookPayloads.ALERT_NAME);
    labels.put("host", r.host());
    labels.put("severity", r.severity().wireName());
    if (!r.namespaces().isEmpty() && r.namespaces().get(0).share() >= 1.0) {
      TopNamespace top = r.namespaces().get(0);
      labels.put("netns", Long.toString(top.netns()));
      if (top.container() != null) {
        labels.put("container", top.container());
      }
      if (top.pod() != null) {
        labels.put("pod", top.pod());
      }
    }
    return labels;
  }

  static Map<String, String> annotations(ValidRecommendation r) {
    Map<String, String> a = new TreeMap<>();
    a.put("summary", WebhookPayloads.summary(r));
    a.put("description", String.join("\n", r.reasons()));
    a.put("sysctl_conf", r.sysctlConf());
    if (r.hashsize() != null) {
      a.put("modprobe_conf", r.modprobeConf());
    }
    a.put("digest", r.digest());
    return a;
  }

  /** What is posted for {@code alerts} at {@code now}: firing ones end {@code ttl} ahead, resolved ones when resolved. */
  static List<PostableAlert> postable(List<HostAlert> alerts, Instant now, Duration ttl) {
    List<PostableAlert> body = new ArrayList<>(alerts.size());
    for (HostAlert a : alerts) {
      Instant end = a.resolvedAt() != null ? a.resolvedAt()
          : (now.isBefore(a.startsAt()) ? a.startsAt() : now).plus(ttl);
      body.add(new PostableAlert(a.labels(), a.annotations(), a.startsAt(), end));
    }
    return body;
  }

  private void postLoop() {
    while (true) {
      List<PostableAlert> body;
      synchronized (this) {
        body = takeDue();
        if (body == null) {
          return;
        }
      }
      post(body);
    }
  }

  /** Waits until hosts are due or the re-send time comes; the alerts to post then, or null once stopped. */
  private List<PostableAlert> takeDue() {
    Instant now = clock.instant();
    while (!stopped && due.isEmpty() && now.isBefore(nextResend)) {
      try {
        wait(Math.max(1, Duration.between(now, nextResend).toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      now = clock.instant();
    }
    if (stopped) {
      return null;
    }
    Set<String> hosts = new LinkedHashSet<>(due);
    if (!now.isBefore(nextResend)) {
      hosts.addAll(byHost.keySet());
      nextResend = now.plus(resend);
    }
    due.clear();
    List<PostableAlert> body = new ArrayList<>();
    for (String host : hosts) {
      body.addAll(postable(forget(host, now), now, ttl));
    }
    return body;
  }

  /**
   * Forgets (in memory and in the state file) the host's resolved alerts that no firing copy in Alertmanager can
   * outlive any more, and returns its alerts as they were, so that those are posted a last time.
   */
  private List<HostAlert> forget(String host, Instant now) {
    List<HostAlert> alerts = byHost.getOrDefault(host, List.of());
    List<HostAlert> kept = alerts.stream()
        .filter(a -> a.resolvedAt() == null || !now.isAfter(a.resolvedAt().plus(ttl))).toList();
    if (kept.size() != alerts.size()) {
      try {
        save(host, kept);
      } catch (IOException | RecordRejectedException e) {
        metrics.increment(SinkMetrics.Counter.OUTPUT_FAILURES);
        LOG.warn("could not update the alerts kept for {}: {}", PlainText.forLog(host), e.toString());
      }
    }
    return alerts;
  }

  private void post(List<PostableAlert> body) {
    for (int from = 0; from < body.size(); from += BATCH) {
      String json = Json.write(body.subList(from, Math.min(body.size(), from + BATCH)));
      String key = "alerts-" + clock.millis() + "-" + from;
      for (WebhookSender sender : senders) {
        if (sender.post(json, key) == WebhookSender.Result.STOPPED) {
          return;
        }
      }
    }
  }

  private void save(String host, List<HostAlert> alerts) throws IOException, RecordRejectedException {
    Path file = out.stateDir(host).resolve(STATE_FILE);
    if (alerts.isEmpty()) {
      Files.deleteIfExists(file);
      byHost.remove(host);
    } else {
      AtomicFiles.write(file, Json.writeBytes(new HostAlerts(alerts)));
      byHost.put(host, List.copyOf(alerts));
    }
  }

  private List<HostAlert> load(String host) {
    try {
      Path file = out.stateDir(host).resolve(STATE_FILE);
      if (!Files.isRegularFile(file)) {
        return List.of();
      }
      HostAlerts kept = Json.read(Files.readAllBytes(file), HostAlerts.class);
      return kept.alerts() == null ? List.of() : List.copyOf(kept.alerts());
    } catch (IOException | RecordRejectedException | RuntimeException e) {
      // a damaged file costs at most this host's alert until its next advice
      metrics.increment(SinkMetrics.Counter.STATE_UNREADABLE);
      LOG.warn("ignoring the unreadable alerts kept for {}: {}", PlainText.forLog(host), e.toString());
      return List.of();
    }
  }

  /** Stops posting; the alerts stay in Alertmanager until their {@code endsAt}. */
  @Override
  public void close() {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    try {
      poster.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
