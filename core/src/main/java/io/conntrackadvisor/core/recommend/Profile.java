package io.conntrackadvisor.core.recommend;

import java.util.Locale;
import java.util.Map;

/**
 * Timeout profiles. {@code conservative} (default) shortens only what is clearly excessive, as kube-proxy does
 * (established 1 day instead of 5); {@code aggressive} follows the classic tuning guide (established 300 s) for
 * hosts that mostly see short-lived connections.
 */
public enum Profile {
  /** Safe for long-lived connections. */
  CONSERVATIVE(Map.of(
      "net.netfilter.nf_conntrack_tcp_timeout_established", 86_400L,
      "net.netfilter.nf_conntrack_tcp_timeout_time_wait", 120L,
      "net.netfilter.nf_conntrack_tcp_timeout_close_wait", 3_600L,
      "net.netfilter.nf_conntrack_tcp_timeout_fin_wait", 120L,
      "net.netfilter.nf_conntrack_udp_timeout", 30L,
      "net.netfilter.nf_conntrack_udp_timeout_stream", 120L)),
  /** For hosts with short-lived connections (proxies, NAT gateways for web traffic). */
  AGGRESSIVE(Map.of(
      "net.netfilter.nf_conntrack_tcp_timeout_established", 300L,
      "net.netfilter.nf_conntrack_tcp_timeout_time_wait", 30L,
      "net.netfilter.nf_conntrack_tcp_timeout_close_wait", 60L,
      "net.netfilter.nf_conntrack_tcp_timeout_fin_wait", 30L,
      "net.netfilter.nf_conntrack_udp_timeout", 10L,
      "net.netfilter.nf_conntrack_udp_timeout_stream", 60L));

  private final Map<String, Long> timeouts;

  Profile(Map<String, Long> timeouts) {
    this.timeouts = timeouts;
  }

  /** The profile's value for a timeout sysctl, or null. */
  public Long timeout(String sysctl) {
    return timeouts.get(sysctl);
  }

  /** Lower-case name. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code conservative} or {@code aggressive}. */
  public static Profile parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile must be conservative or aggressive, got '" + s + "'", e);
    }
  }
}
