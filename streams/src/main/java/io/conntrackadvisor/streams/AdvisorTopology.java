package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.Topics.Topic;
import io.conntrackadvisor.model.serde.JsonSerde;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
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
 * kernel-messages, conntrack-samples    (event time from the value; null values counted and dropped)
 *   -> detector
 *   (rekey.keyless=true: DSL: filter nulls -> merge -> key missing -> key = value's host -> internal topic
 *                        "rekeyed" -+
 *                        -> key present -----------------------------------------------+-> detector)
 * detector -> conntrack-findings
 * detector -> conntrack-recommendations (compacted; a recommendation when a host's advice changes)
 * </pre>
 *
 * The inputs are keyed by host (the contract), so each host's state lives in one task. A record without a key
 * goes to the dead-letter topic, unless {@code rekey.keyless} is on: then it is re-keyed and goes through the
 * internal {@code rekeyed} topic to the task of its host. That is opt-in because the internal topic's partitions,
 * empty when every producer sets keys, make Kafka Streams check before every record whether to wait for them,
 * formatting log lines whether or not they are logged (bench-streams: about a seventh of the stream thread). Poison
 * records never reach the topology: the deserialization handler sends them to the dead-letter topic
 * ({@link DeadLetterHandlers}). A recommendation
 * joins the host's latest sample with the evidence of its findings: both live in the detector's per-host state,
 * so the join is made on that state within the task, not a KTable join over a second copy of it; which advice
 * was last published lives there too, so every input record costs one changelog write. The owners of a host's
 * namespaces (container, pod, processes) have a store of their own, written only when they change: on a node with
 * many pods they were most of the state's bytes.
 */
public final class AdvisorTopology {
  /** Node the merged, correctly keyed events leave the DSL part through. */
  static final String KEYED_EVENTS = "keyed-events";
  /** The {@link DetectorProcessor} node. */
  static final String DETECTOR = "detector";
  /** Sink of the findings topic. */
  static final String FINDINGS_SINK = "findings-sink";
  /** Sink of the recommendations topic. */
  static final String RECOMMENDATIONS_SINK = "recommendations-sink";
  /** Name of the internal topic of re-keyed records ({@code <application.id>-rekeyed-repartition}). */
  static final String REKEYED = "rekeyed";

  /**
   * What the topology needs besides its configuration.
   *
   * @param counters the application's counters
   * @param clock    the wall clock against which future timestamps are judged
   */
  public record Dependencies(AppCounters counters, Clock clock) {
    /** Fresh counters and the system clock. */
    public static Dependencies defaults() {
      return new Dependencies(new AppCounters(), Clock.systemUTC());
    }
  }

  private AdvisorTopology() {
  }

  /** The topology with fresh counters and the system clock. */
  public static Topology build(TopologySettings config) {
    return build(config, Dependencies.defaults());
  }

  /** The topology. */
  public static Topology build(TopologySettings config, Dependencies deps) {
    Topics topics = config.topics();
    AppCounters counters = deps.counters();
    TimestampExtractor eventTime = new EventTimeExtractor(deps.clock(), config.futureTolerance(), counters);
    if (!config.rekeyKeyless()) {
      // the two sources straight into the detector: the DSL's filter, map and merge nodes between them cost a
      // twentieth of the stream thread (bench-streams), and the detector counts null values itself
      Topology topology = new Topology();
      return detector(topology, config, counters,
          source(topology, topics.kernelMessages(), eventTime, HostEvent::of),
          source(topology, topics.conntrackSamples(), eventTime, HostEvent::of));
    }
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, HostEvent> messages = source(builder, topics.kernelMessages(), eventTime, counters)
        .mapValues(HostEvent::of, Named.as("messages-as-events"));
    KStream<String, HostEvent> samples = source(builder, topics.conntrackSamples(), eventTime, counters)
        .mapValues(HostEvent::of, Named.as("samples-as-events"));
    Map<String, KStream<String, HostEvent>> byKey = messages.merge(samples, Named.as("events"))
        .split(Named.as("key-"))
        .branch((host, e) -> host == null, Branched.as("missing"))
        .defaultBranch(Branched.as("present"));
    KStream<String, HostEvent> rekeyed = byKey.get("key-missing")
        .peek((host, e) -> counters.increment(Counter.REKEYED_RECORDS), Named.as("count-rekeyed"))
        .selectKey((host, e) -> e.host(), Named.as("key-from-value"))
        .repartition(Repartitioned.<String, HostEvent>as(REKEYED).withKeySerde(Serdes.String())
            .withValueSerde(new JsonSerde<>(HostEvent.class)).withNumberOfPartitions(config.partitions()));
    byKey.get("key-present").merge(rekeyed, Named.as(KEYED_EVENTS));
    return detector(builder.build(), config, counters, KEYED_EVENTS);
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

  /**
   * An input topic as a source node whose values are already {@link HostEvent}s (null stays null), with event
   * time; returns the node's name.
   */
  private static <V> String source(Topology topology, Topic<String, V> topic, TimestampExtractor eventTime,
      Function<V, HostEvent> wrap) {
    String name = topic.name() + "-source";
    Deserializer<V> values = topic.valueSerde().deserializer();
    Deserializer<HostEvent> events = (t, bytes) -> {
      V v = values.deserialize(t, bytes);
      return v == null ? null : wrap.apply(v);
    };
    topology.addSource((AutoOffsetReset) null, name, eventTime, topic.keySerde().deserializer(), events,
        topic.name());
    return name;
  }

  /** An input topic with event time, null values counted and dropped. */
  private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic,
      TimestampExtractor eventTime, AppCounters counters) {
    String name = topic.name();
    return builder.stream(name, Consumed.with(topic.keySerde(), topic.valueSerde())
            .withTimestampExtractor(eventTime).withName(name + "-source"))
        .filter((host, v) -> {
          if (v == null) {
            counters.increment(Counter.NULL_VALUES);
          }
          return v != null;
        }, Named.as(name + "-non-null"));
  }

  /** A RocksDB store with a changelog topic. */
  private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keys, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
  }
}
