package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.ops.Metrics;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The sink's counters, one per outcome and failure path, in the command's {@link Metrics} registry. */
public final class SinkMetrics {
  private static final String PREFIX = "conntrack_advisor_sink_";
  private static final String CONSUMED = "records_consumed";
  private static final String REJECTED = "records_rejected";
  private static final String REJECTED_HELP = "Records written nowhere, by reason.";

  /** Counters without labels. */
  public enum Counter {
    FILES_WRITTEN("Drop-in files written because their content changed."),
    FILES_UNCHANGED("Drop-in files left alone because they already held the content."),
    DEAD_LETTERS("Malformed records copied to the dead-letter topic."),
    WEBHOOK_DELIVERED("Recommendations the webhook accepted (a 2xx answer)."),
    WEBHOOK_RETRIES("Webhook attempts repeated after a 5xx, 408 or 429 answer, a timeout or a connection error."),
    WEBHOOK_FAILURES("Recommendations whose webhook delivery was given up on."),
    WEBHOOK_REFUSED("Webhook requests refused with a 4xx answer other than 408 and 429: a configuration error, the "
        + "endpoint refuses what the settings make the sink send."),
    WEBHOOK_SKIPPED("Recommendations not sent because already delivered or older."),
    STDOUT_LINES("JSON lines printed on standard output."),
    REPORT_WRITES("Times the HTML report was rewritten."),
    OUTPUT_FAILURES("Records or batches processed again because an output or the dead-letter topic failed."),
    STATE_UNREADABLE("State files that could not be read and were ignored."),
    COMMIT_FAILURES("Offset commits that failed; retried with the next batch.");

    private final String help;

    Counter(String help) {
      this.help = help;
    }
  }

  private final Metrics metrics = new Metrics(PREFIX);
  private final Map<Counter, io.micrometer.core.instrument.Counter> counters = new EnumMap<>(Counter.class);
  private final Map<RejectReason, io.micrometer.core.instrument.Counter> rejected = new EnumMap<>(RejectReason.class);

  public SinkMetrics() {
    for (Counter c : Counter.values()) {
      counters.put(c, metrics.counter(c.name().toLowerCase(Locale.ROOT), c.help));
    }
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, metrics.counter(REJECTED, REJECTED_HELP, "reason", r.label()));
    }
  }

  public void increment(Counter c) {
    counters.get(c).increment();
  }

  void countRejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  void countConsumed(String topic) {
    metrics.counter(CONSUMED, "Records read from Kafka, by topic.", "topic", topic).increment();
  }

  /** The value of a counter. */
  public long get(Counter c) {
    return (long) counters.get(c).count();
  }

  /** Records rejected for any reason, malformed ones included. */
  public long rejectedTotal() {
    return metrics.count(REJECTED);
  }

  /** Records rejected for one reason (the reason's name, e.g. {@code host_name}). */
  public long rejected(String reasonLabel) {
    return metrics.count(REJECTED, "reason", reasonLabel.toLowerCase(Locale.ROOT));
  }

  /** Records read from one topic. */
  public long consumed(String topic) {
    return metrics.count(CONSUMED, "topic", topic);
  }

  /** The registry these counters live in, served on {@code /metrics} with the Kafka clients' meters. */
  public Metrics metrics() {
    return metrics;
  }
}
