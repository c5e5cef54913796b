package io.conntrackadvisor.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients the integration tests use against a real broker, configured the way the application's are. */
final class TestClients {

    /** Upper bound for one test step against the broker on a loaded 2-core machine. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private TestClients() {
    }

    static Admin admin(final String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** An idempotent producer that waits for all in-sync replicas; transactional when an id is given. */
    static KafkaProducer<String, String> producer(final String bootstrapServers, final String transactionalId) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** A read_committed consumer in {@code groupId} that starts at the beginning and commits only when told. */
    static KafkaConsumer<String, String> consumer(final String bootstrapServers, final String groupId) {
        final Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls a subscribed consumer until {@code expected} records came or {@link #STEP_TIMEOUT} passed. */
    static List<ConsumerRecord<String, String>> poll(final KafkaConsumer<String, String> consumer, final int expected) {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        final long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Reads a topic from the beginning with a fresh group and read_committed until {@code expected} records came. */
    static List<ConsumerRecord<String, String>> readCommitted(final String bootstrapServers, final String topic,
            final int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, "it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topic));
            return poll(consumer, expected);
        }
    }
}
