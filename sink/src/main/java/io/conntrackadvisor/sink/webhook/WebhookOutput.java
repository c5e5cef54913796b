package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.ops.AtomicFiles;
import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.RecordRejectedException;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each new checked recommendation to the webhook once, in the configured format. What it last delivered per
 * host is kept in {@code OUT/.state/<host>/webhook-delivered.json} so that a replay (uncommitted offsets, a new
 * consumer group, expired offsets) does not notify twice. A recommendation is not sent when its advice equals the
 * last delivered one, or when it is not newer than that one.
 */
public final class WebhookOutput {
  /** File name of a host's last delivery. */
  public static final String LEDGER_FILE = "webhook-delivered.json";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookOutput.class);

  /** The last delivered recommendation of a host. */
  record Delivered(String digest, Instant timestamp) {
  }

  private final WebhookSender sender;
  private final WebhookFormat format;
  private final OutputDirectory out;
  private final SinkMetrics metrics;
  private final Map<String, Delivered> byHost = new HashMap<>();

  public WebhookOutput(WebhookSender sender, WebhookFormat format, OutputDirectory out, SinkMetrics metrics) {
    this.sender = sender;
    this.format = format;
    this.out = out;
    this.metrics = metrics;
  }

  /**
   * Delivers {@code r} unless it (or newer advice) was already delivered. Returns false only when the sink is
   * stopping before the delivery ended: then the record must stay uncommitted. A delivery given up on counts as
   * done.
   */
  public boolean deliver(ValidRecommendation r) throws IOException, RecordRejectedException {
    Delivered last = last(r.host());
    if (last != null && (last.digest().equals(r.digest()) || !r.timestamp().isAfter(last.timestamp()))) {
      metrics.increment(SinkMetrics.Counter.WEBHOOK_SKIPPED);
      return true;
    }
    return switch (sender.post(format.payload(r), r.digest())) {
      case DELIVERED -> {
        // durable before the record's offset is committed
        Delivered d = new Delivered(r.digest(), r.timestamp());
        AtomicFiles.write(out.stateDir(r.host()).resolve(LEDGER_FILE), Json.writeBytes(d));
        byHost.put(r.host(), d);
        yield true;
      }
      case GAVE_UP -> true;
      case STOPPED -> false;
    };
  }

  private Delivered last(String host) throws IOException, RecordRejectedException {
    Delivered cached = byHost.get(host);
    if (cached != null) {
      return cached;
    }
    Path file = out.stateDir(host).resolve(LEDGER_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Delivered d = Json.read(Files.readAllBytes(file), Delivered.class);
      byHost.put(host, d);
      return d;
    } catch (IOException e) {
      // a damaged entry must not stop the sink; the cost is at most one repeated notification
      metrics.increment(SinkMetrics.Counter.STATE_UNREADABLE);
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
      return null;
    }
  }
}
