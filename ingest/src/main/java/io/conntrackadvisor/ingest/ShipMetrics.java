package io.conntrackadvisor.ingest;

import io.conntrackadvisor.model.ops.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The agent's counters, one per outcome and failure path, labelled by source ({@code journald}, {@code kmsg},
 * {@code syslog-file}, {@code syslog-udp}, {@code syslog-tcp}, {@code sampler}) where one applies, in the command's
 * {@link Metrics} registry.
 */
public final class ShipMetrics {
  private static final String PREFIX = "conntrack_advisor_ship_";

  /** The counters: name without the prefix and {@code _total}, and the help the exposition shows. */
  public enum Counter {
    READ("read", "Journal entries, lines, datagrams and samples read, by source."),
    PUBLISHED("published", "Records handed to the Kafka producer (re-sends after an aborted transaction included), "
        + "by source."),
    ACKNOWLEDGED("acknowledged", "Records in Kafka transactions that committed, by source."),
    TRUNCATED("truncated", "Lines or messages cut to max.line.bytes, by source."),
    INVALID_UTF8("invalid_utf8_total",
        "Lines or messages with invalid UTF-8, shipped with replacement characters, by source."),
    SKIPPED("skipped", "Lines that parsed as no message, by source and reason."),
    FILTERED("filtered", "Journal entries and kmsg records left out because they are not kernel messages, "
        + "by source."),
    DROPPED("dropped", "Records given up on, each also logged (buffer full for UDP and samples, shutdown deadline), "
        + "by source."),
    BACKPRESSURE("backpressure", "Times a source waited because the in-memory buffer was full, by source."),
    RESTARTS("journalctl_restarts", "Times journalctl exited and was started again after a back-off."),
    CURSOR_FALLBACKS("cursor_fallbacks",
        "Journal cursors journalctl rejected or did not find; reading restarted at the journal's start."),
    KMSG_GAPS("kmsg_gaps", "Gaps in the /dev/kmsg sequence numbers: records the kernel overwrote unread."),
    KMSG_LOST("kmsg_lost_records", "Records of /dev/kmsg the kernel overwrote before they were read."),
    ROTATIONS("rotations", "Tailed files replaced by a new file (rename and create)."),
    FILE_TRUNCATIONS("file_truncations", "Tailed files truncated in place (copytruncate)."),
    CHECKPOINTS_LOST("checkpoints_lost",
        "Tailed files whose checkpointed inode was gone at start; read from the start of the current file."),
    SAMPLE_FAILURES("sample_failures", "Conntrack samples that could not be read from the proc root."),
    CONNTRACK_COMMAND_FAILURES("conntrack_command_failures",
        "Failed runs of conntrack -S (counters where /proc lacks net/stat/nf_conntrack), by reason."),
    CONNECTIONS("connections", "TCP syslog connections accepted."),
    CONNECTIONS_REJECTED("connections_rejected", "TCP syslog connections refused: too many were open."),
    SOURCE_ERRORS("source_errors", "I/O errors of a source, after which it retried, by source."),
    TRANSACTIONS("transactions", "Kafka transactions committed."),
    RETRIES("retries", "Kafka failures after which delivery was retried with a new producer."),
    RECONNECTS("reconnects", "Times delivery resumed after one or more Kafka failures."),
    STATE_WRITE_FAILURES("state_write_failures", "Failed writes of the local checkpoint mirror.");

    private final String metric;
    private final String help;

    Counter(String metric, String help) {
      this.metric = metric;
      this.help = help;
    }

    /** The metric name without the common prefix and the {@code _total} the exposition adds. */
    public String metric() {
      return metric;
    }
  }

  private record Key(Counter counter, String source, String reason) {
  }

  private final Metrics metrics = new Metrics(PREFIX);
  private final Map<Key, io.micrometer.core.instrument.Counter> values = new ConcurrentHashMap<>();

  /** Adds one to a counter of {@code source} (null for agent-wide counters). */
  public void increment(Counter c, String source) {
    add(c, source, null, 1);
  }

  /** Adds {@code n} to a counter of {@code source}. */
  public void add(Counter c, String source, long n) {
    add(c, source, null, n);
  }

  /** Adds one to a counter of {@code source} for {@code reason}. */
  public void increment(Counter c, String source, String reason) {
    add(c, source, reason, 1);
  }

  private void add(Counter c, String source, String reason, long n) {
    values.computeIfAbsent(new Key(c, source, reason), k -> metrics.counter(c.metric, c.help, labels(k)))
        .increment(n);
  }

  private static String[] labels(Key k) {
    List<String> labels = new ArrayList<>(4);
    if (k.source != null) {
      labels.add("source");
      labels.add(k.source);
    }
    if (k.reason != null) {
      labels.add("reason");
      labels.add(k.reason);
    }
    return labels.toArray(String[]::new);
  }

  /** A counter's value for one source, summed over reasons (null source: an agent-wide counter's value). */
  public long get(Counter c, String source) {
    return source == null ? total(c) : metrics.count(c.metric, "source", source);
  }

  /** A counter summed over every source and reason. */
  public long total(Counter c) {
    return metrics.count(c.metric);
  }

  /** Registers a gauge, read whenever the metrics are scraped. */
  void gauge(String name, String help, LongSupplier value) {
    metrics.gauge(name, help, value::getAsLong);
  }

  /** The registry these counters and gauges live in, served on {@code /metrics} with the producer's meters. */
  public Metrics metrics() {
    return metrics;
  }

  /** One line for the shutdown log: every non-zero counter. */
  public String summary() {
    Map<String, Long> shown = new TreeMap<>();
    values.forEach((k, v) -> {
      if (v.count() != 0) {
        shown.put(k.counter.metric + "_total" + shown(labels(k)), Math.round(v.count()));
      }
    });
    return shown.toString();
  }

  private static String shown(String[] labels) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      b.append(i == 0 ? "{" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
    }
    return labels.length == 0 ? "" : b.append('}').toString();
  }
}
