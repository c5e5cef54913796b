package io.conntrackadvisor.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a shipper delivered of the bench's lines, read back from its topic with {@code read_committed}: lines never
 * written, lines written more than once, and records that carry no line of the bench.
 *
 * @param records    records read
 * @param lost       lines of the bench with no record
 * @param duplicated records beyond the first of a line
 * @param foreign    records that carry no line of the bench (a shipper's own messages)
 */
record Delivery(long records, long lost, long duplicated, long foreign) {

  /** Reads {@code topic} from its start to its last stable offset and matches every record to its line. */
  static Delivery read(String bootstrap, String topic, BenchLines lines) {
    int[] seen = new int[lines.size()];
    long records = 0;
    long foreign = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!reached(c, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          records++;
          int i = lines.index(r.value());
          if (i < 0) {
            foreign++;
          } else {
            seen[i]++;
          }
        }
      }
    }
    long lost = 0;
    long duplicated = 0;
    for (int n : seen) {
      lost += n == 0 ? 1 : 0;
      duplicated += Math.max(0, n - 1);
    }
    return new Delivery(records, lost, duplicated, foreign);
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
