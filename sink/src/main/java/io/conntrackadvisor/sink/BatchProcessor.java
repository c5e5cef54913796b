package io.conntrackadvisor.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one poll's records partition by partition in offset order and commits, per partition, only the offsets
 * of records whose outputs succeeded or were given up on, after the outputs were flushed (at-least-once). A record
 * whose output failed is not committed: its partition is rewound to it and the caller backs off. A failed commit is
 * kept and retried with the next one; what a revoked partition had pending is committed before it goes.
 */
final class BatchProcessor implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(15);

  /** Makes what the handled records produced durable ({@link Outputs#flush}). */
  interface Flusher {
    void flush() throws IOException, RecordRejectedException;
  }

  private final Consumer<byte[], byte[]> consumer;
  /** Handles one record ({@link RecordHandler#handle}). */
  private final Function<ConsumerRecord<byte[], byte[]>, RecordHandler.Outcome> handler;
  private final Flusher outputs;
  private final SinkMetrics metrics;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

  BatchProcessor(Consumer<byte[], byte[]> consumer,
      Function<ConsumerRecord<byte[], byte[]>, RecordHandler.Outcome> handler, Flusher outputs, SinkMetrics metrics) {
    this.consumer = consumer;
    this.handler = handler;
    this.outputs = outputs;
    this.metrics = metrics;
  }

  /** Processes and commits one batch; true when part of it must be retried after a back-off. */
  boolean process(ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, Long> done = new HashMap<>();
    Map<TopicPartition, Long> rewind = new HashMap<>();
    boolean stopped = false;
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        RecordHandler.Outcome outcome = stopped ? RecordHandler.Outcome.STOPPED : handler.apply(r);
        if (outcome == RecordHandler.Outcome.DONE) {
          done.put(tp, r.offset() + 1);
          continue;
        }
        stopped |= outcome == RecordHandler.Outcome.STOPPED;
        rewind.put(tp, r.offset());
        break;
      }
    }
    try {
      outputs.flush();
    } catch (IOException | RecordRejectedException e) {
      // nothing of this batch is durable yet: commit none of it and read it all again
      metrics.increment(SinkMetrics.Counter.OUTPUT_FAILURES);
      LOG.warn("flushing outputs failed, the batch will be processed again: {}", e.toString());
      done.clear();
      for (TopicPartition tp : records.partitions()) {
        rewind.put(tp, records.records(tp).get(0).offset());
      }
    }
    done.forEach((tp, next) -> pending.put(tp, new OffsetAndMetadata(next)));
    commitPending();
    if (stopped) {
      return false;
    }
    rewind.forEach(consumer::seek);
    return !rewind.isEmpty();
  }

  /** Commits the offsets of handled records not committed yet; failures are counted and retried next time. */
  void commitPending() {
    pending.keySet().retainAll(consumer.assignment());
    if (pending.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(Map.copyOf(pending), COMMIT_TIMEOUT);
      pending.clear();
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      metrics.increment(SinkMetrics.Counter.COMMIT_FAILURES);
      LOG.warn("committing offsets failed, will retry with the next batch: {}", e.toString());
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    commitPending();
    pending.keySet().removeAll(partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    // positions come from the committed offsets
  }
}
