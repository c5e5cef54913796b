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
      Sysctls.TCP_ESTABLISHED, 86_400L,
      Sysctls.TCP_TIME_WAIT, 120L,
      Sysctls.TCP_CLOSE_WAIT, 3_600L,
      Sysctls.TCP_FIN_WAIT, 120L,
      Sysctls.UDP, 30L,
      Sysctls.UDP_STREAM, 120L)),
  /** For hosts with short-lived connections (proxies, NAT gateways for web traffic). */
  AGGRESSIVE(Map.of(
      Sysctls.TCP_ESTABLISHED, 300L,
      Sysctls.TCP_TIME_WAIT, 30L,
      Sysctls.TCP_CLOSE_WAIT, 60L,
      Sysctls.TCP_FIN_WAIT, 30L,
      Sysctls.UDP, 10L,
      Sysctls.UDP_STREAM, 60L));

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
