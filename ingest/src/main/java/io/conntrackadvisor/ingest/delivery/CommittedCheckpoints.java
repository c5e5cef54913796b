package io.conntrackadvisor.ingest.delivery;

import java.time.Duration;
import java.util.Map;

/** Where the shipper learns which checkpoints Kafka committed: the checkpoint topic, read {@code read_committed}. */
interface CommittedCheckpoints extends AutoCloseable {
  /** Reads to the current end and returns this agent's committed checkpoints by source id. */
  Map<String, Checkpoint> catchUp(Duration timeout) throws InterruptedException;

  /** The highest transaction sequence among them (0 when none). */
  long maxSeq();

  @Override
  void close();
}
