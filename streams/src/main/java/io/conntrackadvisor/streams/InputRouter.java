package io.conntrackadvisor.streams;

import io.conntrackadvisor.streams.AppCounters.Counter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first node after an input topic's source: keys each event by the host its value names and sends it to the
 * {@link DetectorProcessor} of this task when the record is on the partition Kafka Streams' partitioner gives that
 * host ({@link Partitioning#javaPartition}), or else through the internal {@link AdvisorTopology#REROUTED} topic,
 * which brings it to the task that holds its host's state. A producer that partitions like Java pays one hash of
 * the host per record; a record without a key, with another key, or placed by another partitioner is moved,
 * counted by topic and {@link Partitioning.Reason}, and the first one per topic is logged with the producer it
 * most likely came from and how to configure it. Null values (tombstones) are counted and dropped here, and so
 * are other programs' records on a shared log topic ({@link HostEvent#SKIPPED}).
 */
final class InputRouter implements Processor<String, HostEvent, String, HostEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(InputRouter.class);

  private final String topic;
  private final int partitions;
  private final String misplaced;
  private final AppCounters counters;
  /** The topics whose first misplaced record was logged, shared by every task of the process. */
  private final Set<String> logged;
  private ProcessorContext<String, HostEvent> context;

  /**
   * @param topic      the input topic this node reads
   * @param partitions the partitions of every input topic (and of the internal topic)
   * @param misplaced  the node that takes this router's misplaced records to the internal topic
   * @param logged     topics already logged about, shared by the routers of every task
   */
  InputRouter(String topic, int partitions, String misplaced, AppCounters counters, Set<String> logged) {
    this.topic = topic;
    this.partitions = partitions;
    this.misplaced = misplaced;
    this.counters = counters;
    this.logged = logged;
  }

  @Override
  public void init(ProcessorContext<String, HostEvent> ctx) {
    this.context = ctx;
  }

  @Override
  public void process(Record<String, HostEvent> record) {
    HostEvent e = record.value();
    if (e == null) {
      counters.increment(Counter.NULL_VALUES); // a tombstone: nothing to detect
      return;
    }
    if (e == HostEvent.SKIPPED) {
      return; // another program's record on a shared log topic, counted by the source's deserializer
    }
    String host = e.host();
    Record<String, HostEvent> keyed = host.equals(record.key()) ? record : record.withKey(host);
    int want = Partitioning.javaPartition(host.getBytes(StandardCharsets.UTF_8), partitions);
    RecordMetadata at = context.recordMetadata().orElse(null);
    if (at == null || at.partition() == want) {
      context.forward(keyed, AdvisorTopology.DETECTOR);
      return;
    }
    Partitioning.Reason reason = record.key() == null ? Partitioning.Reason.NO_KEY
        : host.equals(record.key()) ? Partitioning.Reason.PARTITIONER : Partitioning.Reason.OTHER_KEY;
    counters.repartitioned(topic, reason.label);
    if (logged.add(topic)) {
      byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
      LOG.warn("{} partition {} offset {}: a record of host '{}' whose key is {} is not on partition {}, where "
              + "Kafka Streams' partitioner (murmur2 of the key) puts that host; it and any like it are moved to "
              + "the task of their host through an internal topic (counted in {}{topic,reason}, logged once "
              + "per topic): {}", topic, at.partition(), at.offset(), host,
          record.key() == null ? "missing" : "'" + record.key() + "'", want, AppCounters.REPARTITIONED_METRIC,
          Partitioning.likelyProducer(key, at.partition(), partitions));
    }
    context.forward(keyed, misplaced);
  }
}
