package io.conntrackadvisor.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real Kafka 4.4 KRaft node and talks to it with the real clients. */
class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "it-events";

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepCommittedRecordsAndTransactionsAcrossARestartOnTheSameDataDirAndPort() throws Exception {
        // Given a broker on a free port and a topic with idempotent, committed and aborted writes
        final String clusterId;
        final int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            clusterId = broker.clusterId();
            port = broker.port();
            createTopic(broker.bootstrapServers());
            produceIdempotent(broker.bootstrapServers(), "k1", "v1", "k2", "v2");
            produceTransactions(broker.bootstrapServers(), "k3", "v3");
            assertThat(TestClients.readCommitted(broker.bootstrapServers(), TOPIC, 3))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("k1", "v1"), tuple("k2", "v2"), tuple("k3", "v3"));
        }

        // When a new broker starts on the same data dir and port after the outage
        try (EmbeddedKafkaBroker restarted =
                EmbeddedKafkaBroker.builder().dataDir(dataDir).port(port).build().start()) {
            // Then the cluster, the records and the transactional id are the ones from before
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            assertThat(restarted.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            produceTransactions(restarted.bootstrapServers(), "k4", "v4");
            assertThat(TestClients.readCommitted(restarted.bootstrapServers(), TOPIC, 4))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("k1", "v1"), tuple("k2", "v2"), tuple("k3", "v3"), tuple("k4", "v4"));
            assertThat(restarted.faultCount()).isZero();
        }
        assertThat(dataDir).as("a given data dir is kept").isDirectoryContaining("glob:**/meta.properties");
    }

    @Test
    void shouldBindARealFreePortForPortZeroAndKeepItAcrossStopAndStart() throws Exception {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        try (broker) {
            // Given a broker asked for port 0
            broker.start();
            final int port = broker.port();
            final String clusterId = broker.clusterId();

            // Then it listens on a real port of 127.0.0.1 and advertises exactly that address
            assertThat(port).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(portIsTaken(port)).isTrue();
            assertThat(describeNodes(broker.bootstrapServers()))
                    .extracting(Node::id, Node::host, Node::port)
                    .containsExactly(tuple(1, "127.0.0.1", port));

            // When it is stopped, the port is free; when started again, it is back on the same port and cluster
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(portIsTaken(port)).isFalse();
            broker.start();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            assertThat(describeNodes(broker.bootstrapServers())).extracting(Node::port).containsExactly(port);
        }
        // And its temp data dir is gone after close
        assertThat(broker.dataDir()).doesNotExist();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseToStartOnAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build()) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot bind PLAINTEXT listener to 127.0.0.1:" + taken.getLocalPort())
                    .hasRootCauseInstanceOf(BindException.class);
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void shouldShareOneRunningBrokerPerJvmThatCloseCannotStop() throws Exception {
        final EmbeddedKafkaBroker shared = EmbeddedKafkaBroker.shared();
        shared.close();

        assertThat(EmbeddedKafkaBroker.shared()).isSameAs(shared);
        assertThat(shared.isRunning()).isTrue();
        assertThat(describeNodes(shared.bootstrapServers())).extracting(Node::port).containsExactly(shared.port());
        assertThat(Files.isDirectory(shared.dataDir())).isTrue();
    }

    @Test
    void shouldCommitConsumedOffsetsInsideATransactionAsExactlyOnceStreamsDoes() throws Exception {
        // Given an input topic with one record on the shared broker
        final String bootstrapServers = EmbeddedKafkaBroker.shared().bootstrapServers();
        final String input = "it-eos-input";
        final String output = "it-eos-output";
        final String group = "it-eos-app";
        try (Admin admin = TestClients.admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(input, 1, (short) 1), new NewTopic(output, 1, (short) 1)))
                    .all().get(TestClients.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        try (KafkaProducer<String, String> producer = TestClients.producer(bootstrapServers, null)) {
            producer.send(new ProducerRecord<>(input, "host-a", "table full"))
                    .get(TestClients.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        // When a group consumer reads it and one transaction writes the result and commits the consumed
        // offset for the group: the consume-transform-produce loop of exactly-once Kafka Streams
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(bootstrapServers, group);
                KafkaProducer<String, String> producer = TestClients.producer(bootstrapServers, "it-eos-app-0")) {
            consumer.subscribe(List.of(input));
            final ConsumerRecord<String, String> in = TestClients.poll(consumer, 1).get(0);
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(output, in.key(), "raise nf_conntrack_max"));
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(input, in.partition()), new OffsetAndMetadata(in.offset() + 1)),
                    consumer.groupMetadata());
            producer.commitTransaction();
        }

        // Then both the output record and the group offset are committed
        assertThat(TestClients.readCommitted(bootstrapServers, output, 1))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("host-a", "raise nf_conntrack_max"));
        try (Admin admin = TestClients.admin(bootstrapServers)) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TestClients.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .containsEntry(new TopicPartition(input, 0), new OffsetAndMetadata(1));
        }
    }

    private static void createTopic(final String bootstrapServers) throws Exception {
        try (Admin admin = TestClients.admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all()
                    .get(TestClients.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Collection<Node> describeNodes(final String bootstrapServers) throws Exception {
        try (Admin admin = TestClients.admin(bootstrapServers)) {
            return admin.describeCluster().nodes().get(TestClients.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends key/value pairs with acks=all and idempotence, waiting for each acknowledgement. */
    private static void produceIdempotent(final String bootstrapServers, final String... keyValues) throws Exception {
        try (KafkaProducer<String, String> producer = TestClients.producer(bootstrapServers, null)) {
            for (int i = 0; i < keyValues.length; i += 2) {
                producer.send(new ProducerRecord<>(TOPIC, keyValues[i], keyValues[i + 1]))
                        .get(TestClients.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Commits one transaction with the record, then aborts one that read_committed readers must never see. */
    private static void produceTransactions(final String bootstrapServers, final String key, final String value) {
        try (KafkaProducer<String, String> producer = TestClients.producer(bootstrapServers, "it-transactions")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, key, value));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, key + "-aborted", "must-not-be-read"));
            producer.abortTransaction();
        }
    }

    private static boolean portIsTaken(final int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return false;
        } catch (BindException e) {
            return true;
        }
    }
}
