package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.ops.Metrics;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's own counters, one per failure path and per notable event, shared by every stream thread of the
 * process, in the command's {@link Metrics} registry (served on {@code /metrics}). Counts are of attempts: after a
 * crash, records processed again under exactly-once are counted again.
 */
public final class AppCounters {
  /** Key under which the Kafka Streams config carries the instance to the exception handlers. */
  public static final String CONFIG_KEY = "conntrack.advisor.counters";
  /**
   * Input records moved to the task of their host through the internal topic, labelled by input topic and
   * reason ({@code no-key}, {@code partitioner}, {@code other-key}).
   */
  public static final String REPARTITIONED_METRIC = "conntrack_advisor_streams_records_repartitioned_total";

  /** What is counted. */
  public enum Counter {
    DEAD_LETTERED("Records that could not be deserialized: sent to the dead-letter topic."),
    PROCESSING_ERRORS("Records whose processing threw: sent to the dead-letter topic."),
    FUTURE_RECORDS("Records stamped too far in the future: dropped so they cannot move stream time."),
    LATE_RECORDS("Records older than stream time minus the grace period: processed as they come, out of order."),
    NULL_VALUES("Records with a null value (tombstones): ignored."),
    OTHER_PROGRAMS_RECORDS("Records of other programs on a shared log topic (not the kernel's): skipped."),
    IGNORED_MESSAGES("Kernel messages that are not conntrack drops or rate-limiter summaries: ignored."),
    LATE_SAMPLES("Samples older than the host's latest one: ignored by the detector."),
    COUNTER_RESETS("Drop counters that went down (reboot, module reload): a new baseline."),
    WALL_CLOCK_CLOSES("Bursts closed by wall-clock punctuation because their host fell silent."),
    EXPIRED_HOSTS("Hosts forgotten after the idle retention."),
    FINDINGS("Findings emitted."),
    RECOMMENDATIONS("Recommendations emitted (new or changed advice).");

    private final String help;

    Counter(String help) {
      this.help = help;
    }
  }

  private static final String PREFIX = "conntrack_advisor_streams_";
  private static final String REPARTITIONED = "records_repartitioned";

  private final Metrics metrics = new Metrics(PREFIX);
  private final Map<Counter, io.micrometer.core.instrument.Counter> counters = new EnumMap<>(Counter.class);
  /** {@link #REPARTITIONED_METRIC} by topic and reason. */
  private final Map<Labels, io.micrometer.core.instrument.Counter> repartitioned = new ConcurrentHashMap<>();

  /**
   * The labels of a labelled counter.
   *
   * @param topic  the input topic
   * @param reason why
   */
  public record Labels(String topic, String reason) {
  }

  public AppCounters() {
    for (Counter c : Counter.values()) {
      counters.put(c, metrics.counter(c.name().toLowerCase(Locale.ROOT), c.help));
    }
  }

  /** Adds one. */
  public void increment(Counter c) {
    counters.get(c).increment();
  }

  /** Adds {@code n}. */
  public void add(Counter c, long n) {
    if (n != 0) {
      counters.get(c).increment(n);
    }
  }

  /** The current count. */
  public long get(Counter c) {
    return (long) counters.get(c).count();
  }

  /** Counts one input record of {@code topic} moved to its host's task for {@code reason}. */
  public void repartitioned(String topic, String reason) {
    repartitioned.computeIfAbsent(new Labels(topic, reason), k -> metrics.counter(REPARTITIONED,
        "Input records moved to the task of their host, by input topic and reason.", "topic", topic,
        "reason", reason)).increment();
  }

  /** Every count of {@link #REPARTITIONED_METRIC}, by topic and reason in order. */
  public Map<Labels, Long> repartitionedSnapshot() {
    Map<Labels, Long> m = new TreeMap<>(Comparator.comparing(Labels::topic).thenComparing(Labels::reason));
    repartitioned.forEach((k, c) -> m.put(k, (long) c.count()));
    return Collections.unmodifiableMap(m);
  }

  /** Every count, in declaration order. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> m = new EnumMap<>(Counter.class);
    counters.forEach((c, n) -> m.put(c, (long) n.count()));
    return Collections.unmodifiableMap(m);
  }

  /** The registry these counters live in, served on {@code /metrics} with Kafka Streams' own meters. */
  public Metrics metrics() {
    return metrics;
  }
}
