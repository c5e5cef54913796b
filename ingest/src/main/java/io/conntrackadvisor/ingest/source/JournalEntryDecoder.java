package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.JournalEntry;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns one journal entry ({@link JournalExportReader}) into a record with its journald checkpoint: core's
 * {@link JournalEntry#toMessage}, then {@link LineToRecord} (entries whose {@code MESSAGE} is not valid UTF-8, which
 * journalctl prints as binary data and core decodes leniently, are counted; oversized messages cut; non-kernel
 * entries filtered unless all are wanted). The host is the entry's {@code _HOSTNAME}, else the agent's.
 */
public final class JournalEntryDecoder {
  /** Metrics label, checkpoint id and {@code KernelMessage.source} of the journald source. */
  static final String LABEL = "journald";
  /** Skip reason of an entry without {@code __CURSOR}. */
  static final String NO_CURSOR = "no-cursor";

  private final String defaultHost;
  private final LineToRecord lines;

  /**
   * One decoded line.
   *
   * @param cursor   the entry's cursor, when the line was an entry
   * @param outgoing the record to ship, or null when the entry was skipped or filtered
   */
  record Decoded(String cursor, Outgoing outgoing) {
  }

  public JournalEntryDecoder(String defaultHost, boolean all, int maxMessageBytes, RecordFactory records,
      ShipMetrics metrics) {
    this.defaultHost = defaultHost;
    this.lines = new LineToRecord(LABEL, maxMessageBytes, all ? LineToRecord.ALL : KernelMessage::fromKernel,
        records, metrics);
  }

  Decoded decode(JournalEntry entry) {
    lines.read();
    String cursor = entry.cursor();
    if (cursor == null) {
      // journalctl prints a cursor with every entry; without one the entry could not be checkpointed.
      lines.skipped(NO_CURSOR);
      return new Decoded(null, null);
    }
    byte[] raw = entry.messageBytes();
    if (raw != null && Utf8.decode(raw, 0, raw.length).invalid()) {
      lines.invalidUtf8();
    }
    Instant now = Instant.now();
    ParseResult r = entry.toMessage(new ParseContext(defaultHost, now, ZoneOffset.UTC, null, LABEL));
    if (!r.ok()) {
      lines.skipped(r.skipReason());
      return new Decoded(cursor, null);
    }
    ProducerRecord<byte[], byte[]> record = lines.record(r.message());
    return new Decoded(cursor, record == null ? null
        : new Outgoing(LABEL, record, Checkpoint.journal(LABEL, cursor, now)));
  }
}
