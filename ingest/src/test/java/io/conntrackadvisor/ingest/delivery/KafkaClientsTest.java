package io.conntrackadvisor.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private static final Map<String, String> BOOTSTRAP = Map.of("bootstrap.servers", "127.0.0.1:9092");

  @Test
  void shouldSizeTheProducerBufferFromTheOutboxWithinKafkasDefault() {
    assertThat(clients(BOOTSTRAP, 4L << 20).producerConfig()).containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG,
        String.valueOf(2L << 20));
    assertThat(clients(BOOTSTRAP, 1024).producerConfig()).containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG,
        String.valueOf(KafkaClients.MIN_BUFFER_MEMORY));
    assertThat(clients(BOOTSTRAP, 1L << 32).producerConfig()).containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG,
        String.valueOf(32L << 20));
  }

  @Test
  void shouldLetTheUserSetTheBuffersButNotTheDeliveryGuarantees() {
    Map<String, String> given = Map.of("bootstrap.servers", "127.0.0.1:9092", "buffer.memory", "4194304",
        "fetch.max.bytes", "65536", "acks", "1", "isolation.level", "read_uncommitted");

    KafkaClients clients = clients(given, 8L << 20);

    assertThat(clients.producerConfig()).containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, "4194304")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    assertThat(clients.consumerConfig()).containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "65536")
        .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaClients.CHECKPOINT_FETCH_MAX_BYTES)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  @Test
  void shouldRejectABadClientSettingWithoutStartingAClient() {
    KafkaClients bad = clients(Map.of("bootstrap.servers", "127.0.0.1:9092", "security.protocol", "CARRIER_PIGEON"),
        8L << 20);

    assertThatThrownBy(bad::check).isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol");
  }

  private static KafkaClients clients(Map<String, String> passThrough, long outboxBytes) {
    return new KafkaClients(passThrough, "tx-test", "client-test", outboxBytes);
  }
}
