package io.conntrackadvisor.core.recommend;

import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropIns;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a host's evidence into one recommendation, each number with the rule that produced it:
 * {@code nf_conntrack_max} (never lower than today; the next power of two at least twice the peak, at least the
 * classic memory default, at most a memory ceiling), the hash size (kernel-aware), a hash-table diagnosis, and
 * timeouts from the state histogram.
 */
public final class Recommender {
  private final RecommenderConfig config;

  public Recommender(RecommenderConfig config) {
    this.config = config;
  }

  /** The recommendation for a host, or empty when nothing is known that deserves one. */
  public Optional<Recommendation> recommend(HostState st) {
    return recommendUnlessIssued(st, 0);
  }

  /**
   * As {@link #recommend}, but also empty when the advice is the one whose
   * {@link Recommendation#adviceFingerprint() fingerprint} is {@code issued} (0: none): the sentences are made,
   * since the advice is in them, but not the ready-to-install files nor the recommendation, which a caller that
   * publishes only changed advice would throw away.
   */
  public Optional<Recommendation> recommendUnlessIssued(HostState st, long issued) {
    ConntrackSample s = st.lastSample();
    Instant at = st.lastEventTime() == null ? Instant.EPOCH : st.lastEventTime();
    if (s == null) {
      return st.burstCount() == 0 ? Optional.empty() : withoutSample(st, at, issued);
    }
    Advice a = new Advice(st.host(), at);
    Evidence ev = Evidence.of(st);
    a.current.put(Sysctls.MAX, s.max());
    if (s.buckets() != null) {
      a.current.put(Sysctls.BUCKETS, s.buckets());
    }
    long targetMax = s.max();
    if (ev.dropsSeen() || st.level() != SaturationLevel.OK || st.forecastFullAt() != null
        || st.earlyDrops() > 0) {
      targetMax = adviseMax(st, s, ev, a);
    } else {
      a.reasons.add(Text.format("The table is %s full (%d of %d entries, peak %d) with no drops and no trend towards full within the "
          + "horizon: keep %s at %d.", pct(s.utilization()), s.count(), s.max(), st.peakCount(), Sysctls.MAX,
          s.max()));
    }
    a.reasons.addAll(NamespaceAdvice.reasons(s, st.lastBurstNetns()));
    adviseBuckets(st, s, targetMax, a);
    adviseTimeouts(s, a);
    a.severity = severity(st, s, ev);
    return a.buildUnless(s, issued);
  }

  private long adviseMax(HostState st, ConntrackSample s, Evidence ev, Advice a) {
    long peak = st.peakCount();
    if (ev.dropsSeen()) {
      a.reasons.add(ev.describe(s));
      peak = Math.max(peak, s.max());
      a.reasons.add(Text.format("Packets were dropped, so the table was full: the peak is taken as "
          + "the current %s, %d.", Sysctls.MAX, s.max()));
    } else {
      if (ev.earlyDrops() > 0) {
        a.reasons.add(ev.describe(s));
      }
      a.reasons.add(saturationSentence(st, s));
    }
    long twice = targetForPeak(peak);
    long target = twice;
    a.reasons.add(Text.format("Target = next power of two >= 2 x peak = 2 x %d -> %d, so the peak "
        + "fills at most half the table.", peak, twice));
    Long mem = s.memTotalBytes();
    int bits = config.archBits();
    if (mem != null) {
      long classic = mem / 16384 / (bits / 32);
      if (classic > target) {
        target = classic;
        a.reasons.add(Text.format("That is below the classic memory default RAM / 16384 / (%d / 32) "
            + "= %d / 16384 / %d = %d, which is used instead.", bits, mem, bits / 32, classic));
      }
      long ceiling = (long) (mem * config.memoryShare()) / (config.bytesPerEntry() + config.bytesPerBucket());
      if (target > ceiling) {
        a.reasons.add(Text.format("Capped at the memory ceiling: %s of RAM at %d bytes per entry "
            + "plus %d per bucket = %d entries. More entries would cost too much memory: shorten timeouts or "
            + "exempt traffic from tracking (nftables 'notrack' / iptables -j CT --notrack) instead.",
            pct(config.memoryShare()), config.bytesPerEntry(), config.bytesPerBucket(), ceiling));
        target = ceiling;
      }
    } else {
      a.reasons.add("The host's RAM is unknown (no /proc/meminfo in the evidence), so the memory default and "
          + "ceiling were not applied; check the value against RAM: about 330 bytes per entry.");
    }
    if (target <= s.max()) {
      a.reasons.add(Text.format("%s is never lowered: keep %d.", Sysctls.MAX, s.max()));
      return s.max();
    }
    a.recommended.put(Sysctls.MAX, target);
    a.reasons.add(Text.format("Set %s = %d (from %d); the table then uses at most about %d MiB.",
        Sysctls.MAX, target, s.max(), target * (config.bytesPerEntry() + config.bytesPerBucket()) >> 20));
    return target;
  }

