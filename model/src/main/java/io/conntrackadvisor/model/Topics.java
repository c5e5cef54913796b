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

  /** A topic name with its serdes. */
  public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {
  }

  private final Topic<String, KernelMessage> kernelMessages;
  private final Topic<String, ConntrackSample> conntrackSamples;
  private final Topic<String, Finding> findings;
  private final Topic<String, Recommendation> recommendations;
  private final Topic<byte[], byte[]> dlq;
  private final Topic<String, byte[]> shipCheckpoints;

  private Topics(String prefix) {
    Serde<String> key = Serdes.String();
    kernelMessages = new Topic<>(prefix + KERNEL_MESSAGES, key, new JsonSerde<>(KernelMessage.class), false);
    conntrackSamples = new Topic<>(prefix + CONNTRACK_SAMPLES, key, new JsonSerde<>(ConntrackSample.class), false);
    findings = new Topic<>(prefix + FINDINGS, key, new JsonSerde<>(Finding.class), false);
    recommendations = new Topic<>(prefix + RECOMMENDATIONS, key, new JsonSerde<>(Recommendation.class), true);
    dlq = new Topic<>(prefix + DLQ, Serdes.ByteArray(), Serdes.ByteArray(), false);
    shipCheckpoints = new Topic<>(prefix + SHIP_CHECKPOINTS, key, Serdes.ByteArray(), true);
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
   * the agent's own JSON, so the bytes are all the registry says about it). The agent creates it with its own
   * topic configs; it is not in {@link #all()}.
   */
  public Topic<String, byte[]> shipCheckpoints() {
    return shipCheckpoints;
  }

  /** Every topic the Streams application and the sink create at start-up (all but the agent's checkpoints). */
  public List<Topic<?, ?>> all() {
    return List.of(kernelMessages, conntrackSamples, findings, recommendations, dlq);
  }

  /** Topic-level configs: compaction for the recommendations topic, time retention for the rest. */
  public static Map<String, String> configsFor(Topic<?, ?> topic) {
    return topic.compacted()
        ? Map.of("cleanup.policy", "compact")
        : Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
  }
}
