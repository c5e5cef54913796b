package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.delivery.Checkpoint;

/** One input of the agent, run on its own thread: reads, and queues records with their checkpoints. */
public interface Source {
  /** The id its checkpoint is kept under: {@code journald}, {@code syslog-file:<path>}, {@code sampler}, ... */
  String id();

  /**
   * Reads until {@link #stop} is called or the outbox is closed.
   *
   * @param resume the last committed checkpoint of this source, or null
   */
  void run(Checkpoint resume) throws InterruptedException;

  /** Asks {@link #run} to return soon; may be called from any thread, more than once. */
  void stop();
}