  private String saturationSentence(HostState st, ConntrackSample s) {
    StringBuilder b = new StringBuilder(Text.format("No drops yet, but the table is %s full (%d of %d entries; level %s)", pct(s.utilization()), s.count(),
        s.max(), st.level().wireName()));
    if (st.forecastFullAt() != null) {
      b.append(Text.format(" and the least-squares trend of the last samples reaches %d at %s",
          s.max(), st.forecastFullAt()));
    }
    return b.append(". The peak count seen is ").append(st.peakCount()).append('.').toString();
  }

  private void adviseBuckets(HostState st, ConntrackSample s, long targetMax, Advice a) {
    if (s.buckets() == null) {
      return;
    }
    long buckets = s.buckets();
    boolean modern = KernelVersion.atLeast(s.kernelRelease(), 5, 15);
    long want = modern ? targetMax : (targetMax + 3) / 4;
    String rule = modern
        ? "since kernel 5.15 the default is buckets = max (each entry is hashed twice, so a full table averages "
            + "chains of 2; a chain longer than 64 drops the packet)"
        : "before kernel 5.15 the default was max = 4 x buckets, so buckets should be at least max / 4";
    if (st.hashPressure() > 0) {
      long doubled = nextPowerOfTwo(buckets * 2);
      want = Math.max(want, doubled);
      a.reasons.add(Text.format("insert_failed/chaintoolong rose by %d while the table was under "
          + "half full: the hash table is too small (or under a collision attack), not the table. Raise the "
          + "buckets, not max: at least double them to %d.", st.hashPressure(), doubled));
    }
    if (want > buckets) {
      a.recommended.put(Sysctls.BUCKETS, want);
      a.modprobeHashsize = want;
      a.reasons.add(Text.format("Set %s = %d (from %d): %s (kernel %s). Only the initial network "
          + "namespace may change it; to keep it across reboots use 'options nf_conntrack hashsize=%d' in "
          + "/etc/modprobe.d/.", Sysctls.BUCKETS, want, buckets, rule,
          s.kernelRelease() == null ? "unknown" : s.kernelRelease(), want));
    }
  }

  private void adviseTimeouts(ConntrackSample s, Advice a) {
    Map<String, Long> states = s.states();
    if (states == null || states.isEmpty()) {
      return;
    }
    long total = states.values().stream().mapToLong(Long::longValue).sum();
    Profile p = config.profile();
    timeout(s, a, states, total, "ESTABLISHED", Sysctls.TCP_ESTABLISHED, p);
    timeout(s, a, states, total, "TIME_WAIT", Sysctls.TCP_TIME_WAIT, p);
    timeout(s, a, states, total, "CLOSE_WAIT", Sysctls.TCP_CLOSE_WAIT, p);
    timeout(s, a, states, total, "FIN_WAIT", Sysctls.TCP_FIN_WAIT, p);
    long udp = states.getOrDefault("UDP", 0L);
    if (total > 0 && udp * 2 >= total) {
      timeout(s, a, states, total, "UDP", Sysctls.UDP, p);
      timeout(s, a, states, total, "UDP", Sysctls.UDP_STREAM, p);
      a.reasons.add(Text.format("UDP holds %d of %d entries (%s): if that is DNS to a local "
          + "resolver, exempt it from tracking (nftables 'udp dport 53 notrack' in a raw/prerouting chain) instead "
          + "of growing the table.", udp, total, pct((double) udp / total)));
    }
  }

