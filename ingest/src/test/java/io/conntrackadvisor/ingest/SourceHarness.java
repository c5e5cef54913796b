package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import io.conntrackadvisor.ingest.source.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one source on its own thread against a real {@link Outbox} and plays the shipper: drains and releases
 * batches, keeping what came. Closed after each test.
 */
public final class SourceHarness implements AutoCloseable {
  public final ShipMetrics metrics = new ShipMetrics();
  public final Outbox outbox;
  private final List<Outgoing> received = new ArrayList<>();
  private Source source;
  private Thread thread;

  public SourceHarness(int bufferRecords) {
    this.outbox = new Outbox(bufferRecords, 1 << 24, metrics);
  }

  public void start(Source s, Checkpoint resume) {
    source = s;
    thread = new Thread(() -> {
      try {
        s.run(resume);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "test-source");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until {@code n} records came in total (or the timeout passed) and returns all so far. */
  public List<Outgoing> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n && System.nanoTime() < deadline) {
      List<Outgoing> batch = outbox.drain(1000, Duration.ZERO, Duration.ZERO, Duration.ofMillis(50));
      received.addAll(batch);
      outbox.release(batch);
    }
    return new ArrayList<>(received);
  }

  /** The messages' texts received so far. */
  public List<String> texts(int n) throws InterruptedException {
    return await(n, Duration.ofSeconds(10)).stream().map(o -> TestRecords.message(o).message()).toList();
  }

  /** Stops the source and waits for its thread. */
  public void stop() {
    if (source != null) {
      source.stop();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
    outbox.closeForWrites();
  }
}
