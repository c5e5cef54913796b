package io.conntrackadvisor.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The agent's counters, one per outcome and failure path, labelled by source ({@code journald}, {@code kmsg},
 * {@code syslog-file}, {@code syslog-udp}, {@code syslog-tcp}, {@code sampler}) where one applies, and their
 * Prometheus text form. Plain {@link AtomicLong}s: a few dozen counters do not justify a metrics library.
 */
public final class ShipMetrics {
  private static final String PREFIX = "conntrack_advisor_ship_";

  /** The counters. */
  public enum Counter {
    /** Journal entries, lines, datagrams and samples read. */
    READ("read_total", "Journal entries, lines, datagrams and samples read, by source."),
    /** Records handed to the producer, re-sends after an aborted transaction included. */
    PUBLISHED("published_total", "Records handed to the Kafka producer (re-sends included), by source."),
    /** Records in transactions that Kafka committed. */
    ACKNOWLEDGED("acknowledged_total", "Records in Kafka transactions that committed, by source."),
    /** Lines or messages cut to {@code max.line.bytes}. */
    TRUNCATED("truncated_total", "Lines or messages cut to max.line.bytes, by source."),
    /** Lines or messages with invalid UTF-8, shipped with replacement characters. */
    INVALID_UTF8("invalid_utf8_total", "Lines or messages with invalid UTF-8, decoded leniently, by source."),
    /** Lines that parsed as no message, by reason. */
    SKIPPED("skipped_total", "Lines that parsed as no message, by source and reason."),
    /** Journal entries and kmsg records left out because they are not kernel messages. */
    FILTERED("filtered_total", "Journal entries and kmsg records left out because they are not kernel messages, "
        + "by source."),
    /** Records given up on; each is also logged. */
    DROPPED("dropped_total", "Records given up on (buffer full for UDP and samples, shutdown deadline), by source."),
    /** Times a source had to wait because the in-memory buffer was full. */
    BACKPRESSURE("backpressure_total", "Times a source waited because the in-memory buffer was full, by source."),
    /** Times {@code journalctl} exited and was started again. */
    RESTARTS("journalctl_restarts_total", "Times journalctl exited and was started again after a back-off."),
    /** Checkpointed cursors that journalctl rejected or did not find. */
    CURSOR_FALLBACKS("cursor_fallbacks_total",
        "Journal cursors journalctl rejected or did not find; reading restarted at the journal's start."),
    /** Gaps in the kmsg sequence: records overwritten in the ring buffer before they were read. */
    KMSG_GAPS("kmsg_gaps_total", "Gaps in the /dev/kmsg sequence numbers: records the kernel overwrote unread."),
    /** Kmsg records overwritten in the ring buffer before they were read. */
    KMSG_LOST("kmsg_lost_records_total", "Records of /dev/kmsg the kernel overwrote before they were read."),
    /** Tailed files replaced by a new file. */
    ROTATIONS("rotations_total", "Tailed files replaced by a new file (rename and create)."),
    /** Tailed files truncated in place. */
    FILE_TRUNCATIONS("file_truncations_total", "Tailed files truncated in place (copytruncate)."),
    /** Tailed files whose checkpointed file was gone at start. */
    CHECKPOINTS_LOST("checkpoints_lost_total",
        "Tailed files whose checkpointed inode was gone at start; read from the start of the current file."),
    /** Samples that could not be read. */
    SAMPLE_FAILURES("sample_failures_total", "Conntrack samples that could not be read from the proc root."),
    /** Failed runs of {@code conntrack -S}, the counters' source where procfs lacks them, by reason. */
    CONNTRACK_COMMAND_FAILURES("conntrack_command_failures_total",
        "Failed runs of conntrack -S (counters where /proc lacks net/stat/nf_conntrack), by reason."),
    /** TCP syslog connections accepted. */
    CONNECTIONS("connections_total", "TCP syslog connections accepted."),
    /** TCP syslog connections closed at once because too many were open. */
    CONNECTIONS_REJECTED("connections_rejected_total", "TCP syslog connections refused: too many were open."),
    /** I/O errors of a source, after which it retries. */
    SOURCE_ERRORS("source_errors_total", "I/O errors of a source, after which it retried, by source."),
    /** Kafka transactions committed. */
    TRANSACTIONS("transactions_total", "Kafka transactions committed."),
    /** Kafka failures after which delivery was retried with a new producer. */
    RETRIES("retries_total", "Kafka failures after which delivery was retried with a new producer."),
    /** Times delivery resumed after Kafka failures. */
    RECONNECTS("reconnects_total", "Times delivery resumed after one or more Kafka failures."),
    /** Failed writes of the local checkpoint mirror. */
    STATE_WRITE_FAILURES("state_write_failures_total", "Failed writes of the local checkpoint mirror.");

