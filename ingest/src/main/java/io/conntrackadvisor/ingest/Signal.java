package io.conntrackadvisor.ingest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Set once to ask threads to stop; their waits (polls, back-offs, sample intervals) end early when it is set. */
final class Signal {
  private final CountDownLatch latch = new CountDownLatch(1);

  void set() {
    latch.countDown();
  }

  boolean isSet() {
    return latch.getCount() == 0;
  }

  /** Waits {@code d} unless the signal comes first; true when the whole wait passed. */
  boolean sleep(Duration d) {
    try {
      return !latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
