package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.DropIns;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * A recommendation that passed {@link RecommendationValidator}: the only form any output sees.
 *
 * @param host        a host name safe as a path segment
 * @param timestamp   time of the newest evidence
 * @param severity    how urgent
 * @param current     current values, by {@code net.netfilter.nf_conntrack_*} name
 * @param recommended recommended values, each between 1 and 2^31-1, by {@code net.netfilter.nf_conntrack_*} name
 * @param reasons     reasons with control characters stripped
 * @param hashsize    the {@code nf_conntrack} module's {@code hashsize} to set at boot, or null
 * @param digest      SHA-256 of the advice (everything but the timestamp and the namespace counts), hex
 * @param namespaces  the namespaces holding most entries, biggest first, owner names as plain text; empty when
 *                    unknown
 */
public record ValidRecommendation(
    String host,
    Instant timestamp,
    Severity severity,
    SortedMap<String, Long> current,
    SortedMap<String, Long> recommended,
    List<String> reasons,
    Long hashsize,
    String digest,
    List<TopNamespace> namespaces) {

  /** The current {@code nf_conntrack_max}, or null. */
  public Long currentMax() {
    return current.get(RecommendationValidator.MAX);
  }

  /** The recommended {@code nf_conntrack_max}, or null when it should not change. */
  public Long recommendedMax() {
    return recommended.get(RecommendationValidator.MAX);
  }

  /**
   * The body of {@code /etc/sysctl.d/90-conntrack-advisor.conf}, rendered again by the one renderer
   * ({@link DropIns}) from the checked values, never taken from the record.
   */
  public String sysctlConf() {
    return DropIns.sysctlConf(host, timestamp, severity, recommended, reasons, current.isEmpty());
  }

  /** The body of {@code /etc/modprobe.d/nf_conntrack.conf}; only for recommendations with a hash size. */
  public String modprobeConf() {
    return DropIns.modprobeConf(host, hashsize);
  }
}
