package io.conntrackadvisor.ingest;

import io.conntrackadvisor.model.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint topic of the agent, until the model's {@link Topics} registry names it: compacted, keyed
 * {@code <host>/<source id>}, value a {@link Checkpoint} as JSON, written only inside the agent's transactions.
 */
public final class ShipTopics {
  /** Base name of the compacted topic of ship checkpoints. */
  public static final String CHECKPOINTS = "ship-checkpoints";

  private ShipTopics() {
  }

  /** The checkpoint topic's name under {@code prefix}. */
  public static String checkpoints(String prefix) {
    return (prefix == null ? "" : prefix) + CHECKPOINTS;
  }

  /** Topic configs of the checkpoint topic: compacted, with segments small enough that compaction keeps up. */
  static Map<String, String> checkpointConfigs() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("cleanup.policy", "compact");
    c.put("segment.ms", String.valueOf(3_600_000L));
    c.put("min.cleanable.dirty.ratio", "0.1");
    return c;
  }
}
