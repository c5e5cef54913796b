package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a recommendation read from the network before anything is written from it: a safe host name, only
 * {@code net.netfilter.nf_conntrack_*} names, numbers the kernel accepts (the hash size included, which must equal
 * the recommended buckets when both are given), and a table that fits the host's RAM. The ready-made texts of the
 * record ({@code sysctlConf}, {@code modprobeConf}) are never passed on: outputs render them again from the checked
 * values.
 */
public final class RecommendationValidator {
  /** The table limit sysctl. */
  public static final String MAX = "net.netfilter.nf_conntrack_max";
  /** The hash table size sysctl. */
  static final String BUCKETS = "net.netfilter.nf_conntrack_buckets";
  /** The kernel's conntrack sysctls are C ints: 2^31 and above are refused (or wrap). */
  static final long LARGEST_VALUE = Integer.MAX_VALUE;
  /** RAM one tracked connection takes: {@code struct nf_conn} with its usual extensions on 64-bit kernels. */
  static final long BYTES_PER_ENTRY = 320;
  /** RAM one hash bucket takes (an {@code hlist_nulls_head}). */
  static final long BYTES_PER_BUCKET = 8;
  /** Most reasons kept, and their longest length: enough for any real explanation. */
  static final int MAX_REASONS = 50;
  static final int MAX_REASON_CHARS = 1000;
  /** Most top namespaces kept (the recommender sends five), and the longest owner name and process list. */
  static final int MAX_NAMESPACES = 10;
  static final int MAX_OWNER_CHARS = 64;
  static final int MAX_PROCESSES = 8;
  /** Largest share of the limit believed: a namespace can exceed the limit only after it was lowered under it. */
  static final double LARGEST_SHARE = 1000.0;
  /** How far event times may run ahead of the sink's clock (skew); a later time would shadow all real advice. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

  private static final Pattern SYSCTL_NAME = Pattern.compile("net\\.netfilter\\.nf_conntrack_[a-z0-9_]{1,64}");

  private final HostMemory memory;
  private final double memoryFraction;
  private final Clock clock;

  public RecommendationValidator(HostMemory memory, double memoryFraction, Clock clock) {
    this.memory = memory;
    this.memoryFraction = memoryFraction;
    this.clock = clock;
  }

  /** The checked form of {@code r}, or the reason it is rejected. */
  ValidRecommendation validate(Recommendation r) throws RecordRejectedException {
    String host = HostNames.check(r.host());
    checkTime(r.timestamp());
    SortedMap<String, Long> current = checkedValues(r.current(), 0);
    SortedMap<String, Long> recommended = checkedValues(r.recommended(), 1);
    Long hashsize = r.hashsize();
    if (hashsize != null && (hashsize < 1 || hashsize > LARGEST_VALUE)) {
      throw new RecordRejectedException(RejectReason.VALUE_RANGE, "hashsize " + hashsize + " is outside 1.."
          + LARGEST_VALUE);
    }
    Long buckets = recommended.get(BUCKETS);
    if (hashsize != null && buckets != null && !hashsize.equals(buckets)) {
      throw new RecordRejectedException(RejectReason.MODPROBE, "hashsize " + hashsize + " differs from "
          + BUCKETS + " " + buckets);
    }
    checkMemory(host, recommended.getOrDefault(MAX, current.get(MAX)), buckets != null ? buckets : hashsize);
    List<String> reasons = stripped(r.reasons(), MAX_REASONS, MAX_REASON_CHARS);
    // the digest covers the advice only: live namespace counts must not make a webhook fire again
    String digest = digest(new Advice(host, r.severity(), current, recommended, hashsize, reasons));
    return new ValidRecommendation(host, r.timestamp(), r.severity(), current, recommended, reasons, hashsize,
        digest, checkedNamespaces(r.topNamespaces()));
  }

