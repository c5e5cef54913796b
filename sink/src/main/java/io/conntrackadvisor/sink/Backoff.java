package io.conntrackadvisor.sink;

import java.time.Duration;

/** Exponential back-off: the first retry waits {@code initial}, each further one twice as long, up to {@code max}. */
final class Backoff {
  private Backoff() {
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  static Duration delay(Duration initial, Duration max, int retry) {
    Duration d = initial;
    for (int i = 1; i < retry && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
