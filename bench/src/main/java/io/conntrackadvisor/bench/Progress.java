package io.conntrackadvisor.bench;

import java.util.function.LongSupplier;

/**
 * Watches a shipper's count of lines the broker acknowledged until it reaches the target or stops moving, and
 * notes when it last moved: the end of the shipper's run.
 */
final class Progress {
  private static final long POLL_MILLIS = 20;

  private Progress() {
  }

  /**
   * The count reached and the {@link System#nanoTime()} of its last change.
   *
   * @param acknowledged lines acknowledged when the watch ended
   * @param lastNanos    when that count was first seen
   */
  record Reached(long acknowledged, long lastNanos) {
  }

  /**
   * Polls {@code acknowledged} until it reaches {@code target}, or did not move for {@code stallMillis} after the
   * first line (the rest is lost), or nothing came within {@code firstMillis}.
   */
  static Reached await(LongSupplier acknowledged, long target, long stallMillis, long firstMillis)
      throws InterruptedException {
    long start = System.nanoTime();
    long last = 0;
    long lastNanos = start;
    while (true) {
      long now = System.nanoTime();
      long n = acknowledged.getAsLong();
      if (n != last) {
        last = n;
        lastNanos = now;
      }
      if (n >= target) {
        return new Reached(n, lastNanos);
      }
      long quiet = (now - lastNanos) / 1_000_000L;
      if (last > 0 ? quiet > stallMillis : quiet > firstMillis) {
        return new Reached(last, lastNanos);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