  /**
   * The top namespaces with numbers in range and owner names as plain text (they come from cgroup paths and
   * process names, which whoever runs a container chooses); at most {@link #MAX_NAMESPACES}.
   */
  static List<TopNamespace> checkedNamespaces(List<TopNamespace> top) throws RecordRejectedException {
    if (top == null) {
      return List.of();
    }
    List<TopNamespace> checked = new ArrayList<>();
    for (TopNamespace t : top.subList(0, Math.min(MAX_NAMESPACES, top.size()))) {
      if (t.netns() < 0 || t.count() < 0 || t.count() > LARGEST_VALUE || !(t.share() >= 0)
          || t.share() > LARGEST_SHARE || (t.drop() != null && t.drop() < 0)
          || (t.earlyDrop() != null && t.earlyDrop() < 0)) {
        throw new RecordRejectedException(RejectReason.VALUE_RANGE, String.format(Locale.ROOT,
            "namespace %d: count %d, share %s, drop %s, early_drop %s out of range", t.netns(), t.count(),
            t.share(), t.drop(), t.earlyDrop()));
      }
      checked.add(new TopNamespace(t.netns(), t.count(), t.share(), t.drop(), t.earlyDrop(), plain(t.container()),
          plain(t.pod()), stripped(t.processes(), MAX_PROCESSES, MAX_OWNER_CHARS)));
    }
    return List.copyOf(checked);
  }

  /** The first {@code most} texts, each as plain text of at most {@code maxChars}. */
  private static List<String> stripped(List<String> texts, int most, int maxChars) {
    return texts.stream().limit(most).map(text -> PlainText.strip(text, maxChars)).toList();
  }

  private static String plain(String text) {
    return text == null ? null : PlainText.strip(text, MAX_OWNER_CHARS);
  }

  /** Rejects an event time further ahead of the sink's clock than {@link #MAX_CLOCK_SKEW}. */
  void checkTime(Instant t) throws RecordRejectedException {
    if (!timely(t)) {
      throw new RecordRejectedException(RejectReason.VALUE_RANGE, "time " + t + " lies in the future");
    }
  }

  /** Whether {@code t} lies no further in the future than clocks may be skewed. */
  boolean timely(Instant t) {
    return !t.isAfter(clock.instant().plus(MAX_CLOCK_SKEW));
  }

  private static SortedMap<String, Long> checkedValues(Map<String, Long> values, long smallest)
      throws RecordRejectedException {
    SortedMap<String, Long> checked = new TreeMap<>();
    for (Map.Entry<String, Long> e : values.entrySet()) {
      if (e.getKey() == null || !SYSCTL_NAME.matcher(e.getKey()).matches()) {
        throw new RecordRejectedException(RejectReason.SYSCTL_NAME, "not a net.netfilter.nf_conntrack_* sysctl: '"
            + PlainText.forLog(e.getKey()) + "'");
      }
      Long v = e.getValue();
      if (v == null || v < smallest || v > LARGEST_VALUE) {
        throw new RecordRejectedException(RejectReason.VALUE_RANGE, e.getKey() + " = " + v + " is outside "
            + smallest + ".." + LARGEST_VALUE);
      }
      checked.put(e.getKey(), v);
    }
    return checked;
  }

  private void checkMemory(String host, Long max, Long buckets) throws RecordRejectedException {
    Long ram = memory.of(host);
    if (ram == null) {
      return;
    }
    long needed = (max == null ? 0 : max * BYTES_PER_ENTRY) + (buckets == null ? 0 : buckets * BYTES_PER_BUCKET);
    double allowed = ram * memoryFraction;
    if (needed > allowed) {
      throw new RecordRejectedException(RejectReason.MEMORY, String.format(Locale.ROOT,
          "a full table would take %d MiB, more than %.0f%% of the host's %d MiB", needed >> 20,
          memoryFraction * 100, ram >> 20));
    }
  }

  /** What the digest covers: the advice, not the time it was made. */
  record Advice(String host, Severity severity, Map<String, Long> current, Map<String, Long> recommended,
      Long hashsize, List<String> reasons) {
  }

  private static String digest(Advice advice) {
    try {
      byte[] canonical = Json.write(advice).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
