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
 * What the webhook last delivered per host, kept in {@code OUT/.state/<host>/webhook-delivered.json} so that a
 * replay (uncommitted offsets, a new consumer group, expired offsets) does not notify twice. A recommendation is
 * not sent when its advice equals the last delivered one, or when it is not newer than that one.
 */
public final class DeliveryLedger {
  /** File name of a host's ledger entry. */
  public static final String FILE = "webhook-delivered.json";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

  /** The last delivered recommendation of a host. */
  record Delivered(String digest, Instant timestamp) {
  }

  private final OutputDirectory out;
  private final SinkMetrics metrics;
  private final Map<String, Delivered> byHost = new HashMap<>();

  public DeliveryLedger(OutputDirectory out, SinkMetrics metrics) {
    this.out = out;
    this.metrics = metrics;
  }

  /** True when {@code r} (or newer advice) already reached the webhook. */
  boolean alreadyDelivered(ValidRecommendation r) throws IOException, RecordRejectedException {
    Delivered last = last(r.host());
    return last != null && (last.digest().equals(r.digest()) || !r.timestamp().isAfter(last.timestamp()));
  }

  /** Records that {@code r} was delivered; durable when this returns. */
  void record(ValidRecommendation r) throws IOException, RecordRejectedException {
    Delivered d = new Delivered(r.digest(), r.timestamp());
    AtomicFiles.write(out.stateDir(r.host()).resolve(FILE), Json.writeBytes(d));
    byHost.put(r.host(), d);
  }

  private Delivered last(String host) throws IOException, RecordRejectedException {
    Delivered cached = byHost.get(host);
    if (cached != null) {
      return cached;
    }
    Path file = out.stateDir(host).resolve(FILE);
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
