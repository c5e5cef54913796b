package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.serde.JsonSerde;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Streams application as a pure factory: {@code build(config, dependencies)} returns the topology that
 * {@link StreamsApp} runs and the tests drive.
 *
 * <pre>
 * kernel-messages (or the topics of --kernel-input, each in its format), conntrack-samples
 *                                        (event time from the value)
 *   -> one router per input (InputRouter: key = the value's host; null values counted and dropped)
 *        record on its host's partition (murmur2 of the host) -----------------------------> detector
 *        any other record (no key, another key, another partitioner) -> "misplaced" -> internal topic
 *        "rerouted" (partitioned by the host, as many partitions as the inputs) ----------> detector
 * detector -> conntrack-findings
 * detector -> conntrack-recommendations (compacted; a recommendation when a host's advice changes)
 * </pre>
 *
 * Kafka Streams gives partition {@code i} of every input topic to task {@code i}, and each host's state lives in
 * one task; but producers partition as they like (librdkafka's default hashes keys with CRC32, not murmur2; records
 * without a key go anywhere). Each router checks the record's partition against its host's: a record where Java
 * producers put it goes straight to the detector of its task; any other goes through the internal topic to the task
 * of its host, counted in {@link AppCounters#REPARTITIONED_METRIC} and logged once per topic. The input topics must
 * have the same partition count ({@link TopicSetup} refuses others at start). Poison records never reach the
 * topology: the deserialization handler sends them to the dead-letter topic ({@link DeadLetterHandlers}). A
 * recommendation joins the host's latest sample with the evidence of its findings: both live in the detector's
 * per-host state, so the join is made on that state within the task, not a KTable join over a second copy of it;
 * which advice was last published lives there too, so every input record costs one changelog write. The owners of
 * a host's namespaces (container, pod, processes) have a store of their own, written only when they change: on a
 * node with many pods they were most of the state's bytes.
 */
public final class AdvisorTopology {
  /** The {@link DetectorProcessor} node. */
  static final String DETECTOR = "detector";
  /**
   * Prefix of the nodes that merge the misplaced records of every input on their way to {@link #REROUTED}:
   * {@code misplaced-1} merges the first two inputs' routers, {@code misplaced-i} adds input {@code i}.
   */
  static final String MISPLACED = "misplaced-";
  /** Name of the internal topic of moved records ({@code <application.id>-rerouted-repartition}). */
  static final String REROUTED = "rerouted";
  /** The source node of {@link #REROUTED} (the name Kafka Streams gives it). */
  static final String REROUTED_SOURCE = REROUTED + "-repartition-source";
  /** Sink of the findings topic. */
  static final String FINDINGS_SINK = "findings-sink";
  /** Sink of the recommendations topic. */
  static final String RECOMMENDATIONS_SINK = "recommendations-sink";

  /**
   * What the topology needs besides its configuration.
   *
   * @param counters the application's counters
   * @param clock    the wall clock against which future timestamps are judged
   */
  public record Dependencies(AppCounters counters, Clock clock) {
  }

  private AdvisorTopology() {
  }

  /** The topology. */
  public static Topology build(TopologySettings config, Dependencies deps) {
    Topics topics = config.topics();
    AppCounters counters = deps.counters();
    TimestampExtractor eventTime = new EventTimeExtractor(deps.clock(), config.futureTolerance(), counters);
    StreamsBuilder builder = new StreamsBuilder();
    Set<String> logged = ConcurrentHashMap.newKeySet();
    List<String> routers = new ArrayList<>();
    List<KStream<String, HostEvent>> misplaced = new ArrayList<>();
    for (KernelInput in : config.kernelInputs()) {
      Deserializer<HostEvent> events = in.format().isContract()
          ? events(topics.kernelMessages().valueSerde().deserializer(), HostEvent::of)
          : new ShippedKernelDeserializer(in.topic(), in.format(), deps.clock(), counters);
      misplaced.add(route(builder, in.topic(), events, eventTime, config, counters, logged, routers));
    }
    misplaced.add(route(builder, topics.conntrackSamples().name(),
        events(topics.conntrackSamples().valueSerde().deserializer(), HostEvent::of), eventTime, config, counters,
        logged, routers));
    KStream<String, HostEvent> all = misplaced.get(0);
    for (int i = 1; i < misplaced.size(); i++) {
      all = all.merge(misplaced.get(i), Named.as(MISPLACED + i));
    }
    all.repartition(Repartitioned.<String, HostEvent>as(REROUTED).withKeySerde(Serdes.String())
        .withValueSerde(new JsonSerde<>(HostEvent.class)).withNumberOfPartitions(config.partitions()));
    routers.add(REROUTED_SOURCE);
    return detector(builder.build(), config, counters, routers.toArray(String[]::new));
  }

  /** Values of a contract topic as {@link HostEvent}s (null stays null). */
  private static <V> Deserializer<HostEvent> events(Deserializer<V> values, Function<V, HostEvent> wrap) {
    return (t, bytes) -> {
      V v = values.deserialize(t, bytes);
      return v == null ? null : wrap.apply(v);
    };
  }

  /**
   * An input topic with event time, its values read as {@link HostEvent}s, and its router; the router's name goes
   * to {@code routers}, and the stream of its misplaced records is returned.
   */
  private static KStream<String, HostEvent> route(StreamsBuilder builder, String name,
      Deserializer<HostEvent> events, TimestampExtractor eventTime, TopologySettings config, AppCounters counters,
      Set<String> logged, List<String> routers) {
    Serde<HostEvent> serde = Serdes.serdeFrom(new JsonSerde<>(HostEvent.class).serializer(), events);
    String router = name + "-router";
    String merge = MISPLACED + Math.max(1, routers.size());
    routers.add(router);
    int partitions = config.partitions();
    return builder.stream(name, Consumed.with(Serdes.String(), serde).withTimestampExtractor(eventTime)
            .withName(name + "-source"))
        .process(() -> new InputRouter(name, partitions, merge, counters, logged), Named.as(router));
  }

  /** Adds the detector, its two stores and its two sinks after {@code parents}. */
  private static Topology detector(Topology topology, TopologySettings config, AppCounters counters,
      String... parents) {
    Topics topics = config.topics();
    topology.addProcessor(DETECTOR, () -> new DetectorProcessor(config, counters), parents);
    // No Kafka Streams write cache on the store: the processor keeps recent states as objects in front of it
    // (CachedStore), a host's state changes about once per commit interval, and with ten thousand hosts the cache
    // only evicted (bench-streams: 84-117 -> 72 us of CPU per record).
    topology.addStateStore(store(DetectorProcessor.HOST_STATE_STORE, Serdes.String(), new HostStateSerde()),
        DETECTOR);
    topology.addStateStore(store(DetectorProcessor.HOST_OWNERS_STORE, Serdes.String(), Serdes.ByteArray()),
        DETECTOR);
    topology.addSink(FINDINGS_SINK, topics.findings().name(), topics.findings().keySerde().serializer(),
        topics.findings().valueSerde().serializer(), DETECTOR);
    topology.addSink(RECOMMENDATIONS_SINK, topics.recommendations().name(),
        topics.recommendations().keySerde().serializer(), topics.recommendations().valueSerde().serializer(),
        DETECTOR);
    return topology;
  }

  /** A RocksDB store with a changelog topic. */
  private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keys, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
  }
}
