package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.ingest.TestRecords;
import io.conntrackadvisor.ingest.source.FileIdentity;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once logic of the shipper against Kafka's {@link MockProducer}s standing in for a cluster: what they
 * committed is what a {@code read_committed} reader sees, including the checkpoints the shipper reads back after a
 * failure.
 */
class TransactionalShipperTest {
  private static final String HOST = "node-1";

  @TempDir
  Path stateDir;

  private final ShipMetrics metrics = new ShipMetrics();
  private final Outbox outbox = new Outbox(1000, 1 << 20, metrics);
  private final FakeCluster cluster = new FakeCluster();
  private StateFile state;

  @BeforeEach
  void openState() throws IOException {
    state = StateFile.open(stateDir);
  }

  @AfterEach
  void closeState() throws IOException {
    state.close();
  }

  private ShipSettings settings() {
    return ShipSettings.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, "unused:9092",
        ShipSettings.STATE_DIR, stateDir.toString(), ShipSettings.CREATE_TOPICS, "false",
        ShipSettings.BATCH_LINGER, "0ms", ShipSettings.RETRY_BACKOFF, "10ms", ShipSettings.STATE_FLUSH_INTERVAL, "0s",
        ShipSettings.SHUTDOWN_TIMEOUT, "2s")));
  }

  private TransactionalShipper shipper(Supplier<Producer<byte[], byte[]>> producers) {
    return new TransactionalShipper(settings(), HOST, outbox, TestRecords.FACTORY, metrics, state, producers,
        cluster::reader, null, List.of());
  }

  /** The given producer first, healthy ones after it. */
  private Supplier<Producer<byte[], byte[]>> firstThenHealthy(Producer<byte[], byte[]> first) {
    List<Producer<byte[], byte[]>> plan = new ArrayList<>(List.of(first));
    return () -> plan.isEmpty() ? cluster.healthy() : plan.remove(0);
  }

  private void queue(String source, int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      outbox.put(new Outgoing(source, new ProducerRecord<>("unit.kernel-messages", HOST.getBytes(StandardCharsets.UTF_8),
          (source + "-" + i).getBytes(StandardCharsets.UTF_8)), Checkpoint.journal(source, "cursor-" + i, Instant.EPOCH)));
    }
  }

  @Test
  void shouldCommitEachBatchWithTheCheckpointOfEverySourceInIt() throws Exception {
    TransactionalShipper shipper = shipper(cluster::healthy);
    assertThat(shipper.start()).isEmpty();
    queue("journald", 3);
    queue("sampler", 2);
    outbox.closeForWrites();

    shipper.run();

    assertThat(cluster.committedValues("unit.kernel-messages"))
        .containsExactly("journald-0", "journald-1", "journald-2", "sampler-0", "sampler-1");
    assertThat(cluster.committedCheckpoints()).containsOnlyKeys("journald", "sampler");
    assertThat(cluster.committedCheckpoints().get("journald").cursor()).isEqualTo("cursor-2");
    assertThat(cluster.committedCheckpoints().get("journald").seq()).isEqualTo(1);
    assertThat(metrics.get(ShipMetrics.Counter.ACKNOWLEDGED, "journald")).isEqualTo(3);
    assertThat(metrics.get(ShipMetrics.Counter.TRANSACTIONS, null)).isEqualTo(1);
    assertThat(state.read().get("journald").cursor()).isEqualTo("cursor-2");
    assertThat(outbox.held()).isZero();
  }

  @Test
  void shouldSendABatchAgainInANewTransactionWhenItsCommitFailed() throws Exception {
    TransactionalShipper shipper = shipper(firstThenHealthy(cluster.failingCommit()));
    shipper.start();
    queue("journald", 3);
    outbox.closeForWrites();

    shipper.run();

    assertThat(cluster.committedValues("unit.kernel-messages"))
        .containsExactly("journald-0", "journald-1", "journald-2");
    assertThat(metrics.get(ShipMetrics.Counter.PUBLISHED, "journald")).isEqualTo(6);
    assertThat(metrics.get(ShipMetrics.Counter.ACKNOWLEDGED, "journald")).isEqualTo(3);
    assertThat(metrics.get(ShipMetrics.Counter.RETRIES, null)).isEqualTo(1);
    assertThat(metrics.get(ShipMetrics.Counter.RECONNECTS, null)).isEqualTo(1);
  }

  @Test
  void shouldNotSendABatchAgainWhenItCommittedButTheAnswerWasLost() throws Exception {
    TransactionalShipper shipper = shipper(firstThenHealthy(cluster.lostCommitAnswer()));
    shipper.start();
    queue("journald", 3);
    queue("sampler", 1);
    outbox.closeForWrites();

    shipper.run();

    assertThat(cluster.committedValues("unit.kernel-messages"))
        .containsExactly("journald-0", "journald-1", "journald-2", "sampler-0");
    assertThat(metrics.get(ShipMetrics.Counter.PUBLISHED, "journald")).isEqualTo(3);
    assertThat(metrics.get(ShipMetrics.Counter.ACKNOWLEDGED, "journald")).isEqualTo(3);
    assertThat(shipper.seq()).isEqualTo(1);
  }

  @Test
  void shouldGiveUpAndCountWhatIsLeftWhenTheShutdownDeadlinePasses() throws Exception {
    TransactionalShipper shipper = shipper(cluster::failingCommit);
    shipper.start();
    queue("journald", 3);
    outbox.closeForWrites();
    shipper.stop(Duration.ofMillis(100));

    shipper.run();

    assertThat(cluster.committedValues("unit.kernel-messages")).isEmpty();
    assertThat(metrics.get(ShipMetrics.Counter.DROPPED, "journald")).isEqualTo(3);
    assertThat(metrics.get(ShipMetrics.Counter.RETRIES, null)).isGreaterThanOrEqualTo(1);
    assertThat(outbox.held()).isZero();
  }

  @Test
  void shouldResumeFromKafkaAndTakeSourcesKafkaLacksFromTheLocalMirror() throws Exception {
    // Given Kafka holds journald at transaction 5, and the mirror an older journald and a file Kafka lacks
    Producer<byte[], byte[]> earlier = cluster.healthy();
    earlier.initTransactions();
    earlier.beginTransaction();
    earlier.send(TestRecords.FACTORY.checkpoint(HOST, Checkpoint.journal("journald", "kafka", Instant.EPOCH)
        .withSeq(5)));
    earlier.commitTransaction();
    state.write(Map.of("journald", Checkpoint.journal("journald", "mirror", Instant.EPOCH).withSeq(4),
        "syslog-file:/x", Checkpoint.file("syslog-file:/x", "/x", new FileIdentity(1, 2), 30, Instant.EPOCH)
            .withSeq(3)));

    TransactionalShipper shipper = shipper(cluster::healthy);
    Map<String, Checkpoint> resume = shipper.start();

    assertThat(resume.get("journald").cursor()).isEqualTo("kafka");
    assertThat(resume.get("syslog-file:/x").offset()).isEqualTo(30);
    queue("journald", 1);
    outbox.closeForWrites();
    shipper.run();
    assertThat(cluster.committedCheckpoints().get("journald").seq()).isEqualTo(6);
  }

  /** MockProducers sharing one committed log, like producers of one transactional id on one cluster. */
  private static final class FakeCluster {
    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();

    MockProducer<byte[], byte[]> healthy() {
      return add(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** Its commit fails before reaching the coordinator: the transaction is aborted. */
    MockProducer<byte[], byte[]> failingCommit() {
      MockProducer<byte[], byte[]> p = healthy();
      p.commitTransactionException = new TimeoutException("simulated commit timeout");
      return p;
    }

    /** Its commit reaches the coordinator, but the answer is lost. */
    MockProducer<byte[], byte[]> lostCommitAnswer() {
      return add(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
        @Override
        public void commitTransaction() {
          super.commitTransaction();
          throw new TimeoutException("simulated lost answer");
        }
      });
    }

    private MockProducer<byte[], byte[]> add(MockProducer<byte[], byte[]> p) {
      producers.add(p);
      return p;
    }

    List<ProducerRecord<byte[], byte[]>> committed() {
      List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
      producers.forEach(p -> all.addAll(p.history()));
      return all;
    }

    List<String> committedValues(String topic) {
      return committed().stream().filter(r -> r.topic().equals(topic))
          .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    Map<String, Checkpoint> committedCheckpoints() {
      Map<String, Checkpoint> out = new TreeMap<>();
      String prefix = RecordFactory.checkpointKey(HOST, "");
      for (ProducerRecord<byte[], byte[]> r : committed()) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.topic().equals(TestRecords.FACTORY.checkpointTopic()) && key.startsWith(prefix)) {
          try {
            out.put(key.substring(prefix.length()), Json.read(r.value(), Checkpoint.class));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      return out;
    }

    CommittedCheckpoints reader() {
      return new CommittedCheckpoints() {
        @Override
        public Map<String, Checkpoint> catchUp(Duration timeout) {
          return committedCheckpoints();
        }

        @Override
        public long maxSeq() {
          return committedCheckpoints().values().stream().mapToLong(Checkpoint::seq).max().orElse(0);
        }

        @Override
        public void close() {
          // nothing to release
        }
      };
    }
  }
}
