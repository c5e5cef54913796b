package io.conntrackadvisor.model;

import io.conntrackadvisor.model.serde.JsonSerde;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Registry of every topic with its key and value serdes; nobody spells a topic name elsewhere. Names carry an
 * optional common prefix (e.g. {@code team-a.}) so several deployments can share a cluster.
 */
public final class Topics {
  /** Base name of the topic of kernel messages, keyed by host. */
  public static final String KERNEL_MESSAGES = "kernel-messages";
  /** Base name of the topic of conntrack samples, keyed by host. */
  public static final String CONNTRACK_SAMPLES = "conntrack-samples";
  /** Base name of the topic of findings, keyed by host. */
  public static final String FINDINGS = "conntrack-findings";
  /** Base name of the compacted topic of current recommendations, keyed by host. */
  public static final String RECOMMENDATIONS = "conntrack-recommendations";
  /** Base name of the dead-letter topic for poison records. */
  public static final String DLQ = "conntrack-dlq";
  /** Base name of the agent's compacted topic of checkpoints, keyed {@code <host>/<source id>}. */
  public static final String SHIP_CHECKPOINTS = "ship-checkpoints";

  /**
   * A topic name with its serdes and layout.
   *
   * @param singlePartition whether it has one partition whatever the layout (the dead-letter topic); the others
   *                        are keyed by host and take the layout's partition count
   * @param configs         its topic-level configs
   */
  public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean singlePartition,
      Map<String, String> configs) {
    public Topic {
      configs = Map.copyOf(configs);
    }
  }

  /** Events are kept a week: enough for a restarted consumer or a replay. */
  private static final Map<String, String> EVENTS = Map.of("cleanup.policy", "delete",
      "retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
  /** The latest value per key, for ever. */
  private static final Map<String, String> LATEST = Map.of("cleanup.policy", "compact");
  /** The agent's checkpoints: compacted, with segments small enough that compaction keeps up. */
  private static final Map<String, String> CHECKPOINTS = Map.of("cleanup.policy", "compact",
      "segment.ms", String.valueOf(3_600_000L), "min.cleanable.dirty.ratio", "0.1");

  private final Topic<String, KernelMessage> kernelMessages;
  private final Topic<String, ConntrackSample> conntrackSamples;
  private final Topic<String, Finding> findings;
  private final Topic<String, Recommendation> recommendations;
  private final Topic<byte[], byte[]> dlq;
  private final Topic<String, byte[]> shipCheckpoints;

  private Topics(String prefix) {
    Serde<String> key = Serdes.String();
    kernelMessages = new Topic<>(prefix + KERNEL_MESSAGES, key, new JsonSerde<>(KernelMessage.class), false, EVENTS);
    conntrackSamples = new Topic<>(prefix + CONNTRACK_SAMPLES, key, new JsonSerde<>(ConntrackSample.class), false,
        EVENTS);
    findings = new Topic<>(prefix + FINDINGS, key, new JsonSerde<>(Finding.class), false, EVENTS);
    recommendations = new Topic<>(prefix + RECOMMENDATIONS, key, new JsonSerde<>(Recommendation.class), false,
        LATEST);
    dlq = new Topic<>(prefix + DLQ, Serdes.ByteArray(), Serdes.ByteArray(), true, EVENTS);
    shipCheckpoints = new Topic<>(prefix + SHIP_CHECKPOINTS, key, Serdes.ByteArray(), false, CHECKPOINTS);
  }

  /** Topics without a prefix. */
  public static Topics defaults() {
    return new Topics("");
  }

  /** Topics whose names start with {@code prefix} (may be empty). */
  public static Topics withPrefix(String prefix) {
    return new Topics(prefix == null ? "" : prefix);
  }

  public Topic<String, KernelMessage> kernelMessages() {
    return kernelMessages;
  }

  public Topic<String, ConntrackSample> conntrackSamples() {
    return conntrackSamples;
  }

  public Topic<String, Finding> findings() {
    return findings;
  }

  public Topic<String, Recommendation> recommendations() {
    return recommendations;
  }

  public Topic<byte[], byte[]> dlq() {
    return dlq;
  }

  /**
   * The agent's checkpoints: written only inside the agent's transactions, read only by the agent (its value is
   * the agent's own JSON, so the bytes are all the registry says about it).
   */
  public Topic<String, byte[]> shipCheckpoints() {
    return shipCheckpoints;
  }

  /** Every topic of the pipeline, as the {@code topics} command creates them. */
  public List<Topic<?, ?>> all() {
    return List.of(kernelMessages, conntrackSamples, findings, recommendations, dlq, shipCheckpoints);
  }
}
