package io.conntrackadvisor.core.detect;

import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.StatNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The detectors of one host, in event time: table-full bursts (with rate-limiter suppressed counts), drops from
 * counter deltas, and saturation levels with a least-squares trend. Pure logic over a {@link HostState}: the
 * offline analyzer and the Streams processors call exactly these methods.
 */
public final class HostDetector {
  private final DetectorConfig config;

  public HostDetector(DetectorConfig config) {
    this.config = Objects.requireNonNull(config);
  }

  /** Feeds one message; messages not written by the kernel are ignored (an application is not a drop). */
  public List<Finding> onMessage(HostState st, KernelMessage m) {
    if (!m.fromKernel()) {
      return List.of();
    }
    return onEvent(st, m.timestamp(), KernelEvent.classify(m.message()), Duration.ZERO);
  }

  /**
   * Feeds one kernel message already classified (callers that keep many messages, as the offline analysis, or
   * have classified them to filter keep only the event and its time), which may come out of order by up to
   * {@code closeLag}: bursts are closed only once the message's time is a gap plus {@code closeLag} past their end,
   * so that a line arriving that late still joins its burst instead of opening a new one. The Streams application
   * passes its grace period here, which lets it process messages at once (prompt alerts) instead of holding them
   * back to reorder them.
   */
  public List<Finding> onEvent(HostState st, Instant t, KernelEvent ev, Duration closeLag) {
    if (ev.kind() == KernelEvent.Kind.OTHER) {
      return List.of();
    }
    touch(st, t);
    List<Finding> out = new ArrayList<>(closeExpired(st, t.minus(closeLag)));
    if (ev.kind() == KernelEvent.Kind.TABLE_FULL) {
      onTableFull(st, t, ev, out);
    } else {
      onSuppressed(st, t, ev.suppressed());
    }
    return out;
  }

  /**
   * A table-full line (or a repetition summary of {@code ev.messages()} of them) joins the open burst of its
   * namespace and container within the gap, or opens one.
   */
  private void onTableFull(HostState st, Instant t, KernelEvent ev, List<Finding> out) {
    Duration gap = config.burstGap();
    HostState.OpenBurst b = openBurstOf(st, t, ev, gap);
    if (b == null) {
      if (st.openBursts.size() >= config.maxOpenBursts()) {
        out.add(close(st, Collections.min(st.openBursts, Comparator.comparing(o -> o.end))));
      }
      b = new HostState.OpenBurst();
      b.netns = ev.netns();
      b.vps = ev.vps();
      b.start = t;
      b.end = t;
      // A rate-limiter summary that came shortly before the burst belongs to it.
      if (st.pendingSuppressedAt != null && !t.isAfter(st.pendingSuppressedAt.plus(gap))) {
        b.suppressed += st.pendingSuppressed;
        st.pendingSuppressedAt = null;
        st.pendingSuppressed = 0;
      }
      st.openBursts.add(b);
    }
    if (t.isAfter(b.end)) {
      b.end = t;
    }
    if (t.isBefore(b.start)) {
      b.start = t;
    }
    b.messages += ev.messages();
    if (config.promptBursts() && (b.lastEmitted == null
        || !t.isBefore(b.lastEmitted.plus(config.burstUpdateInterval())))) {
      b.lastEmitted = t;
      out.add(toFinding(st, b, false));
    }
  }

  /** The open burst of the event's namespace and container that {@code t} lies within a gap of, or null. */
  private static HostState.OpenBurst openBurstOf(HostState st, Instant t, KernelEvent ev, Duration gap) {
    for (HostState.OpenBurst o : st.openBursts) {
      if (Objects.equals(o.netns, ev.netns()) && Objects.equals(o.vps, ev.vps()) && !t.isBefore(o.start.minus(gap))
          && !t.isAfter(o.end.plus(gap))) {
        return o;
      }
    }
    return null;
  }

