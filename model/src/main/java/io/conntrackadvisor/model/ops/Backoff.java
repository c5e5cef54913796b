package io.conntrackadvisor.model.ops;

import java.time.Duration;

/**
 * The one exponential back-off of every command: failure 1 waits {@code initial}, each further failure twice as
 * long, at most {@code max}.
 */
public final class Backoff {
  private Backoff() {
  }

  /** The wait after failure number {@code failures} (1 for the first). */
  public static Duration after(int failures, Duration initial, Duration max) {
    int doublings = Math.max(0, Math.min(failures - 1, 30));
    Duration d = initial.multipliedBy(1L << doublings);
    return d.compareTo(max) > 0 ? max : d;
  }
}
