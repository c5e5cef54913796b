package io.conntrackadvisor.model.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Set once to ask an application's threads to stop; their waits (polls, back-offs, sample intervals) end early when
 * it is set. Shared by the agent and the sink.
 */
public final class StopSignal {
  private final CountDownLatch latch = new CountDownLatch(1);

  public void set() {
    latch.countDown();
  }

  public boolean isSet() {
    return latch.getCount() == 0;
  }

  /** Waits {@code d} unless the signal comes first; true when the whole wait passed. */
  public boolean sleep(Duration d) {
    try {
      return !latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
