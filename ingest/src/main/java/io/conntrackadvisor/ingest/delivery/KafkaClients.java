package io.conntrackadvisor.ingest.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Builds the agent's Kafka clients from the {@code kafka.*} pass-through (each client gets the keys it knows, so
 * security settings reach all three) plus what delivery requires and a user may not weaken: {@code acks=all},
 * idempotence and a transactional id on the producer, {@code read_committed} on the checkpoint reader. Defaults are
 * sized for a small agent: the producer's buffer is half the outbox, the checkpoint reader fetches
 * at most 1 MiB at a time instead of Kafka's 50 MiB.
 */
public final class KafkaClients {
  /** How long a client call may block by default, so that the retry loop keeps control during an outage. */
  static final String DEFAULT_BLOCK_MS = "10000";

  /** Most bytes one fetch of the checkpoint reader returns (Kafka's default, 50 MiB, would not fit the heap). */
  static final String CHECKPOINT_FETCH_MAX_BYTES = "1048576";
  /** Least {@code buffer.memory}: a few of the agent's 256 KiB batches. */
  static final long MIN_BUFFER_MEMORY = 1 << 20;

  private final Map<String, String> passThrough;
  private final String transactionalId;
  private final String clientId;
  private final long outboxBytes;

  /** Clients for an agent whose outbox holds at most {@code outboxBytes} of records. */
  public KafkaClients(Map<String, String> passThrough, String transactionalId, String clientId, long outboxBytes) {
    this.passThrough = Map.copyOf(passThrough);
    this.transactionalId = transactionalId;
    this.clientId = clientId;
    this.outboxBytes = outboxBytes;
  }

  /** Checks the settings of the three clients without starting one; a bad {@code kafka.*} key fails here. */
  public void check() {
    new AdminClientConfig(known(AdminClientConfig.configNames()));
  }

  Producer<byte[], byte[]> producer() {
    return new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  Consumer<String, byte[]> checkpointConsumer() {
    return new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  Admin admin() {
    Map<String, Object> c = known(AdminClientConfig.configNames());
    c.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    c.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_BLOCK_MS);
    c.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, DEFAULT_BLOCK_MS);
    return Admin.create(c);
  }

  Map<String, Object> producerConfig() {
    Map<String, Object> c = known(ProducerConfig.configNames());
    c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, DEFAULT_BLOCK_MS);
    c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    // A transaction of thousands of small records flushes at commit: 256 KiB requests instead of 16 KiB ones
    // take a few round trips instead of dozens (bench-ship: 38k -> 60k lines/s with 5000-record transactions).
    c.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    // The producer holds at most one open transaction, whose records the outbox holds too, so Kafka's 32 MiB default
    // would be heap the agent cannot fill. Half the outbox: a larger transaction waits in send() while the first
    // batches go out, which costs nothing measurable (bench-agent).
    c.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG,
        String.valueOf(Math.max(MIN_BUFFER_MEMORY, Math.min(outboxBytes / 2, 32L << 20))));
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return c;
  }

  Map<String, Object> consumerConfig() {
    Map<String, Object> c = known(ConsumerConfig.configNames());
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-checkpoints");
    c.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_BLOCK_MS);
    c.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, CHECKPOINT_FETCH_MAX_BYTES);
    c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, CHECKPOINT_FETCH_MAX_BYTES);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return c;
  }

  private Map<String, Object> known(Set<String> names) {
    Map<String, Object> c = new HashMap<>();
    passThrough.forEach((k, v) -> {
      if (names.contains(k)) {
        c.put(k, v);
      }
    });
    return c;
  }
}