  /**
   * {@code net_ratelimit} is shared by all networking messages of the host, so the count goes to the host's most
   * recent open burst, or waits one gap for a burst to start; it is an upper bound of drops.
   */
  private void onSuppressed(HostState st, Instant t, long n) {
    HostState.OpenBurst latest = null;
    for (HostState.OpenBurst b : st.openBursts) {
      if (!t.isAfter(b.end.plus(config.burstGap())) && (latest == null || b.end.isAfter(latest.end))) {
        latest = b;
      }
    }
    if (latest != null) {
      latest.suppressed += n;
    } else {
      st.pendingSuppressedAt = t;
      st.pendingSuppressed = n;
    }
  }

  /** Closes bursts whose gap has passed by {@code now} (event time or, for a silent host, wall-clock time). */
  public List<Finding> closeExpired(HostState st, Instant now) {
    List<Finding> out = new ArrayList<>();
    for (HostState.OpenBurst b : List.copyOf(st.openBursts)) {
      if (now.isAfter(b.end.plus(config.burstGap()))) {
        out.add(close(st, b));
      }
    }
    if (st.pendingSuppressedAt != null && now.isAfter(st.pendingSuppressedAt.plus(config.burstGap()))) {
      st.pendingSuppressedAt = null;
      st.pendingSuppressed = 0;
    }
    return out;
  }

  /** Closes every open burst (end of input). */
  public List<Finding> closeAll(HostState st) {
    List<Finding> out = new ArrayList<>();
    for (HostState.OpenBurst b : List.copyOf(st.openBursts)) {
      out.add(close(st, b));
    }
    return out;
  }

  private Finding close(HostState st, HostState.OpenBurst b) {
    st.openBursts.remove(b);
    st.bursts++;
    st.burstMessages += b.messages;
    st.burstSuppressed += b.suppressed;
    if (st.lastBurstEnd == null || !b.end.isBefore(st.lastBurstEnd)) {
      st.lastBurstEnd = b.end;
      st.lastBurstNetns = b.netns;
    }
    return toFinding(st, b, true);
  }

  private static BurstFinding toFinding(HostState st, HostState.OpenBurst b, boolean closed) {
    return BurstFinding.of(st.host, b.netns, b.vps, b.start, b.end, b.messages, b.suppressed, closed);
  }

  /** Feeds one sample: drop counter deltas, peak, saturation level and trend. */
  public List<Finding> onSample(HostState st, ConntrackSample s) {
    return onSample(st, s, Duration.ZERO);
  }

  /**
   * Feeds one sample while kernel messages may come out of order by up to {@code closeLag}: the bursts it closes
   * are those a gap plus {@code closeLag} past their end, as {@link #onEvent} does, so that a table-full line that
   * comes after a newer sample, but within {@code closeLag}, still joins its burst instead of opening a second one.
   */
  public List<Finding> onSample(HostState st, ConntrackSample s, Duration closeLag) {
    ConntrackSample prev = st.lastSample;
    if (prev != null && !s.timestamp().isAfter(prev.timestamp())) {
      st.lateSamples++;
      mergeLate(st, s);
      return List.of();
    }
    touch(st, s.timestamp());
    List<Finding> out = new ArrayList<>(closeExpired(st, s.timestamp().minus(closeLag)));
    if (prev == null) {
      st.sinceBootDrops = s.namespaces() != null ? NamespaceDeltas.totalDrops(s.namespaces())
          : s.stat(StatNames.DROP) == null ? 0 : s.stat(StatNames.DROP);
    } else {
      DropsFinding d = dropsBetween(st, prev, s);
      if (d != null) {
        out.add(d);
      }
    }
    // The limit applies to each namespace's own count: the fullest namespace is what fills first.
    long count = NamespaceDeltas.fullestCount(s);
    double utilization = s.max() <= 0 ? 0 : (double) count / s.max();
    if (count > st.peakCount) {
      st.peakCount = count;
      st.peakAt = s.timestamp();
    }
    st.lastSample = s;
    addPoint(st, st.recent.size(), new HostState.Point(s.timestamp(), count, s.max()), s.timestamp());
    Instant forecast = Trend.forecastFull(st.recent, s.timestamp(), s.max(), config);
    SaturationLevel level = nextLevel(st.level, utilization);
    boolean changed = level != st.level || (forecast == null) != (st.forecastFullAt == null);
    st.level = level;
    st.forecastFullAt = forecast;
    if (changed) {
      out.add(new SaturationFinding(st.host, s.timestamp(), count, s.max(), utilization, level, forecast));
    }
    return out;
  }

