package io.conntrackadvisor.sink.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The fleet as the dashboard shows it: the histories of the last flush, with a version that grows on every change,
 * so that a page can wait for the next one (a long poll) instead of asking again and again.
 */
final class LiveFleet {
  /** The histories at {@code at}; {@code version} changes whenever they do. */
  record Snapshot(List<HostHistory> hosts, Instant at, long version) {
  }

  private Snapshot current = new Snapshot(List.of(), Instant.EPOCH, 0);

  synchronized void publish(List<HostHistory> hosts, Instant at) {
    current = new Snapshot(List.copyOf(hosts), at, current.version() + 1);
    notifyAll();
  }

  synchronized Snapshot current() {
    return current;
  }

  /** The snapshot once its version differs from {@code version}, or the same one after {@code wait}. */
  synchronized Snapshot otherThan(long version, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (current.version() == version) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return current;
  }
}
