package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.ops.Backoff;
import io.conntrackadvisor.model.ops.StopSignal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox to Kafka exactly once: each batch goes out in one transaction together with the checkpoint of
 * every source it holds, numbered with the agent's transaction sequence. On any Kafka failure the producer is
 * closed and built again; {@code initTransactions} then settles the open transaction (aborted, or committed if the
 * commit had reached the coordinator), and reading the checkpoint topic tells which: if it holds the batch's
 * sequence the batch is done, otherwise it is sent again. Records stay in memory (counted by the outbox) until
 * their transaction committed, so nothing is lost and nothing is written twice. Between connections only the
 * producer stays open: the admin client (topic checks) and the checkpoint reader are opened to connect and closed
 * once they answered.
 */
public final class TransactionalShipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalShipper.class);
  /**
   * How long the shipping thread waits for a first record before it looks at the shutdown deadline again; closing
   * the outbox wakes it at once, so this only sets how often an idle agent wakes up.
   */
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);
  /**
   * Longest wait to read the checkpoint topic to its end: another agent's open transaction on the same partition
   * holds back what read_committed may read, for at most its transaction timeout (60 s by default).
   */
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);

  private final ShipSettings settings;
  private final String agentHost;
  private final Outbox outbox;
  private final RecordFactory records;
  private final ShipMetrics metrics;
  private final StateFile state;
  private final Supplier<Producer<byte[], byte[]>> producers;
  private final Supplier<CommittedCheckpoints> checkpointLogs;
  private final Supplier<Admin> admins;
  private final List<Topics.Topic<?, ?>> topics;
  private final StopSignal stop = new StopSignal();
  private final Map<String, Checkpoint> committed = new TreeMap<>();
  private Producer<byte[], byte[]> producer;
  private long seq;
  private long lastStateWrite;
  private volatile long deadlineNanos = Long.MAX_VALUE;

  public TransactionalShipper(ShipSettings settings, String agentHost, Outbox outbox, RecordFactory records,
      ShipMetrics metrics, StateFile state, KafkaClients clients, List<Topics.Topic<?, ?>> topics) {
    this(settings, agentHost, outbox, records, metrics, state, clients::producer,
        () -> new CheckpointLog(clients.checkpointConsumer(), clients.admin(), records.checkpointTopic(), agentHost),
        clients::admin, topics);
  }

  public TransactionalShipper(ShipSettings settings, String agentHost, Outbox outbox, RecordFactory records,
      ShipMetrics metrics, StateFile state, Supplier<Producer<byte[], byte[]>> producers,
      Supplier<CommittedCheckpoints> checkpointLogs, Supplier<Admin> admins, List<Topics.Topic<?, ?>> topics) {
    this.settings = settings;
    this.agentHost = agentHost;
    this.outbox = outbox;
    this.records = records;
    this.metrics = metrics;
    this.state = state;
    this.producers = producers;
    this.checkpointLogs = checkpointLogs;
    this.admins = admins;
    this.topics = topics;
  }

  /**
   * Connects, creating topics when configured, and reads the committed checkpoints; retries with back-off until it
   * works or {@link #stop} is called.
   *
   * @return the checkpoint to resume each source from, by source id, or null when stopped first
   */
  public Map<String, Checkpoint> start() throws InterruptedException {
    int failures = 0;
    while (!stop.isSet()) {
      try {
        if (settings.createTopics()) {
          try (Admin admin = admins.get()) {
            TopicSetup.create(admin, topics, TopicSetup.Layout.BROKER_DEFAULTS);
          }
        }
        connect();
        return resumePoints();
      } catch (ConfigException e) {
        throw new IllegalArgumentException("invalid Kafka client setting: " + e.getMessage(), e);
      } catch (KafkaException e) {
        failures++;
        failed(failures, "connecting", e);
        stop.sleep(Backoff.after(failures, settings.retryBackoff(), settings.retryBackoffMax()));
      }
    }
    return null;
  }

  /** Ships batches until the outbox is closed and empty, or the shutdown deadline passed. */
  public void run() throws InterruptedException {
    while (true) {
      List<Outgoing> batch = outbox.drain(settings.batchMaxRecords(), settings.batchLinger(),
          settings.samplesLinger(), IDLE_POLL);
      if (batch.isEmpty()) {
        if (outbox.isFinished() || pastDeadline()) {
          break;
        }
        continue;
      }
      if (!deliver(batch)) {
        List<Outgoing> left = new ArrayList<>(batch);
        left.addAll(outbox.takeAll());
        giveUp(left);
        break;
      }
      outbox.release(batch);
      writeState(false);
    }
    writeState(true);
  }

  /** Asks {@link #run} to deliver what is queued within {@code timeout}, then to return. */
  public void stop(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
    stop.set();
  }

  /** The checkpoints committed so far, by source id. */
  synchronized Map<String, Checkpoint> committed() {
    return new TreeMap<>(committed);
  }

  /** The transaction sequence committed last. */
  public synchronized long seq() {
    return seq;
  }

  private Map<String, Checkpoint> resumePoints() {
    Map<String, Checkpoint> out = new TreeMap<>(committed);
    Map<String, Checkpoint> mirror = state.read();
    mirror.forEach((source, cp) -> {
      if (!out.containsKey(source)) {
        LOG.info("Checkpoint topic has no entry for {}; resuming it from the local mirror {}", source, state.path());
        out.put(source, cp);
      }
    });
    long mirrorSeq = mirror.values().stream().mapToLong(Checkpoint::seq).max().orElse(0);
    synchronized (this) {
      seq = Math.max(seq, mirrorSeq);
    }
    return out;
  }

  /**
   * Sends one batch in one transaction, retrying with a new producer after any failure.
   *
   * @return false when the shutdown deadline passed before the batch committed
   */
  private boolean deliver(List<Outgoing> batch) throws InterruptedException {
    long mySeq = seq() + 1;
    Map<String, Checkpoint> checkpoints = new LinkedHashMap<>();
    for (Outgoing o : batch) {
      checkpoints.put(o.checkpoint().source(), o.checkpoint().withSeq(mySeq));
    }
    int failures = 0;
    while (true) {
      try {
        if (producer == null && connect() >= mySeq) {
          LOG.info("Transaction {} had committed before the failure; not sending it again", mySeq);
        } else {
          send(batch, checkpoints);
        }
        committed(batch, checkpoints, mySeq);
        if (failures > 0) {
          metrics.increment(ShipMetrics.Counter.RECONNECTS, null);
          LOG.info("Delivery to Kafka resumed after {} failed attempts", failures);
        }
        return true;
      } catch (KafkaException e) {
        failures++;
        failed(failures, "delivering transaction " + mySeq, e);
        closeClients();
        if (pastDeadline()) {
          return false;
        }
        stop.sleep(Backoff.after(failures, settings.retryBackoff(), settings.retryBackoffMax()));
        if (pastDeadline()) {
          return false;
        }
      }
    }
  }

  private void send(List<Outgoing> batch, Map<String, Checkpoint> checkpoints) {
    // The first failed send dooms the transaction; stop there instead of letting every further send wait out
    // max.block.ms for metadata of an unreachable broker.
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onFailure = (metadata, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    };
    producer.beginTransaction();
    for (Outgoing o : batch) {
      producer.send(o.record(), onFailure);
      throwIfFailed(failure);
    }
    count(ShipMetrics.Counter.PUBLISHED, batch);
    for (Checkpoint c : checkpoints.values()) {
      producer.send(records.checkpoint(agentHost, c), onFailure);
      throwIfFailed(failure);
    }
    producer.commitTransaction();
  }

  private static void throwIfFailed(AtomicReference<Exception> failure) {
    Exception e = failure.get();
    if (e != null) {
      throw e instanceof KafkaException k ? k : new KafkaException(e);
    }
  }

  /**
   * A new producer: fences any older one with the same transactional id and settles its open transaction; then
   * the checkpoint topic is read to its end.
   *
   * @return the highest transaction sequence committed
   */
  private long connect() throws InterruptedException {
    closeClients();
    producer = producers.get();
    producer.initTransactions();
    // closed once read: read again from the start at the next connection, which is rare
    try (CommittedCheckpoints checkpointLog = checkpointLogs.get()) {
      Map<String, Checkpoint> fromKafka = checkpointLog.catchUp(CATCH_UP_TIMEOUT);
      long committedSeq = checkpointLog.maxSeq();
      synchronized (this) {
        committed.putAll(fromKafka);
        seq = Math.max(seq, committedSeq);
      }
      return committedSeq;
    }
  }

  private void committed(List<Outgoing> batch, Map<String, Checkpoint> checkpoints, long mySeq) {
    synchronized (this) {
      seq = mySeq;
      committed.putAll(checkpoints);
    }
    metrics.increment(ShipMetrics.Counter.TRANSACTIONS, null);
    count(ShipMetrics.Counter.ACKNOWLEDGED, batch);
  }

  /** Adds the batch's records to {@code counter}, by source: one update per source, not one per record. */
  private void count(ShipMetrics.Counter counter, List<Outgoing> batch) {
    String source = null;
    long run = 0;
    for (Outgoing o : batch) {
      if (!o.source().equals(source)) {
        if (run > 0) {
          metrics.add(counter, source, run);
        }
        source = o.source();
        run = 0;
      }
      run++;
    }
    if (run > 0) {
      metrics.add(counter, source, run);
    }
  }

  private void failed(int failures, String what, KafkaException e) {
    metrics.increment(ShipMetrics.Counter.RETRIES, null);
    if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
      LOG.error("Kafka fenced this agent's producer while {}: another agent uses the same transactional id (same "
          + "host name and topic prefix?); retrying, which fences it in turn", what);
    } else if (failures == 1 || failures % 10 == 0) {
      LOG.warn("Kafka failure {} while {}; retrying with a new producer: {}", failures, what, e.toString());
    } else {
      LOG.debug("Kafka failure {} while {}", failures, what, e);
    }
  }

  private void giveUp(List<Outgoing> batch) {
    Map<String, Long> bySource = new TreeMap<>();
    for (Outgoing o : batch) {
      bySource.merge(o.source(), 1L, Long::sum);
      metrics.increment(ShipMetrics.Counter.DROPPED, o.source());
    }
    LOG.error("Shutdown deadline passed: {} records not delivered {}; journald and file sources read them again at "
        + "the next start, the others lose them", batch.size(), bySource);
    outbox.release(batch);
  }

  private void writeState(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastStateWrite < settings.stateFlushInterval().toNanos()) {
      return;
    }
    Map<String, Checkpoint> snapshot = committed();
    if (snapshot.isEmpty()) {
      return;
    }
    try {
      state.write(snapshot);
      lastStateWrite = now;
    } catch (IOException | RuntimeException e) {
      metrics.increment(ShipMetrics.Counter.STATE_WRITE_FAILURES, null);
      LOG.warn("Could not write the checkpoint mirror {}: {}", state.path(), e.toString());
    }
  }

  private boolean pastDeadline() {
    return stop.isSet() && System.nanoTime() - deadlineNanos > 0;
  }

  private void closeClients() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("Closing the producer failed", e);
      }
      producer = null;
    }
  }

  @Override
  public void close() {
    closeClients();
  }
}