  /**
   * Counter deltas; a counter that went down (reboot, module reload) starts a new baseline instead. When the
   * sampler enumerated network namespaces, drops are summed over them: each namespace has its own counters, and
   * a container's drops never show in the initial namespace's file.
   */
  private DropsFinding dropsBetween(HostState st, ConntrackSample prev, ConntrackSample s) {
    String[] names = {StatNames.DROP, StatNames.EARLY_DROP, StatNames.INSERT_FAILED, StatNames.CHAIN_TOO_LONG};
    long[] delta = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      Long a = prev.stat(names[i]);
      Long b = s.stat(names[i]);
      if (a == null || b == null) {
        continue;
      }
      if (b < a) {
        st.counterResets++;
        return null;
      }
      delta[i] = b - a;
    }
    if (prev.namespaces() != null && s.namespaces() != null) {
      long[] ns = NamespaceDeltas.between(prev.namespaces(), s.namespaces());
      System.arraycopy(ns, 0, delta, 0, 3);
    }
    if (delta[2] + delta[3] > 0 && NamespaceDeltas.fullestCount(s) * 2 < s.max()) {
      st.hashPressure += delta[2] + delta[3];
    }
    if (delta[0] + delta[1] + delta[2] == 0) {
      return null;
    }
    st.counterDrops += delta[0];
    st.earlyDrops += delta[1];
    st.insertFailed += delta[2];
    if (delta[0] > 0) {
      st.lastDropAt = s.timestamp();
    }
    return new DropsFinding(st.host, prev.timestamp(), s.timestamp(), delta[0], delta[1], delta[2]);
  }

  /**
   * A sample older than the host's latest (the offline analyzer sorts, so only a live stream sees one): its count
   * still counts for the peak and, in time order, for the trend; its counters tell nothing new, since the drops
   * around it were counted when the newer sample came; the level stays the newest sample's.
   */
  private void mergeLate(HostState st, ConntrackSample s) {
    long count = NamespaceDeltas.fullestCount(s);
    Instant t = s.timestamp();
    if (count > st.peakCount) {
      st.peakCount = count;
      st.peakAt = t;
    }
    int i = st.recent.size();
    while (i > 0 && st.recent.get(i - 1).t().isAfter(t)) {
      i--;
    }
    if (i > 0 && st.recent.get(i - 1).t().equals(t)) {
      return;
    }
    addPoint(st, i, new HostState.Point(t, count, s.max()), st.lastSample.timestamp());
  }

  /**
   * Puts a trend point at {@code at} (time order), then drops what lies beyond the trend window before
   * {@code newest} (a late point among them) and the oldest points over the bound.
   */
  private void addPoint(HostState st, int at, HostState.Point point, Instant newest) {
    st.recent.add(at, point);
    Instant from = newest.minus(config.trendWindow());
    st.recent.removeIf(p -> p.t().isBefore(from));
    while (st.recent.size() > config.maxRecentSamples()) {
      st.recent.remove(0);
    }
  }

  /** Raises at a threshold; clears only {@code hysteresis} below it, so a host at the edge does not flap. */
  SaturationLevel nextLevel(SaturationLevel current, double u) {
    SaturationLevel raised = u >= config.critical() ? SaturationLevel.CRITICAL
        : u >= config.warning() ? SaturationLevel.WARNING : SaturationLevel.OK;
    if (raised.compareTo(current) >= 0) {
      return raised;
    }
    if (current == SaturationLevel.CRITICAL && u >= config.critical() - config.hysteresis()) {
      return SaturationLevel.CRITICAL;
    }
    if (current.compareTo(SaturationLevel.WARNING) >= 0 && u >= config.warning() - config.hysteresis()) {
      return SaturationLevel.WARNING;
    }
    return raised;
  }

  private static void touch(HostState st, Instant t) {
    if (st.lastEventTime == null || t.isAfter(st.lastEventTime)) {
      st.lastEventTime = t;
    }
  }
}
