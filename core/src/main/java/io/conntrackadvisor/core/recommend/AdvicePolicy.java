package io.conntrackadvisor.core.recommend;

import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a host's advice is worked out again and when it is news: the policy the Streams application publishes
 * recommendations by, and by which {@code analyze} tells since when its advice stands.
 *
 * <p>The {@link Recommender} runs for a host when an event may have changed its advice (a new peak that asks for a
 * larger table, a sample with other limits, sysctls, memory or kernel, a new saturation level or forecast, a burst
 * that opens or closes, the first drops of a kind) and at least once per {@link #REFRESH_MS} of the host's event
 * time, which brings the counts the advice quotes up to date. Its recommendation is published only when the advice
 * differs from the one last published, whose fingerprint the host's state keeps.
 *
 * <p>Use: {@link #before} ahead of feeding an event to the detector, then {@link #after} with what it found.
 */
public final class AdvicePolicy {
  /** Event time after which a steady host's advice is computed again. */
  public static final long REFRESH_MS = 60_000;

  private final Recommender recommender;
  /** Event time each host's state last went to the recommender (in memory; empty after a restart). */
  private final Map<String, Long> advisedAt = new HashMap<>();

  public AdvicePolicy(Recommender recommender) {
    this.recommender = recommender;
  }

  /**
   * What the policy needs to know of a host's state before an event changes it.
   *
   * @param sample       the latest sample
   * @param peak         the peak count
   * @param drops        whether counter drops were seen
   * @param earlyDrops   whether early drops were seen
   * @param insertFailed whether insert failures were seen
   * @param lateSamples  samples that came older than the latest
   */
  public record Before(ConntrackSample sample, long peak, boolean drops, boolean earlyDrops, boolean insertFailed,
      long lateSamples) {
  }

  /** The host's state ahead of an event. */
  public static Before before(HostState st) {
    return new Before(st.lastSample(), st.peakCount(), st.counterDrops() > 0, st.earlyDrops() > 0,
        st.insertFailed() > 0, st.lateSamples());
  }

  /** Whether the event just applied was a sample newer than the host's latest one before it. */
  public static boolean newSample(HostState st, Before b, ConntrackSample sample) {
    return sample != null && st.lateSamples() == b.lateSamples();
  }

  /**
   * After an event: the host's new recommendation when the event may have changed its advice (or a refresh is due)
   * and the advice differs from the one published; the state then keeps its fingerprint.
   *
   * @param sample the event's sample, or null for a kernel message or a closing
   * @param found  what the detector found on it
   */
  public Optional<Recommendation> after(HostState st, Before b, ConntrackSample sample, List<Finding> found) {
    return due(st, b, sample, found) ? advise(st) : Optional.empty();
  }

  /** After findings that time alone brought (bursts closed by a clock): advice only when there are some. */
  public Optional<Recommendation> afterClosing(HostState st, List<Finding> closed) {
    return closed.isEmpty() ? Optional.empty() : advise(st);
  }

  /** Forgets a host that expired. */
  public void forget(String host) {
    advisedAt.remove(host);
  }

  /** Forgets every host (a restart of the caller's state). */
  public void reset() {
    advisedAt.clear();
  }

  /**
   * Whether the advice is to be worked out again after an event: it may have changed, or the refresh is due.
   *
   * @param sample the event's sample, or null for a kernel message
   * @param found  what the detector found on it
   */
  public boolean due(HostState st, Before b, ConntrackSample sample, List<Finding> found) {
    boolean fresh = newSample(st, b, sample);
    // a higher peak changes the advice only when it asks for a larger table
    if (refreshDue(st) || Recommender.targetForPeak(st.peakCount()) != Recommender.targetForPeak(b.peak())
        || fresh && sampleMayChangeAdvice(b.sample(), sample)) {
      return true;
    }
    boolean firstDrops = !b.drops() && st.counterDrops() > 0 || !b.earlyDrops() && st.earlyDrops() > 0
        || !b.insertFailed() && st.insertFailed() > 0;
    for (Finding f : found) {
      if (mayChangeAdvice(f, firstDrops)) {
        return true;
      }
    }
    return false;
  }

  /** Runs the recommender and keeps the fingerprint of a new advice in the state. */
  private Optional<Recommendation> advise(HostState st) {
    advisedAt.put(st.host(), st.lastEventTime().toEpochMilli());
    Optional<Recommendation> r = recommender.recommendUnlessIssued(st, st.issuedAdvice());
    r.ifPresent(rec -> st.issuedAdvice(rec.adviceFingerprint()));
    return r;
  }

  /** The host's advice was last computed {@link #REFRESH_MS} of event time ago, or not since the start. */
  private boolean refreshDue(HostState st) {
    Long at = advisedAt.get(st.host());
    return at == null || st.lastEventTime().toEpochMilli() - at >= REFRESH_MS;
  }

  /**
   * Whether a finding can change the host's advice: a new saturation level or forecast, a burst that opens or
   * closes, the first drops of a kind. A burst that grows and more drops of a kind already seen change only the
   * counts the advice quotes; the periodic refresh brings those up to date.
   */
  private static boolean mayChangeAdvice(Finding f, boolean firstDrops) {
    if (f instanceof BurstFinding burst) {
      return burst.closed() || burst.messages() == 1;
    }
    return !(f instanceof DropsFinding) || firstDrops;
  }

  /**
   * Whether a new sample can change the host's advice besides a new peak: other limits, sysctls, memory or kernel;
   * otherwise (a steady host) only its live counts changed, and the refresh also picks up slower changes such as
   * the top namespaces.
   */
  private static boolean sampleMayChangeAdvice(ConntrackSample previous, ConntrackSample s) {
    return previous == null || previous.max() != s.max() || !Objects.equals(previous.buckets(), s.buckets())
        || !previous.sysctls().equals(s.sysctls()) || !Objects.equals(previous.memTotalBytes(), s.memTotalBytes())
        || !Objects.equals(previous.kernelRelease(), s.kernelRelease());
  }
}
