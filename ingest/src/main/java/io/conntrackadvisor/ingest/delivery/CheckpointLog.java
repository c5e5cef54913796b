package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this agent's committed checkpoints from the checkpoint topic. {@link #catchUp} reads with
 * {@code read_committed} up to the high watermark taken at the call, so every transaction that completed before
 * (the agent's own aborted or committed one included, which {@code initTransactions} settles) has been seen.
 * Successive calls continue where the last one stopped. It owns its consumer and admin client: {@link #close()}
 * closes both, so that an agent keeps neither (nor their threads and buffers) between reads.
 */
final class CheckpointLog implements CommittedCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointLog.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Consumer<String, byte[]> consumer;
  private final Admin admin;
  private final String topic;
  private final String keyPrefix;
  private final Map<String, Checkpoint> latest = new TreeMap<>();
  private List<TopicPartition> partitions;

  CheckpointLog(Consumer<String, byte[]> consumer, Admin admin, String topic, String agentHost) {
    this.consumer = consumer;
    this.admin = admin;
    this.topic = topic;
    this.keyPrefix = RecordFactory.checkpointKey(agentHost, "");
  }

  /**
   * Reads up to the current end of the topic and returns this agent's checkpoints by source id.
   *
   * @throws TimeoutException when the end was not reached within {@code timeout}
   */
  @Override
  public Map<String, Checkpoint> catchUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (partitions == null) {
      // A topic created a moment ago can be missing from the broker's metadata for a while: ask again until the
      // deadline before calling it missing.
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      while (infos == null || infos.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("checkpoint topic " + topic + " does not exist");
        }
        Thread.sleep(100);
        infos = consumer.partitionsFor(topic, timeout);
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      partitions = tps;
    }
    Map<TopicPartition, ListOffsetsResultInfo> end = highWatermarks(timeout);
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("checkpoint topic " + topic + " not read to its end within " + timeout);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        apply(r);
      }
    }
    return new TreeMap<>(latest);
  }

  @Override
  public long maxSeq() {
    return latest.values().stream().mapToLong(Checkpoint::seq).max().orElse(0);
  }

  private Map<TopicPartition, ListOffsetsResultInfo> highWatermarks(Duration timeout) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
    ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED);
    options.timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try {
      return admin.listOffsets(specs, options).all().get();
    } catch (ExecutionException e) {
      throw new KafkaException("could not read the end of " + topic + ": " + e.getCause(), e.getCause());
    }
  }

  private boolean reached(Map<TopicPartition, ListOffsetsResultInfo> end) {
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue().offset()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null || !r.key().startsWith(keyPrefix)) {
      return;
    }
    String sourceId = r.key().substring(keyPrefix.length());
    if (r.value() == null) {
      latest.remove(sourceId);
      return;
    }
    try {
      latest.put(sourceId, Json.read(r.value(), Checkpoint.class));
    } catch (IOException e) {
      LOG.warn("Ignoring unreadable checkpoint {} at {}-{}@{}: {}", r.key(), r.topic(), r.partition(), r.offset(),
          e.toString());
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
    admin.close(Duration.ZERO);
  }
}
