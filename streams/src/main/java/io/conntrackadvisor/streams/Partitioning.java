package io.conntrackadvisor.streams;

import java.util.zip.CRC32;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a host's records belong among the partitions of the input topics, and which producer most likely put a
 * record elsewhere. Kafka Streams assigns partition {@code i} of every input topic to task {@code i}, and its own
 * partitioner, like every Java client's default, puts a key on {@code murmur2(key bytes) mod partitions}; the
 * detector keeps a host's state in the task of that partition. librdkafka (kcat, rsyslog's omkafka, syslog-ng's
 * kafka-c, Fluent Bit, Vector, confluent-kafka for Python and Go) puts a key on {@code CRC32(key) mod partitions}
 * by default ({@code partitioner=consistent_random}), and a record without a key anywhere.
 */
final class Partitioning {
  /** Why a record was moved: the labels of {@code conntrack_advisor_streams_records_repartitioned_total}. */
  enum Reason {
    /** The record has no key. */
    NO_KEY("no-key"),
    /** The key is the host, on another partition than murmur2 gives it. */
    PARTITIONER("partitioner"),
    /** The key is not the host the value names (a shipper's own key, a topic key), and the partition not the host's. */
    OTHER_KEY("other-key");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private Partitioning() {
  }

  /** The partition Kafka Streams' default partitioner (murmur2, as Java producers) gives {@code key}. */
  static int javaPartition(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }

  /** The partition librdkafka's default partitioner ({@code consistent_random}: CRC32) gives {@code key}. */
  static int librdkafkaPartition(byte[] key, int partitions) {
    CRC32 crc = new CRC32();
    crc.update(key);
    return (int) (crc.getValue() % partitions);
  }

  /**
   * One sentence on the producer that most likely wrote a misplaced record, and how to make it place records as
   * Kafka Streams does (then nothing is moved).
   *
   * @param key        the record's key bytes, or null
   * @param partition  the partition it was on
   * @param partitions the topic's partition count
   */
  static String likelyProducer(byte[] key, int partition, int partitions) {
    String fix = "key each record by its host and partition with murmur2, as Java clients do by default "
        + "(librdkafka-based producers: partitioner=murmur2_random, e.g. kcat -X partitioner=murmur2_random)";
    if (key == null) {
      return "the producer sends records without a key, so any partition; to spare the move, " + fix;
    }
    if (librdkafkaPartition(key, partitions) == partition) {
      return "the producer seems to use librdkafka's default partitioner (consistent_random: CRC32 of the key; "
          + "kcat, rsyslog omkafka, syslog-ng kafka-c, Fluent Bit, Vector, confluent-kafka); to spare the move, "
          + fix;
    }
    if (javaPartition(key, partitions) == partition) {
      return "the producer partitions with murmur2 like Java, but by a key other than the host its values name; "
          + "to spare the move, " + fix;
    }
    return "neither murmur2 nor CRC32 of the key gives that partition, so the producer seems to choose partitions "
        + "at random or round-robin; to spare the move, " + fix;
  }
}
