package io.conntrackadvisor.streams;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application's own counters, one per failure path and per notable event, shared by every stream thread of the
 * process and exposed on {@code /metrics}. Counts are of attempts: after a crash, records processed again under
 * exactly-once are counted again.
 */
public final class AppCounters {
  /** Key under which the Kafka Streams config carries the instance to the exception handlers. */
  public static final String CONFIG_KEY = "conntrack.advisor.counters";

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
    /** Records without a key, re-keying on: re-keyed by the value's host and repartitioned. */
    REKEYED_RECORDS,
    /** Records without a key, re-keying off: sent to the dead-letter topic (also counted as processing errors). */
    KEYLESS_RECORDS,
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

  /** Every count, in declaration order. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> m = new EnumMap<>(Counter.class);
    adders.forEach((c, a) -> m.put(c, a.sum()));
    return Collections.unmodifiableMap(m);
  }
}
