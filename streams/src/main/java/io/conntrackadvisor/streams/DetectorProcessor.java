package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Runs the core {@link HostDetector} per host over the merged messages and samples, in event time, and forwards
 * every finding to {@link AdvisorTopology#FINDINGS_SINK} and the host's state, whenever a sample or a finding may
 * have changed the advice (and at least once a minute of event time), to {@link AdvisorTopology#RECOMMENDER}.
 *
 * <p>Samples wait in a {@link ReorderBuffer} until stream time is {@code grace} past them, so that out-of-order
 * samples within the grace period reach the detector in time order, as the offline analyzer sorts them. Kernel
 * messages go to the detector at once, so that a table-full line alerts promptly: the burst detector merges a line
 * that comes out of order into its burst and closes bursts a grace period late. Two
 * punctuators do the time-driven work: in stream time, bursts of hosts that fell silent while their partition
 * went on are closed and idle hosts expire; in wall-clock time, a task whose stream time stopped has its buffer
 * flushed, and bursts of hosts that sent nothing for a burst gap are closed, since stream time does not move for a
 * silent partition.
 */
final class DetectorProcessor implements Processor<String, HostEvent, String, Object> {
  /** Per-host detector state (bounded ring of samples, open bursts, evidence counts). */
  static final String HOST_STATE_STORE = "host-state";
  /** Records waiting for the grace period. */
  static final String REORDER_STORE = "reorder-buffer";
  /** Host states a task keeps as objects (a few KiB each). */
  static final int LIVE_HOSTS = 4096;
  /** Event time after which a steady host's advice is computed again for a new sample. */
  static final long ADVICE_REFRESH_MS = 60_000;
  /** Event time the watermark moves between two drains of the reorder buffer. */
  static final long DRAIN_STEP_MS = 1000;

  /**
   * When a host was last heard of, for the punctuators.
   *
   * @param lastEventMs newest event time of the host
   * @param lastWallMs  wall-clock time its latest record was processed
   * @param openBurst   whether a burst is open
   */
  record HostClock(long lastEventMs, long lastWallMs, boolean openBurst) {
    static HostClock of(HostState st, long wallMs) {
      return new HostClock(st.lastEventTime().toEpochMilli(), wallMs, st.hasOpenBurst());
    }
  }

  private final TopologySettings config;
  private final HostDetector detector;
  private final AppCounters counters;
  private final long graceMs;
  private final long gapMs;
  private ProcessorContext<String, Object> context;
  /** {@link #HOST_STATE_STORE} with the states of recently active hosts kept as objects. */
  private CachedStore<String, HostState> states;
  /**
   * Per-host {@link HostClock}, scanned by the punctuators instead of the states: in memory (a few dozen bytes per
   * host), rebuilt from the state store in {@link #init}, so it costs no store write and no changelog record.
   */
  private final Map<String, HostClock> index = new HashMap<>();
  /** Event time each host's state last went to the recommender (in memory; empty after a restore). */
  private final Map<String, Long> advisedAt = new HashMap<>();
  private ReorderBuffer buffer;
  private long drainedUpTo = Long.MIN_VALUE;
  private long oldestBuffered = Long.MIN_VALUE;
  private long nextDrainAt = Long.MIN_VALUE;
  private long lastStreamTime = Long.MIN_VALUE;
  private long streamTimeMovedAtWall;

  DetectorProcessor(TopologySettings config, AppCounters counters) {
    this.config = config;
    this.detector = new HostDetector(config.detector());
    this.counters = counters;
    this.graceMs = config.grace().toMillis();
    this.gapMs = config.detector().burstGap().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Object> ctx) {
    this.context = ctx;
    this.states = new CachedStore<>(ctx.getStateStore(HOST_STATE_STORE), LIVE_HOSTS);
    this.buffer = new ReorderBuffer(ctx.getStateStore(REORDER_STORE));
    rebuildIndex(ctx.currentSystemTimeMs());
    advisedAt.clear();
    // After a restore the buffer holds what the last commit left: look at it at the next record.
    this.oldestBuffered = Long.MIN_VALUE;
    this.nextDrainAt = Long.MIN_VALUE;
    this.streamTimeMovedAtWall = ctx.currentSystemTimeMs();
    Duration every = config.punctuateInterval();
    ctx.schedule(every, PunctuationType.STREAM_TIME, this::onStreamTime);
    ctx.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<String, HostEvent> record) {
    HostEvent e = record.value();
    KernelEvent kernel = e.message() == null ? null : classify(e.message());
    if (kernel != null && kernel.kind() == KernelEvent.Kind.OTHER) {
      counters.increment(Counter.IGNORED_MESSAGES);
      return;
    }
    long ts = record.timestamp();
    long wall = context.currentSystemTimeMs();
    long streamTime = Math.max(context.currentStreamTimeMs(), ts);
    if (ts < streamTime - graceMs) {
      counters.increment(Counter.LATE_RECORDS);
    }
    if (streamTime > lastStreamTime) {
      lastStreamTime = streamTime;
      streamTimeMovedAtWall = wall;
    }
    if (graceMs == 0 || ts < drainedUpTo || e.message() != null) {
      // Nothing to reorder, too late to, or a kernel message: the burst detector merges a line that comes out of
      // order into its burst and closes bursts a grace period late, so a table-full line alerts at once.
      apply(record.key(), e, kernel, wall);
    } else {
      buffer.put(ts, context.recordMetadata().orElseThrow(), record.key(), e);
      oldestBuffered = Math.min(oldestBuffered, ts);
    }
    long watermark = streamTime - graceMs;
    // A drain scans the buffer's store; with many hosts stream time moves on every record, so drain in steps.
    if (watermark >= oldestBuffered && watermark >= nextDrainAt) {
      drain(watermark);
    }
  }

  /** What a message means for conntrack: {@link KernelEvent#OTHER} unless the kernel wrote it. */
  private static KernelEvent classify(KernelMessage m) {
    return m.fromKernel() ? KernelEvent.classify(m.message()) : KernelEvent.OTHER;
  }

  private void drain(long watermark) {
    long wall = context.currentSystemTimeMs();
    for (KeyValue<Long, ReorderBuffer.Entry> due : buffer.takeUpTo(watermark)) {
      drainedUpTo = Math.max(drainedUpTo, due.key);
      HostEvent e = due.value.event();
      apply(due.value.host(), e, e.message() == null ? null : classify(e.message()), wall);
    }
    // What is left is newer than the watermark.
    boolean all = watermark == Long.MAX_VALUE;
    oldestBuffered = all ? Long.MAX_VALUE : watermark + 1;
    nextDrainAt = all ? Long.MIN_VALUE : watermark + DRAIN_STEP_MS;
  }

  /** Feeds one event (a message with its meaning, or a sample) to the host's detector and forwards the results. */
  private void apply(String host, HostEvent e, KernelEvent kernel, long wallMs) {
    HostState st = states.get(host);
    if (st == null) {
      st = HostState.forHost(host);
    }
    long resets = st.counterResets();
    long lateSamples = st.lateSamples();
    ConntrackSample previous = st.lastSample();
    long peak = st.peakCount();
    boolean hadDrops = st.counterDrops() > 0;
    boolean hadEarlyDrops = st.earlyDrops() > 0;
    boolean hadInsertFailed = st.insertFailed() > 0;
    List<Finding> found = e.message() != null
        ? detector.onEvent(st, e.message().timestamp(), kernel, config.grace()) : detector.onSample(st, e.sample());
    counters.add(Counter.COUNTER_RESETS, st.counterResets() - resets);
    counters.add(Counter.LATE_SAMPLES, st.lateSamples() - lateSamples);
    save(host, st, wallMs);
    boolean newSample = e.sample() != null && st.lateSamples() == lateSamples;
    boolean firstDrops = !hadDrops && st.counterDrops() > 0 || !hadEarlyDrops && st.earlyDrops() > 0
        || !hadInsertFailed && st.insertFailed() > 0;
    boolean advice = found.stream().anyMatch(f -> mayChangeAdvice(f, firstDrops)) || refreshDue(host, st)
        || newSample && sampleMayChangeAdvice(previous, e.sample(), st.peakCount() != peak);
    emit(host, st, found, advice);
  }

  /**
   * Whether a finding can change the host's advice: a new saturation level or forecast, a burst that opens or
   * closes, the first drops of a kind. A burst that grows and more drops of a kind already seen change only the
   * counts the advice quotes; the periodic refresh ({@link #ADVICE_REFRESH_MS}) brings those up to date.
   */
  private static boolean mayChangeAdvice(Finding f, boolean firstDrops) {
    if (f instanceof BurstFinding b) {
      return b.closed() || b.messages() == 1;
    }
    return !(f instanceof DropsFinding) || firstDrops;
  }

  /** The host's advice was last computed {@link #ADVICE_REFRESH_MS} of event time ago, or not since the start. */
  private boolean refreshDue(String host, HostState st) {
    Long at = advisedAt.get(host);
    return at == null || st.lastEventTime().toEpochMilli() - at >= ADVICE_REFRESH_MS;
  }

  /**
   * Whether a new sample can change the host's advice: a new peak, other limits, sysctls, memory or kernel;
   * otherwise (a steady host) only its live counts changed, and the periodic refresh also picks up slower
   * changes such as the top namespaces.
   */
  private static boolean sampleMayChangeAdvice(ConntrackSample previous, ConntrackSample s, boolean newPeak) {
    return previous == null || newPeak || previous.max() != s.max() || !Objects.equals(previous.buckets(), s.buckets())
        || !previous.sysctls().equals(s.sysctls()) || !Objects.equals(previous.memTotalBytes(), s.memTotalBytes())
        || !Objects.equals(previous.kernelRelease(), s.kernelRelease());
  }

  private void save(String host, HostState st, long wallMs) {
    states.put(host, st);
    index.put(host, HostClock.of(st, wallMs));
  }

  /** Findings go out one by one; the state goes to the recommender when evidence or the latest sample changed. */
  private void emit(String host, HostState st, List<Finding> found, boolean advice) {
    for (Finding f : found) {
      context.forward(new Record<>(host, f, f.eventTime().toEpochMilli()), AdvisorTopology.FINDINGS_SINK);
      counters.increment(Counter.FINDINGS);
    }
    if (advice) {
      advisedAt.put(host, st.lastEventTime().toEpochMilli());
      context.forward(new Record<>(host, st, st.lastEventTime().toEpochMilli()), AdvisorTopology.RECOMMENDER);
    }
  }

  /** Stream time: close bursts of hosts silent for a gap while others went on, and forget idle hosts. */
  private void onStreamTime(long streamTime) {
    long watermark = streamTime - graceMs;
    long expireBefore = streamTime - config.idleRetention().toMillis();
    for (KeyValue<String, HostClock> h : hosts()) {
      if (h.value.lastEventMs() < expireBefore) {
        expire(h.key, streamTime);
      } else if (h.value.openBurst() && h.value.lastEventMs() + gapMs < watermark) {
        close(h.key, Instant.ofEpochMilli(watermark), h.value.lastWallMs(), null);
      }
    }
  }

  /**
   * Wall clock: when the task's stream time has not moved for a grace period, nothing will push the buffered
   * records out, so they go now; a host whose latest record came more than a burst gap ago has its bursts closed
   * at the gap after its last event, as if the next event had come.
   */
  private void onWallClock(long now) {
    if (graceMs > 0 && now - streamTimeMovedAtWall >= graceMs) {
      drain(Long.MAX_VALUE);
    }
    for (KeyValue<String, HostClock> h : hosts()) {
      if (h.value.openBurst() && now - h.value.lastWallMs() > gapMs) {
        close(h.key, Instant.ofEpochMilli(h.value.lastEventMs() + gapMs + 1), h.value.lastWallMs(),
            Counter.WALL_CLOCK_CLOSES);
      }
    }
  }

  /**
   * The index from the restored states. The wall-clock time a host was last heard of is not stored: it starts
   * now, so a burst left open by a stopped instance is closed a gap after the restart at the latest.
   */
  private void rebuildIndex(long wallMs) {
    index.clear();
    try (KeyValueIterator<String, HostState> it = states.all()) {
      while (it.hasNext()) {
        KeyValue<String, HostState> kv = it.next();
        HostState st = kv.value;
        if (st != null && st.lastEventTime() != null) {
          index.put(kv.key, HostClock.of(st, wallMs));
        }
      }
    }
  }

  private List<KeyValue<String, HostClock>> hosts() {
    List<KeyValue<String, HostClock>> all = new ArrayList<>();
    index.forEach((host, clock) -> all.add(KeyValue.pair(host, clock)));
    return all;
  }

  private void close(String host, Instant at, long wallMs, Counter counter) {
    HostState st = states.get(host);
    if (st == null) {
      index.remove(host);
      return;
    }
    List<Finding> closed = detector.closeExpired(st, at);
    if (counter != null) {
      counters.add(counter, closed.size());
    }
    save(host, st, wallMs);
    emit(host, st, closed, !closed.isEmpty());
  }

  /** Forgets a host: its state, its index entry and (through the recommender) its recommendation. */
  private void expire(String host, long streamTime) {
    HostState st = states.get(host);
    if (st != null) {
      List<Finding> closed = detector.closeAll(st);
      emit(host, st, closed, !closed.isEmpty());
    }
    advisedAt.remove(host);
    states.delete(host);
    index.remove(host);
    context.forward(new Record<>(host, null, streamTime), AdvisorTopology.RECOMMENDER);
    counters.increment(Counter.EXPIRED_HOSTS);
  }
}
