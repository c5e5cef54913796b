package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private final ShipMetrics metrics = new ShipMetrics();

  @Test
  void shouldMakeSourcesWaitWhileRecordsInFlightFillTheBufferUntilTheyAreReleased() throws Exception {
    // Given a buffer of two records, both drained into an open transaction
    Outbox outbox = new Outbox(2, 1 << 20, metrics);
    outbox.put(TestRecords.outgoing("a", 10));
    outbox.put(TestRecords.outgoing("a", 10));
    List<Outgoing> inFlight = outbox.drain(10, Duration.ZERO, Duration.ZERO, Duration.ofMillis(10));

    // When a source puts a third
    CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> put(outbox, TestRecords.outgoing("a", 1)));

    // Then it waits, counted as back-pressure, until the transaction's records are released
    assertThat(inFlight).hasSize(2);
    Thread.sleep(100);
    assertThat(third).isNotDone();
    outbox.release(inFlight);
    assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(metrics.get(ShipMetrics.Counter.BACKPRESSURE, "a")).isEqualTo(1);
    assertThat(outbox.highWater()).isEqualTo(2);
  }

  @Test
  void shouldBoundBytesButLetOneOversizedRecordInAlone() throws Exception {
    Outbox outbox = new Outbox(100, 1000, metrics);

    assertThat(outbox.offer(TestRecords.outgoing("a", 5000), Duration.ZERO)).isTrue();
    assertThat(outbox.offer(TestRecords.outgoing("a", 1), Duration.ZERO)).isFalse();
    outbox.release(outbox.drain(10, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    assertThat(outbox.offer(TestRecords.outgoing("a", 600), Duration.ZERO)).isTrue();
    assertThat(outbox.offer(TestRecords.outgoing("a", 600), Duration.ZERO)).isFalse();
    assertThat(outbox.heldBytes()).isEqualTo(600);
  }

  @Test
  void shouldWakeAWaitingSourceWithFalseWhenClosedAndStillHandOutWhatIsQueued() throws Exception {
    Outbox outbox = new Outbox(1, 1 << 20, metrics);
    outbox.put(TestRecords.outgoing("a", 1));
    CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> put(outbox, TestRecords.outgoing("a", 1)));
    Thread.sleep(50);

    outbox.closeForWrites();

    assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(outbox.isFinished()).isFalse();
    assertThat(outbox.drain(10, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO)).hasSize(1);
    assertThat(outbox.isFinished()).isTrue();
  }

  @Test
  void shouldWaitForTheLingerToFillABatchUpToItsMaximum() throws Exception {
    Outbox outbox = new Outbox(100, 1 << 20, metrics);
    for (int i = 0; i < 5; i++) {
      outbox.put(TestRecords.outgoing("a", 1));
    }

    assertThat(outbox.drain(3, Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO)).hasSize(3);
    long start = System.nanoTime();
    assertThat(outbox.drain(3, Duration.ofMillis(50), Duration.ZERO, Duration.ZERO)).hasSize(2);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
    assertThat(outbox.drain(3, Duration.ZERO, Duration.ZERO, Duration.ofMillis(10))).isEmpty();
  }

  @Test
  void shouldHoldSnapshotsUntilALineComesOrTheirLingerPassed() throws Exception {
    Outbox outbox = new Outbox(100, 1 << 20, metrics);
    outbox.put(snapshot());
    outbox.put(snapshot());

    // Only snapshots: they wait out their linger, then go together
    long start = System.nanoTime();
    assertThat(outbox.drain(10, Duration.ZERO, Duration.ofMillis(50), Duration.ZERO)).hasSize(2);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));

    // A line put meanwhile ends the wait at once, and goes with the snapshots before it
    outbox.put(snapshot());
    CompletableFuture<List<Outgoing>> batch = CompletableFuture.supplyAsync(() -> drain(outbox, Duration.ofHours(1)));
    Thread.sleep(100);
    assertThat(batch).isNotDone();
    outbox.put(TestRecords.outgoing("a", 1));
    assertThat(batch.get(5, TimeUnit.SECONDS)).extracting(Outgoing::snapshot).containsExactly(true, false);

    // Closing ends the wait too
    outbox.put(snapshot());
    CompletableFuture<List<Outgoing>> last = CompletableFuture.supplyAsync(() -> drain(outbox, Duration.ofHours(1)));
    Thread.sleep(100);
    outbox.closeForWrites();
    assertThat(last.get(5, TimeUnit.SECONDS)).hasSize(1);
  }

  private static Outgoing snapshot() {
    Outgoing o = TestRecords.outgoing("sampler", 1);
    return new Outgoing(o.source(), o.record(), o.checkpoint(), true);
  }

  private static List<Outgoing> drain(Outbox outbox, Duration snapshotLinger) {
    try {
      return outbox.drain(10, Duration.ZERO, snapshotLinger, Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean put(Outbox outbox, Outgoing o) {
    try {
      return outbox.put(o);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
