package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time reading of one host's conntrack table: the unit on the {@code conntrack-samples} topic.
 *
 * @param host          host name (also the record key)
 * @param timestamp     when it was read (UTC)
 * @param count         entries in the table ({@code nf_conntrack_count})
 * @param max           the table's limit ({@code nf_conntrack_max})
 * @param buckets       hash table size ({@code nf_conntrack_buckets}), when known
 * @param memTotalBytes the host's RAM, when known
 * @param cpus          number of CPUs, when known
 * @param kernelRelease {@code uname -r}, when known
 * @param stats         cumulative counters summed over CPUs, by name ({@link StatNames}); only those the kernel has
 * @param sysctls       the table's other {@code net.netfilter.nf_conntrack_*} settings (timeouts, switches), by full
 *                      sysctl name; not the count, limit or hash size, which are the fields above
 * @param states        entries by TCP state, {@code UDP} or {@code OTHER}, when the entry list was read
 * @param namespaces    conntrack use per network namespace, when the sampler enumerated them
 */
public record ConntrackSample(
    String host,
    Instant timestamp,
    long count,
    long max,
    Long buckets,
    Long memTotalBytes,
    Integer cpus,
    String kernelRelease,
    Map<String, Long> stats,
    Map<String, Long> sysctls,
    Map<String, Long> states,
    List<NamespaceUsage> namespaces) {

  @JsonCreator
  public ConntrackSample {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timestamp, "timestamp");
    if (count < 0 || max < 0) {
      throw new IllegalArgumentException("count and max must not be negative");
    }
    stats = SortedMaps.copyOf(stats == null ? Map.of() : stats);
    sysctls = SortedMaps.copyOf(sysctls == null ? Map.of() : sysctls);
    states = states == null ? null : SortedMaps.copyOf(states);
    namespaces = namespaces == null ? null : List.copyOf(namespaces);
  }

  /** A sample without the per-namespace breakdown. */
  public ConntrackSample(String host, Instant timestamp, long count, long max, Long buckets, Long memTotalBytes,
      Integer cpus, String kernelRelease, Map<String, Long> stats, Map<String, Long> sysctls,
      Map<String, Long> states) {
    this(host, timestamp, count, max, buckets, memTotalBytes, cpus, kernelRelease, stats, sysctls, states, null);
  }

  /** A minimal sample (count and max only), as a CSV timeline gives it. */
  public static ConntrackSample of(String host, Instant timestamp, long count, long max) {
    return new ConntrackSample(host, timestamp, count, max, null, null, null, null, null, null, null);
  }

  /** Table usage between 0 and 1 (0 when max is unknown). */
  public double utilization() {
    return max <= 0 ? 0.0 : (double) count / (double) max;
  }

  /** A cumulative counter, or null when the kernel does not report it. */
  public Long stat(String name) {
    return stats.get(name);
  }

  /** A copy with counters read elsewhere (such as {@code conntrack -S}) and the number of CPUs. */
  public ConntrackSample withStats(Map<String, Long> newStats, Integer newCpus) {
    return new ConntrackSample(host, timestamp, count, max, buckets, memTotalBytes, newCpus, kernelRelease, newStats,
        sysctls, states, namespaces);
  }

  /** A copy with the per-namespace breakdown. */
  public ConntrackSample withNamespaces(List<NamespaceUsage> ns) {
    return new ConntrackSample(host, timestamp, count, max, buckets, memTotalBytes, cpus, kernelRelease, stats,
        sysctls, states, ns);
  }
}
