package io.conntrackadvisor.sink;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Set once when the sink should stop; waits (back-offs) end early when it is set. */
final class ShutdownSignal {
  private final CountDownLatch latch = new CountDownLatch(1);

  void signal() {
    latch.countDown();
  }

  boolean isSignalled() {
    return latch.getCount() == 0;
  }

  /** Waits {@code d} unless the signal comes first; true when the full wait passed. */
  boolean sleep(Duration d) {
    try {
      return !latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
