package io.conntrackadvisor.ingest;

import io.conntrackadvisor.model.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic configs of the agent's checkpoint topic ({@link Topics#shipCheckpoints()}): compacted, keyed
 * {@code <host>/<source id>}, value a {@link Checkpoint} as JSON, written only inside the agent's transactions.
 */
public final class ShipTopics {
  private ShipTopics() {
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
