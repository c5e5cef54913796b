package io.conntrackadvisor.core.detect;

import java.time.Instant;
import java.util.List;

/** Least-squares line through the recent counts, extrapolated to the table's max. */
final class Trend {
  /** Fewest points for a trend. */
  static final int MIN_POINTS = 3;

  private Trend() {
  }

  /**
   * When the fitted count reaches {@code max}, if that is within the horizon from {@code now};
   * null for a flat or falling trend, too few points, or a forecast beyond the horizon.
   */
  static Instant forecastFull(List<HostState.Point> points, Instant now, long max, DetectorConfig config) {
    int n = points.size();
    if (n < MIN_POINTS || max <= 0) {
      return null;
    }
    long t0 = points.get(0).t().toEpochMilli();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (HostState.Point p : points) {
      double x = (p.t().toEpochMilli() - t0) / 1000.0;
      double y = p.count();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double den = n * sxx - sx * sx;
    if (den <= 0) {
      return null;
    }
    double slope = (n * sxy - sx * sy) / den; // entries per second
    if (slope <= 0) {
      return null;
    }
    double intercept = (sy - slope * sx) / n;
    double xNow = (now.toEpochMilli() - t0) / 1000.0;
    double fittedNow = intercept + slope * xNow;
    double secondsToFull = Math.max(0, (max - fittedNow) / slope);
    if (secondsToFull > config.horizon().toSeconds()) {
      return null;
    }
    return now.plusMillis(Math.round(secondsToFull * 1000));
  }
}
