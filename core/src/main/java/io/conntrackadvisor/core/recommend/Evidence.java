package io.conntrackadvisor.core.recommend;

import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.ConntrackSample;

/** The drop evidence of one host, summarized in words. */
record Evidence(long bursts, long messages, long suppressed, long counterDrops, long earlyDrops,
    long sinceBootDrops, Long netns) {

  static Evidence of(HostState st) {
    return new Evidence(st.burstCount(), st.burstMessages(), st.burstSuppressed(), st.counterDrops(),
        st.earlyDrops(), st.sinceBootDrops(), st.lastBurstNetns());
  }

  /** Drops observed while we watched (bursts or counter increases). */
  boolean recentDrops() {
    return bursts > 0 || counterDrops > 0;
  }

  /** Any drop evidence, the since-boot counter included. */
  boolean dropsSeen() {
    return recentDrops() || sinceBootDrops > 0;
  }

  String describe(ConntrackSample s) {
    StringBuilder b = new StringBuilder();
    if (bursts > 0) {
      // each count right before its noun: a count that turns plural does not make new advice (adviceFingerprint)
      b.append(Text.format("The kernel logged %d line%s of 'table full, dropping packet' in %d "
          + "burst%s", messages, messages == 1 ? "" : "s", bursts, bursts == 1 ? "" : "s"));
      if (netns != null) {
        b.append(Text.format(" (latest in network namespace %d)", netns));
      }
      if (suppressed > 0) {
        b.append(Text.format(", and net_ratelimit suppressed %d more: about %d dropped packets "
            + "(an upper bound, since that limiter is shared by all networking messages)", suppressed,
            messages + suppressed));
      }
      b.append(". ");
    }
    if (counterDrops > 0) {
      b.append(Text.format("The drop counter in /proc/net/stat/nf_conntrack rose by %d between "
          + "samples. ", counterDrops));
    }
    if (earlyDrops > 0) {
      b.append(Text.format("early_drop rose by %d: the kernel evicted unassured entries (typically "
          + "UDP) to make room. The table is at its limit: drops come next. ", earlyDrops));
    }
    if (sinceBootDrops > 0 && counterDrops == 0) {
      b.append(Text.format("The drop counter shows %d packets dropped since boot%s. ",
          sinceBootDrops, s != null && s.count() >= s.max() ? " and the table is full right now" : ""));
    }
    return b.toString().trim();
  }
}
