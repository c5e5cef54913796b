package io.conntrackadvisor.core.detect;

import java.time.Instant;
import java.util.List;

/** Least-squares line through the recent counts, extrapolated to the table's max. */
final class Trend {
  /** Fewest points for a trend. */
  static final int MIN_POINTS = 5;
  /** Shortest time the points must span. */
  static final long MIN_SPAN_MILLIS = 60_000;
  /** Least share of the variance the line must explain (R squared): noise around a flat level is no trend. */
  static final double MIN_R_SQUARED = 0.6;

  private Trend() {
  }

  /**
   * When the fitted count reaches {@code max}, if that is within the horizon from {@code now};
   * null for a flat or falling trend, too few points, or a forecast beyond the horizon.
   */
  static Instant forecastFull(List<HostState.Point> points, Instant now, long max, DetectorConfig config) {
    int n = points.size();
    if (n < MIN_POINTS || max <= 0
        || points.get(n - 1).t().toEpochMilli() - points.get(0).t().toEpochMilli() < MIN_SPAN_MILLIS) {
      return null;
    }
    long t0 = points.get(0).t().toEpochMilli();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (HostState.Point p : points) {
      double x = (p.t().toEpochMilli() - t0) / 1000.0;
      double y = p.count();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
    }
    double den = n * sxx - sx * sx;
    if (den <= 0) {
      return null;
    }
    double slope = (n * sxy - sx * sy) / den; // entries per second
    double yVar = n * syy - sy * sy;
    double cov = n * sxy - sx * sy;
    if (slope <= 0 || yVar <= 0 || cov * cov / (den * yVar) < MIN_R_SQUARED) {
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
