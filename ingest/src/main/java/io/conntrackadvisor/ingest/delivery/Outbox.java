package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.ingest.ShipMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded in-memory buffer between the sources and the Kafka shipper. A record counts against the bounds from
 * {@link #put} until the shipper {@link #release}s it after its transaction committed, so queued plus in-flight
 * records never exceed {@code maxRecords} and {@code maxBytes} (one record larger than {@code maxBytes} is let in
 * alone). When full, {@link #put} waits: that is the back-pressure that makes the journal and the tailed files the
 * buffer while Kafka is away.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private final int maxRecords;
  private final long maxBytes;
  private final ShipMetrics metrics;
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition space = lock.newCondition();
  private final Condition records = lock.newCondition();
  private int held;
  /** Queued records that are not snapshots. */
  private int queuedLines;
  private long heldBytes;
  private int highWater;
  /** Queued records the waiting {@link #drain} needs to go on (0 when none waits): a put wakes it only then. */
  private int wanted;
  /** True while the waiting {@link #drain} holds only snapshots: the first record that is not one wakes it. */
  private boolean wantLine;
  private boolean closed;
  private final Set<String> warnedDrops = ConcurrentHashMap.newKeySet();

  public Outbox(int maxRecords, long maxBytes, ShipMetrics metrics) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.metrics = metrics;
  }

  /**
   * Adds a record, waiting while the buffer is full.
   *
   * @return false when the outbox was closed for writes: the record was not taken
   */
  public boolean put(Outgoing o) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      if (!closed && isFull(o.size())) {
        metrics.increment(ShipMetrics.Counter.BACKPRESSURE, o.source());
        while (!closed && isFull(o.size())) {
          space.await();
        }
      }
      return closed ? false : enqueue(o);
    } finally {
      lock.unlock();
    }
  }

  /** Adds a record if there is room within {@code wait}; false when full or closed. */
  boolean offer(Outgoing o, Duration wait) throws InterruptedException {
    long nanos = wait.toNanos();
    lock.lockInterruptibly();
    try {
      while (!closed && isFull(o.size())) {
        if (nanos <= 0) {
          return false;
        }
        nanos = space.awaitNanos(nanos);
      }
      return closed ? false : enqueue(o);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a record that may not wait longer than {@code wait} (a datagram, a sample): when there is no room it is
   * dropped, counted, and the first drop of each source is logged.
   *
   * @return false when the outbox was closed for writes
   */
  public boolean offerOrDrop(Outgoing o, Duration wait) throws InterruptedException {
    if (offer(o, wait)) {
      return true;
    }
    if (isClosed()) {
      return false;
    }
    metrics.increment(ShipMetrics.Counter.DROPPED, o.source());
    if (warnedDrops.add(o.source())) {
      LOG.warn("Buffer full (Kafka slow or away): dropping {} records; each is counted in {}", o.source(),
          ShipMetrics.Counter.DROPPED.metric());
    }
    return true;
  }

  /**
   * Takes up to {@code max} records: waits up to {@code idle} for the first; while only snapshots are queued, up to
   * {@code snapshotLinger} for a record that is not one; then up to {@code linger} for more. Returns an empty list
   * when nothing came. The records stay counted until {@link #release}. One thread drains (the shipper).
   */
  public List<Outgoing> drain(int max, Duration linger, Duration snapshotLinger, Duration idle)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long nanos = idle.toNanos();
      wanted = 1;
      while (queue.isEmpty() && !closed && nanos > 0) {
        nanos = records.awaitNanos(nanos);
      }
      if (queue.isEmpty()) {
        return List.of();
      }
      long snapshotNanos = snapshotLinger.toNanos();
      wanted = max;
      wantLine = true;
      while (queuedLines == 0 && queue.size() < max && !closed && snapshotNanos > 0) {
        snapshotNanos = records.awaitNanos(snapshotNanos);
      }
      wantLine = false;
      long lingerNanos = linger.toNanos();
      while (queue.size() < max && !closed && lingerNanos > 0) {
        lingerNanos = records.awaitNanos(lingerNanos);
      }
      List<Outgoing> batch = new ArrayList<>(Math.min(max, queue.size()));
      while (batch.size() < max && !queue.isEmpty()) {
        Outgoing o = queue.poll();
        if (!o.snapshot()) {
          queuedLines--;
        }
        batch.add(o);
      }
      return batch;
    } finally {
      wanted = 0;
      wantLine = false;
      lock.unlock();
    }
  }

  /** Frees the room of records whose transaction committed (or that were given up). */
  public void release(List<Outgoing> batch) {
    lock.lock();
    try {
      for (Outgoing o : batch) {
        held--;
        heldBytes -= o.size();
      }
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further records and wakes every waiting source; queued records can still be drained. */
  public void closeForWrites() {
    lock.lock();
    try {
      closed = true;
      space.signalAll();
      records.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** True when closed for writes and nothing is queued. */
  boolean isFinished() {
    return locked(() -> closed && queue.isEmpty());
  }

  /** True once closed for writes. */
  boolean isClosed() {
    return locked(() -> closed);
  }

  /** Records held now, queued or in flight. */
  public int held() {
    return locked(() -> held);
  }

  /** Bytes held now. */
  public long heldBytes() {
    return locked(() -> heldBytes);
  }

  /** The most records ever held at once. */
  public int highWater() {
    return locked(() -> highWater);
  }

  /** Takes every queued record without waiting (what a shutdown past its deadline gives up). */
  List<Outgoing> takeAll() {
    lock.lock();
    try {
      List<Outgoing> all = new ArrayList<>(queue);
      queue.clear();
      queuedLines = 0;
      return all;
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  private boolean isFull(long size) {
    return held >= maxRecords || held > 0 && heldBytes + size > maxBytes;
  }

  private boolean enqueue(Outgoing o) {
    queue.add(o);
    if (!o.snapshot()) {
      queuedLines++;
    }
    held++;
    heldBytes += o.size();
    highWater = Math.max(highWater, held);
    if (wanted > 0 && (queue.size() >= wanted || wantLine && !o.snapshot())) {
      // not at every record: a drain lingering for a full batch would wake and sleep again once per line
      records.signalAll();
    }
    return true;
  }
}
