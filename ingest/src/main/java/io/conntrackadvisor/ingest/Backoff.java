package io.conntrackadvisor.ingest;

import java.time.Duration;

/** Exponential back-off: failure 1 waits {@code initial}, each further failure twice as long, at most {@code max}. */
final class Backoff {
  private Backoff() {
  }

  /** The wait after failure number {@code failures} (1 for the first). */
  static Duration after(int failures, Duration initial, Duration max) {
    int doublings = Math.max(0, Math.min(failures - 1, 30));
    Duration d = initial.multipliedBy(1L << doublings);
    return d.compareTo(max) > 0 ? max : d;
  }
}
