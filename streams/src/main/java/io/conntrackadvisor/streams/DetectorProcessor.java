package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.detect.HostStateCodec;
import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.core.recommend.AdvicePolicy;
import io.conntrackadvisor.core.recommend.Recommender;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the core {@link HostDetector} per host over the messages and samples its task's routers ({@link InputRouter})
 * send it, keyed by the host their value names and never null, in event time, forwards every
 * finding to {@link AdvisorTopology#FINDINGS_SINK}, and, whenever a sample or a finding may have changed the advice
 * (and at least once a minute of event time), runs the core {@link Recommender} on the host's state (its latest
 * sample joined with the evidence of its findings) and forwards the recommendation to
 * {@link AdvisorTopology#RECOMMENDATIONS_SINK} when its advice differs from the one last published, whose
 * fingerprint the host's state keeps. A host that expires gets a tombstone on the compacted topic.
 *
 * <p>Records are processed as they come, so that a table-full line alerts at once and a sample's drops show at
 * once. Out of order within the grace period, a kernel message joins its burst (bursts close a grace period
 * late, whether a newer message or a newer sample of the host comes first); a sample older than the host's latest
 * is merged into its peak and trend in time order, and its counters are not compared again (the drops around it
 * were counted when the newer sample came). One agent ships a host's samples in order to one partition, so such a
 * sample is rare; holding every sample back for the grace period
 * cost two more changelog writes per sample and delayed every drops finding by the grace period. Two punctuators
 * do the time-driven work: in stream time, bursts of hosts that fell silent while their partition went on are
 * closed and idle hosts expire; in wall-clock time, bursts of hosts that sent nothing for a burst gap are closed,
 * since stream time does not move for a silent partition.
 */
final class DetectorProcessor implements Processor<String, HostEvent, String, Object> {
  /** Per-host detector state (bounded ring of samples, open bursts, evidence counts, the advice published). */
  static final String HOST_STATE_STORE = "host-state";
  /**
   * Per host, the owners (container, pod, processes) of its latest sample's namespaces, apart from the state: they
   * seldom change, and on a node with many pods they were most of a state written with every record.
   */
  static final String HOST_OWNERS_STORE = "host-owners";
  /** Host states a task keeps as objects (a few KiB each). */
  static final int LIVE_HOSTS = 4096;

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
  /** {@link #HOST_OWNERS_STORE}: written when a new sample names other owners than the one before. */
  private KeyValueStore<String, byte[]> owners;
  /**
   * Per-host {@link HostClock}, scanned by the punctuators instead of the states: in memory (a few dozen bytes per
   * host), rebuilt from the state store in {@link #init}, so it costs no store write and no changelog record.
   */
  private final Map<String, HostClock> index = new HashMap<>();
  /**
   * Lower bounds over the index, so that the stream-time punctuator scans it only when some host may be due: the
   * oldest last event time, and the oldest last event time plus a burst gap among hosts with an open burst. A put
   * lowers them, a scan sets them exactly; a host that moved on since leaves them lower than need be, which costs
   * one scan that finds nothing.
   */
  private long oldestEventMs = Long.MAX_VALUE;
  private long firstBurstDueMs = Long.MAX_VALUE;
  /** When the host's advice is worked out again and published (core's policy, shared with {@code analyze}). */
  private final AdvicePolicy policy;

  DetectorProcessor(TopologySettings config, AppCounters counters) {
    this.config = config;
    this.detector = new HostDetector(config.detector());
    this.policy = new AdvicePolicy(new Recommender(config.recommender()));
    this.counters = counters;
    this.graceMs = config.grace().toMillis();
    this.gapMs = config.detector().burstGap().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Object> ctx) {
    this.context = ctx;
    this.owners = ctx.getStateStore(HOST_OWNERS_STORE);
    this.states = new CachedStore<>(ctx.getStateStore(HOST_STATE_STORE), LIVE_HOSTS, this::withOwners);
    rebuildIndex(ctx.currentSystemTimeMs());
    policy.reset();
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
    if (ts < context.currentStreamTimeMs() - graceMs) {
      counters.increment(Counter.LATE_RECORDS);
    }
    apply(record.key(), e, kernel, context.currentSystemTimeMs());
  }

  /** What a message means for conntrack: {@link KernelEvent#OTHER} unless the kernel wrote it. */
  private static KernelEvent classify(KernelMessage m) {
    return m.fromKernel() ? KernelEvent.classify(m.message()) : KernelEvent.OTHER;
  }

  /** Feeds one event (a message with its meaning, or a sample) to the host's detector and forwards the results. */
  private void apply(String host, HostEvent e, KernelEvent kernel, long wallMs) {
    HostState st = states.get(host);
    if (st == null) {
      st = HostState.forHost(host);
    }
    long resets = st.counterResets();
    AdvicePolicy.Before before = AdvicePolicy.before(st);
    List<Finding> found = e.message() != null
        ? detector.onEvent(st, e.message().timestamp(), kernel, config.grace())
        : detector.onSample(st, e.sample(), config.grace());
    counters.add(Counter.COUNTER_RESETS, st.counterResets() - resets);
    counters.add(Counter.LATE_SAMPLES, st.lateSamples() - before.lateSamples());
    if (AdvicePolicy.newSample(st, before, e.sample())
        && !HostStateCodec.sameOwners(before.sample(), st.lastSample())) {
      byte[] o = HostStateCodec.encodeOwners(st.lastSample());
      if (o == null) {
        owners.delete(host);
      } else {
        owners.put(host, o);
      }
    }
    update(host, st, found, policy.after(st, before, e.sample(), found), wallMs);
  }

  /**
   * Saves the state (with the fingerprint of the advice about to be published, so that the state and the output go
   * in the same transaction), then forwards the findings one by one and the recommendation when there is one.
   */
  private void update(String host, HostState st, List<Finding> found, Optional<Recommendation> rec, long wallMs) {
    states.put(host, st);
    track(host, HostClock.of(st, wallMs));
    for (Finding f : found) {
      context.forward(new Record<>(host, f, f.eventTime().toEpochMilli()), AdvisorTopology.FINDINGS_SINK);
      counters.increment(Counter.FINDINGS);
    }
    if (rec.isPresent()) {
      Recommendation r = rec.get();
      context.forward(new Record<>(host, r, r.timestamp().toEpochMilli()), AdvisorTopology.RECOMMENDATIONS_SINK);
      counters.increment(Counter.RECOMMENDATIONS);
    }
  }

  /** Puts a host's clock in the index and lowers the bounds to it. */
  private void track(String host, HostClock clock) {
    index.put(host, clock);
    lowerBounds(clock);
  }

  private void lowerBounds(HostClock clock) {
    oldestEventMs = Math.min(oldestEventMs, clock.lastEventMs());
    if (clock.openBurst()) {
      firstBurstDueMs = Math.min(firstBurstDueMs, clock.lastEventMs() + gapMs);
    }
  }

  /** A state read from its store with its namespaces' owners put back from theirs. */
  private HostState withOwners(String host, HostState st) {
    byte[] stored = owners.get(host);
    if (stored == null) {
      return st;
    }
    try {
      HostStateCodec.restoreOwners(st, stored);
    } catch (IOException e) {
      throw new IllegalStateException("the namespace owners stored for host '" + host + "' do not read: " + e, e);
    }
    return st;
  }

  /** Stream time: close bursts of hosts silent for a gap while others went on, and forget idle hosts. */
  private void onStreamTime(long streamTime) {
    long watermark = streamTime - graceMs;
    long expireBefore = streamTime - config.idleRetention().toMillis();
    if (oldestEventMs >= expireBefore && firstBurstDueMs >= watermark) {
      return; // no host can be due
    }
    oldestEventMs = Long.MAX_VALUE;
    firstBurstDueMs = Long.MAX_VALUE;
    // the bounds from the hosts that are not due; those that are lower them again as their work updates them
    for (KeyValue<String, HostClock> h : hosts(c -> {
      boolean due = c.lastEventMs() < expireBefore || c.openBurst() && c.lastEventMs() + gapMs < watermark;
      if (!due) {
        lowerBounds(c);
      }
      return due;
    })) {
      if (h.value.lastEventMs() < expireBefore) {
        expire(h.key, streamTime);
      } else {
        close(h.key, Instant.ofEpochMilli(watermark), h.value.lastWallMs(), null);
      }
    }
  }

  /**
   * Wall clock: a host whose latest record came more than a burst gap ago has its bursts closed at the gap after
   * its last event, as if the next event had come.
   */
  private void onWallClock(long now) {
    for (KeyValue<String, HostClock> h : hosts(c -> c.openBurst() && now - c.lastWallMs() > gapMs)) {
      close(h.key, Instant.ofEpochMilli(h.value.lastEventMs() + gapMs + 1), h.value.lastWallMs(),
          Counter.WALL_CLOCK_CLOSES);
    }
  }

  /**
   * The index from the restored states. The wall-clock time a host was last heard of is not stored: it starts
   * now, so a burst left open by a stopped instance is closed a gap after the restart at the latest.
   */
  private void rebuildIndex(long wallMs) {
    index.clear();
    oldestEventMs = Long.MAX_VALUE;
    firstBurstDueMs = Long.MAX_VALUE;
    try (KeyValueIterator<String, HostState> it = states.all()) {
      while (it.hasNext()) {
        KeyValue<String, HostState> kv = it.next();
        HostState st = kv.value;
        if (st != null && st.lastEventTime() != null) {
          track(kv.key, HostClock.of(st, wallMs));
        }
      }
    }
  }

  /** The hosts whose clock needs work, copied out of the index (the work changes it). */
  private List<KeyValue<String, HostClock>> hosts(Predicate<HostClock> due) {
    List<KeyValue<String, HostClock>> found = new ArrayList<>();
    index.forEach((host, clock) -> {
      if (due.test(clock)) {
        found.add(KeyValue.pair(host, clock));
      }
    });
    return found;
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
    update(host, st, closed, policy.afterClosing(st, closed), wallMs);
  }

  /** Forgets a host: its state, its index entry and its recommendation (a tombstone). */
  private void expire(String host, long streamTime) {
    HostState st = states.get(host);
    if (st != null) {
      for (Finding f : detector.closeAll(st)) {
        context.forward(new Record<>(host, f, f.eventTime().toEpochMilli()), AdvisorTopology.FINDINGS_SINK);
        counters.increment(Counter.FINDINGS);
      }
      if (st.issuedAdvice() != 0) {
        context.forward(new Record<>(host, null, streamTime), AdvisorTopology.RECOMMENDATIONS_SINK);
      }
    }
    policy.forget(host);
    states.delete(host);
    owners.delete(host);
    index.remove(host);
    counters.increment(Counter.EXPIRED_HOSTS);
  }
}