    private final String metric;
    private final String help;

    Counter(String metric, String help) {
      this.metric = metric;
      this.help = help;
    }

    /** The metric name without the common prefix. */
    public String metric() {
      return metric;
    }
  }

  private record Key(Counter counter, String source, String reason) {
  }

  private record Gauge(String name, String help, LongSupplier value) {
  }

  private final Map<Key, AtomicLong> values = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new ArrayList<>();

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
    values.computeIfAbsent(new Key(c, source, reason), k -> new AtomicLong()).addAndGet(n);
  }

  /** A counter's value for one source, summed over reasons (null source: the agent-wide value). */
  public long get(Counter c, String source) {
    long sum = 0;
    for (Map.Entry<Key, AtomicLong> e : values.entrySet()) {
      if (e.getKey().counter == c && Objects.equals(e.getKey().source, source)) {
        sum += e.getValue().get();
      }
    }
    return sum;
  }

  /** A counter summed over every source and reason. */
  public long total(Counter c) {
    return values.entrySet().stream().filter(e -> e.getKey().counter == c).mapToLong(e -> e.getValue().get()).sum();
  }

  /** Registers a gauge, read whenever the metrics are shown. */
  synchronized void gauge(String name, String help, LongSupplier value) {
    gauges.add(new Gauge(name, help, value));
  }

  /** All counters and gauges in the Prometheus text exposition format (version 0.0.4). */
  public synchronized String prometheusText() {
    StringBuilder b = new StringBuilder();
    for (Counter c : Counter.values()) {
      family(b, c.metric, c.help, "counter");
      List<Map.Entry<Key, AtomicLong>> rows = new ArrayList<>();
      values.entrySet().stream().filter(e -> e.getKey().counter == c).forEach(rows::add);
      rows.sort(Comparator.comparing((Map.Entry<Key, AtomicLong> e) -> String.valueOf(e.getKey().source))
          .thenComparing(e -> String.valueOf(e.getKey().reason)));
      if (rows.isEmpty()) {
        b.append(PREFIX).append(c.metric).append(" 0\n");
      }
      for (Map.Entry<Key, AtomicLong> e : rows) {
        b.append(PREFIX).append(c.metric).append(labels(e.getKey())).append(' ').append(e.getValue().get())
            .append('\n');
      }
    }
    for (Gauge g : gauges) {
      family(b, g.name, g.help, "gauge");
      b.append(PREFIX).append(g.name).append(' ').append(g.value.getAsLong()).append('\n');
    }
    return b.toString();
  }

  /** One line for the shutdown log: every non-zero counter. */
  public String summary() {
    Map<String, Long> shown = new LinkedHashMap<>();
    for (Counter c : Counter.values()) {
      values.entrySet().stream().filter(e -> e.getKey().counter == c && e.getValue().get() != 0)
          .sorted(Comparator.comparing(e -> String.valueOf(e.getKey().source) + e.getKey().reason))
          .forEach(e -> shown.put(c.metric + labels(e.getKey()), e.getValue().get()));
    }
    return shown.toString();
  }

  private static String labels(Key k) {
    if (k.source == null && k.reason == null) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    if (k.source != null) {
      b.append("source=\"").append(escape(k.source)).append('"');
    }
    if (k.reason != null) {
      b.append(k.source != null ? "," : "").append("reason=\"").append(escape(k.reason)).append('"');
    }
    return b.append('}').toString();
  }

  private static void family(StringBuilder b, String name, String help, String type) {
    b.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
