package io.conntrackadvisor.bench;

/** One shipper under measurement in {@code bench-ship}: its process and its count of acknowledged lines. */
interface Shipper extends AutoCloseable {
  /** The shipper's process (its children, such as the agent's journalctl, count with it). */
  ProcessHandle handle();

  /** Lines the broker acknowledged so far. */
  long acknowledged();

  /** The topic it writes. */
  String topic();

  @Override
  void close() throws Exception;
}