  private void timeout(ConntrackSample s, Advice a, Map<String, Long> states, long total, String state,
      String sysctl, Profile p) {
    long n = states.getOrDefault(state, 0L);
    Long cur = s.sysctls().get(sysctl);
    Long want = p.timeout(sysctl);
    if (n == 0 || cur == null || want == null || cur <= want) {
      return;
    }
    a.current.put(sysctl, cur);
    a.recommended.put(sysctl, want);
    a.reasons.add(Text.format("%d of %d sampled entries are %s and %s is %d s (%s); the %s profile "
        + "uses %d s: idle entries then leave the table sooner.", n, total, state, sysctl, cur, human(cur),
        p.label(), want));
  }

  private static Severity severity(HostState st, ConntrackSample s, Evidence ev) {
    if (ev.recentDrops() || s.count() >= s.max() || st.level() == SaturationLevel.CRITICAL) {
      return Severity.CRITICAL;
    }
    if (ev.dropsSeen() || st.level() == SaturationLevel.WARNING || st.forecastFullAt() != null
        || st.hashPressure() > 0 || st.earlyDrops() > 0) {
      return Severity.WARNING;
    }
    return Severity.INFO;
  }

  /** Logs only: the rule, and how to read the numbers we lack. */
  private Optional<Recommendation> withoutSample(HostState st, Instant at, long issued) {
    Advice a = new Advice(st.host(), at);
    a.severity = Severity.CRITICAL;
    a.reasons.add(Evidence.of(st).describe(null));
    a.reasons.add("No conntrack sample for this host, so its current values are unknown. The table was full when "
        + "these messages were printed, so the peak equals today's nf_conntrack_max.");
    a.reasons.add("Raise net.netfilter.nf_conntrack_max to the next power of two >= 2 x its current value, and at "
        + "least RAM / 16384 / 2 on a 64-bit host (RAM in bytes). Read the current values with "
        + "'sysctl net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_buckets' and 'grep MemTotal "
        + "/proc/meminfo', or run the agent's sampler on the host for exact numbers.");
    return a.buildUnless(null, issued);
  }

  /**
   * The table size a peak asks for before memory bounds: the next power of two at least twice the peak. The only
   * way the peak count enters the advice (sentences quote it, but a quoted number does not make new advice), so a
   * new peak with the same target cannot change the advice.
   */
  public static long targetForPeak(long peak) {
    return nextPowerOfTwo(2 * Math.max(1, peak));
  }

  static long nextPowerOfTwo(long n) {
    if (n <= 1) {
      return 1;
    }
    long p = Long.highestOneBit(n);
    return p == n ? n : p << 1;
  }

  static String pct(double u) {
    return Text.format("%.0f %%", u * 100);
  }

  private static String human(long seconds) {
    if (seconds % 86_400 == 0) {
      return (seconds / 86_400) + (seconds == 86_400 ? " day" : " days");
    }
    if (seconds % 3600 == 0) {
      return (seconds / 3600) + " h";
    }
    return seconds >= 60 && seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " s";
  }

  /** Mutable builder of one recommendation. */
  private static final class Advice {
    final String host;
    final Instant at;
    final TreeMap<String, Long> current = new TreeMap<>();
    final TreeMap<String, Long> recommended = new TreeMap<>();
    final List<String> reasons = new ArrayList<>();
    Severity severity = Severity.INFO;
    Long modprobeHashsize;

    Advice(String host, Instant at) {
      this.host = host;
      this.at = at;
    }

    /** The recommendation, or empty when its advice has the fingerprint {@code issued}. */
    Optional<Recommendation> buildUnless(ConntrackSample s, long issued) {
      if (issued != 0
          && Recommendation.adviceFingerprint(host, severity, current, recommended, reasons) == issued) {
        return Optional.empty();
      }
      String conf = DropIns.sysctlConf(host, at, severity, recommended, reasons, s == null);
      String modprobe = modprobeHashsize == null ? null : DropIns.modprobeConf(host, modprobeHashsize);
      return Optional.of(new Recommendation(host, at, severity, current, recommended, reasons, conf, modprobe,
          s == null ? null : NamespaceAdvice.top(s), modprobeHashsize));
    }
  }
}
