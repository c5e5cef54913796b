package io.conntrackadvisor.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code read_committed} consumer of the fleet's topics on a thread of its own: every record counted and kept by
 * its content (a repeated record has the same key and value), and, for records sent inside the measured window,
 * the time from its create time (set by the agent's producer at send) to the poll that returned it.
 */
final class FleetWatch implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final Set<ByteBuffer> seen = new HashSet<>();
  private final List<Long> latencies = new ArrayList<>();
  private volatile long windowFrom = Long.MAX_VALUE;
  private volatile long windowTo = Long.MAX_VALUE;
  private volatile boolean stop;
  private long records;
  private long lastRecordNanos = System.nanoTime();

  /**
   * Figures of the watch.
   *
   * @param records       records read
   * @param distinct      distinct records read
   * @param windowRecords records sent in the window
   */
  record Result(long records, long distinct, long windowRecords, long p50Millis, long p99Millis, long maxMillis) {
  }

  private FleetWatch(KafkaConsumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
    this.thread = new Thread(this::loop, "fleet-watch");
  }

  static FleetWatch start(String bootstrap, List<String> topics) {
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      c.partitionsFor(t, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    c.assign(parts);
    c.seekToBeginning(parts);
    FleetWatch w = new FleetWatch(c);
    w.thread.start();
    return w;
  }

  /** Opens (true) or closes the window whose records' latencies count. */
  void window(boolean open) {
    if (open) {
      windowFrom = System.currentTimeMillis();
    } else {
      windowTo = System.currentTimeMillis();
    }
  }

  /** Reads until nothing new came for 5 s, stops, and returns the figures. */
  Result drain() throws InterruptedException {
    while (true) {
      synchronized (this) {
        if (System.nanoTime() - lastRecordNanos > 5_000_000_000L) {
          break;
        }
      }
      Thread.sleep(200);
    }
    stop = true;
    thread.join();
    synchronized (this) {
      List<Long> sorted = new ArrayList<>(latencies);
      sorted.sort(null);
      long p50 = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
      long p99 = sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99));
      long max = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
      return new Result(records, seen.size(), sorted.size(), p50, p99, max);
    }
  }

  private void loop() {
    while (!stop) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        long now = System.currentTimeMillis();
        synchronized (this) {
          records++;
          lastRecordNanos = System.nanoTime();
          byte[] key = r.key() == null ? new byte[0] : r.key();
          ByteBuffer id = ByteBuffer.allocate(key.length + r.value().length + 1).put(key).put((byte) 0)
              .put(r.value());
          seen.add(id.flip());
          if (r.timestamp() >= windowFrom && r.timestamp() <= windowTo) {
            latencies.add(now - r.timestamp());
          }
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(5000);
    consumer.close(Duration.ofSeconds(5));
  }
}
