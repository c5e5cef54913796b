package io.conntrackadvisor.ingest;

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
 * idempotence and a transactional id on the producer, {@code read_committed} on the checkpoint reader.
 */
final class KafkaClients {
  /** How long a client call may block by default, so that the retry loop keeps control during an outage. */
  static final String DEFAULT_BLOCK_MS = "10000";

  private final Map<String, String> passThrough;
  private final String transactionalId;
  private final String clientId;

  KafkaClients(Map<String, String> passThrough, String transactionalId, String clientId) {
    this.passThrough = Map.copyOf(passThrough);
    this.transactionalId = transactionalId;
    this.clientId = clientId;
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
