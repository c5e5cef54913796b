package io.conntrackadvisor.ingest.delivery;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record on its way to Kafka, with the position in its source that it completes.
 *
 * @param source     the metrics label of the source ({@code journald}, {@code syslog-file}, ...)
 * @param record     the serialized record
 * @param checkpoint where the source stands once this record is delivered
 * @param snapshot   true for a snapshot that the next one supersedes (a conntrack sample): it may wait for more
 *                   records before its transaction
 */
public record Outgoing(String source, ProducerRecord<byte[], byte[]> record, Checkpoint checkpoint,
    boolean snapshot) {

  /** A record that is not a snapshot: a line or message read from a source. */
  public Outgoing(String source, ProducerRecord<byte[], byte[]> record, Checkpoint checkpoint) {
    this(source, record, checkpoint, false);
  }

  /** Bytes of key and value: what the in-memory buffer counts. */
  long size() {
    return length(record.key()) + length(record.value());
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }
}
