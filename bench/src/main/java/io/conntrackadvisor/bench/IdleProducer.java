package io.conntrackadvisor.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A program that sends one record with a transactional Kafka producer, as the agent's are (idempotent, acks=all),
 * and then waits: run with the agent's JVM options, its resident memory and threads are the floor of any agent in
 * Java that writes to Kafka with its client (bench-agent).
 */
public final class IdleProducer {
  private IdleProducer() {
  }

  /** Arguments: the bootstrap servers, then the topic. */
  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-idle-producer",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.BUFFER_MEMORY_CONFIG, 1 << 20);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(args[1], "idle".getBytes(StandardCharsets.UTF_8)));
      producer.commitTransaction();
      System.out.println("idle");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
