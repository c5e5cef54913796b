package io.conntrackadvisor.core.detect;

import java.time.Duration;

/**
 * Tunables of the detectors.
 *
 * @param burstGap            table-full messages closer than this form one burst (default 60 s)
 * @param promptBursts        emit a burst when it opens and while it grows, not only when it closes
 * @param burstUpdateInterval with prompt bursts, at most one update per burst per this interval (event time)
 * @param warning             utilization that raises the warning level (default 0.75)
 * @param critical            utilization that raises the critical level (default 0.90)
 * @param hysteresis          a level clears this far below its threshold (default 0.05)
 * @param trendWindow         samples used for the least-squares trend (default 15 min)
 * @param horizon             forecasts further out than this are not reported (default 60 min)
 * @param maxRecentSamples    bound on samples kept per host for the trend
 * @param maxOpenBursts       bound on open bursts (namespaces) per host
 */
public record DetectorConfig(
    Duration burstGap,
    boolean promptBursts,
    Duration burstUpdateInterval,
    double warning,
    double critical,
    double hysteresis,
    Duration trendWindow,
    Duration horizon,
    int maxRecentSamples,
    int maxOpenBursts) {

  /** The defaults, reporting bursts only when they close (offline analysis). */
  public static DetectorConfig defaults() {
    return new DetectorConfig(Duration.ofSeconds(60), false, Duration.ofSeconds(10), 0.75, 0.90, 0.05,
        Duration.ofMinutes(15), Duration.ofMinutes(60), 256, 32);
  }

  public DetectorConfig {
    if (burstGap.isNegative() || burstGap.isZero()) {
      throw new IllegalArgumentException("burst gap must be positive");
    }
    if (!(warning > 0 && warning <= critical && critical <= 1.0)) {
      throw new IllegalArgumentException("thresholds must satisfy 0 < warning <= critical <= 1");
    }
  }

  /** A copy with another burst gap. */
  public DetectorConfig withBurstGap(Duration gap) {
    return new DetectorConfig(gap, promptBursts, burstUpdateInterval, warning, critical, hysteresis, trendWindow,
        horizon, maxRecentSamples, maxOpenBursts);
  }

  /** A copy that reports bursts promptly (streaming), updating at most once per {@code interval}. */
  public DetectorConfig withPromptBursts(Duration interval) {
    return new DetectorConfig(burstGap, true, interval, warning, critical, hysteresis, trendWindow, horizon,
        maxRecentSamples, maxOpenBursts);
  }

  /** A copy with other saturation thresholds. */
  public DetectorConfig withThresholds(double newWarning, double newCritical) {
    return new DetectorConfig(burstGap, promptBursts, burstUpdateInterval, newWarning, newCritical, hysteresis,
        trendWindow, horizon, maxRecentSamples, maxOpenBursts);
  }
}
