package io.conntrackadvisor.sink;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink's counters, one per outcome and failure path, and their Prometheus text form. Plain {@link AtomicLong}s:
 * a dozen counters do not justify a metrics library and its transitive dependencies in the shaded launcher.
 */
public final class SinkMetrics {
  private static final String PREFIX = "conntrack_advisor_sink_";

  /** Counters without labels. */
  public enum Counter {
    /** Drop-in files written because their content changed. */
    FILES_WRITTEN("files_written_total", "Drop-in files written because their content changed."),
    /** Drop-in files left alone because they already held the content. */
    FILES_UNCHANGED("files_unchanged_total", "Drop-in files left alone because they already held the content."),
    /** Malformed records copied to the dead-letter topic. */
    DEAD_LETTERS("dead_letters_total", "Malformed records copied to the dead-letter topic."),
    /** Webhook requests answered with 2xx. */
    WEBHOOK_DELIVERED("webhook_delivered_total", "Recommendations the webhook accepted."),
    /** Webhook attempts repeated after a 5xx, 408, 429, timeout or connection error. */
    WEBHOOK_RETRIES("webhook_retries_total", "Webhook attempts repeated after a server error or timeout."),
    /** Recommendations whose webhook was given up on. */
    WEBHOOK_FAILURES("webhook_failures_total", "Recommendations whose webhook delivery was given up on."),
    /** Webhook answers 4xx (but 408 and 429): the endpoint refuses what the settings make us send. */
    WEBHOOK_REFUSED("webhook_refused_total", "Webhook requests refused with a 4xx answer: a configuration error."),
    /** Recommendations not sent again because their advice was already delivered. */
    WEBHOOK_SKIPPED("webhook_skipped_total", "Recommendations not sent because already delivered or older."),
    /** JSON lines printed on standard output. */
    STDOUT_LINES("stdout_lines_total", "JSON lines printed on standard output."),
    /** Times the HTML report was rewritten. */
    REPORT_WRITES("report_writes_total", "Times the HTML report was rewritten."),
    /** Records or batches processed again because an output or the dead-letter topic failed. */
    OUTPUT_FAILURES("output_failures_total", "Records or batches retried because an output failed."),
    /** State files that could not be read and were ignored. */
    STATE_UNREADABLE("state_unreadable_total", "State files that could not be read and were ignored."),
    /** Offset commits that failed (retried with the next batch). */
    COMMIT_FAILURES("commit_failures_total", "Offset commits that failed and were retried later.");

    private final String name;
    private final String help;

    Counter(String name, String help) {
      this.name = name;
      this.help = help;
    }
  }

  private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);
  private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
  private final Map<String, AtomicLong> consumed = new ConcurrentHashMap<>();

  public SinkMetrics() {
    for (Counter c : Counter.values()) {
      counters.put(c, new AtomicLong());
    }
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  void increment(Counter c) {
    counters.get(c).incrementAndGet();
  }

  void countRejected(RejectReason reason) {
    rejected.get(reason).incrementAndGet();
  }

  void countConsumed(String topic) {
    consumed.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
  }

  /** The value of a counter. */
  public long get(Counter c) {
    return counters.get(c).get();
  }

  /** Records rejected for any reason, malformed ones included. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Records rejected for one reason (the reason's name, e.g. {@code host_name}). */
  public long rejected(String reasonLabel) {
    return rejected.get(RejectReason.valueOf(reasonLabel.toUpperCase(Locale.ROOT))).get();
  }

  /** Records read from one topic. */
  public long consumed(String topic) {
    AtomicLong n = consumed.get(topic);
    return n == null ? 0 : n.get();
  }

  /** All counters in the Prometheus text exposition format (version 0.0.4). */
  public String prometheusText() {
    StringBuilder b = new StringBuilder();
    family(b, "records_consumed_total", "Records read from Kafka, by topic.");
    new TreeMap<>(consumed).forEach((topic, n) -> sample(b, "records_consumed_total", "topic", topic, n.get()));
    family(b, "records_rejected_total", "Records written nowhere, by reason.");
    rejected.forEach((reason, n) -> sample(b, "records_rejected_total", "reason", reason.label(), n.get()));
    for (Counter c : Counter.values()) {
      family(b, c.name, c.help);
      b.append(PREFIX).append(c.name).append(' ').append(counters.get(c).get()).append('\n');
    }
    return b.toString();
  }

  private static void family(StringBuilder b, String name, String help) {
    b.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(PREFIX).append(name).append(" counter\n");
  }

  private static void sample(StringBuilder b, String name, String label, String value, long n) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    b.append(PREFIX).append(name).append('{').append(label).append("=\"").append(escaped).append("\"} ").append(n)
        .append('\n');
  }
}
