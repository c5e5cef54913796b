package io.conntrackadvisor.streams;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application's own counters, one per failure path and per notable event, shared by every stream thread of the
 * process and exposed on {@code /metrics}. Counts are of attempts: after a crash, records processed again under
 * exactly-once are counted again.
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
    /** Records that could not be deserialized: sent to the dead-letter topic. */
    DEAD_LETTERED,
    /** Records whose processing threw: sent to the dead-letter topic. */
    PROCESSING_ERRORS,
    /** Records stamped too far in the future: dropped so they cannot move stream time. */
    FUTURE_RECORDS,
    /** Records older than stream time minus the grace period: processed as they come, out of order. */
    LATE_RECORDS,
    /** Records with a null value (tombstones): ignored. */
    NULL_VALUES,
    /** Records of other programs on a shared log topic (not the kernel's): skipped. */
    OTHER_PROGRAMS_RECORDS,
    /** Kernel messages that are not conntrack drops or rate-limiter summaries: ignored. */
    IGNORED_MESSAGES,
    /** Samples older than the host's latest one: ignored by the detector. */
    LATE_SAMPLES,
    /** Drop counters that went down (reboot, module reload): a new baseline. */
    COUNTER_RESETS,
    /** Bursts closed by wall-clock punctuation because their host fell silent. */
    WALL_CLOCK_CLOSES,
    /** Hosts forgotten after the idle retention. */
    EXPIRED_HOSTS,
    /** Findings emitted. */
    FINDINGS,
    /** Recommendations emitted (new or changed advice). */
    RECOMMENDATIONS;

    /** The Prometheus name of the counter. */
    public String metricName() {
      return "conntrack_advisor_streams_" + name().toLowerCase(Locale.ROOT) + "_total";
    }
  }

  private final Map<Counter, LongAdder> adders = new EnumMap<>(Counter.class);
  /** {@link #REPARTITIONED_METRIC} by topic and reason. */
  private final Map<Labels, LongAdder> repartitioned = new ConcurrentHashMap<>();

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
      adders.put(c, new LongAdder());
    }
  }

  /** Adds one. */
  public void increment(Counter c) {
    adders.get(c).increment();
  }

  /** Adds {@code n}. */
  public void add(Counter c, long n) {
    if (n != 0) {
      adders.get(c).add(n);
    }
  }

  /** The current count. */
  public long get(Counter c) {
    return adders.get(c).sum();
  }

  /** Counts one input record of {@code topic} moved to its host's task for {@code reason}. */
  public void repartitioned(String topic, String reason) {
    repartitioned.computeIfAbsent(new Labels(topic, reason), k -> new LongAdder()).increment();
  }

  /** The records of {@code topic} moved for {@code reason} so far. */
  public long repartitionedCount(String topic, String reason) {
    LongAdder a = repartitioned.get(new Labels(topic, reason));
    return a == null ? 0 : a.sum();
  }

  /** Every count of {@link #REPARTITIONED_METRIC}, by topic and reason in order. */
  public Map<Labels, Long> repartitionedSnapshot() {
    Map<Labels, Long> m = new TreeMap<>(Comparator.comparing(Labels::topic).thenComparing(Labels::reason));
    repartitioned.forEach((k, a) -> m.put(k, a.sum()));
    return Collections.unmodifiableMap(m);
  }

  /** Every count, in declaration order. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> m = new EnumMap<>(Counter.class);
    adders.forEach((c, a) -> m.put(c, a.sum()));
    return Collections.unmodifiableMap(m);
  }
}
