package io.conntrackadvisor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.core.parse.JournalJsonParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.core.parse.SkipReason;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Turns one line of {@code journalctl -o json} into a record with its journald checkpoint, using core's
 * {@link JournalJsonParser}: counts entries whose {@code MESSAGE} is not valid UTF-8 (journalctl prints those as
 * byte arrays; core decodes them leniently), cuts oversized messages, and filters non-kernel entries unless all
 * are wanted. The host is the entry's {@code _HOSTNAME}, else the agent's.
 */
final class JournalEntryDecoder {
  /** Metrics label, checkpoint id and {@code KernelMessage.source} of the journald source. */
  static final String LABEL = "journald";
  /** Skip reason of an entry without {@code __CURSOR}. */
  static final String NO_CURSOR = "no-cursor";

  private final String defaultHost;
  private final boolean all;
  private final int maxMessageBytes;
  private final RecordFactory records;
  private final ShipMetrics metrics;

  /**
   * One decoded line.
   *
   * @param cursor   the entry's cursor, when the line was an entry
   * @param outgoing the record to ship, or null when the entry was skipped or filtered
   */
  record Decoded(String cursor, Outgoing outgoing) {
  }

  JournalEntryDecoder(String defaultHost, boolean all, int maxMessageBytes, RecordFactory records,
      ShipMetrics metrics) {
    this.defaultHost = defaultHost;
    this.all = all;
    this.maxMessageBytes = maxMessageBytes;
    this.records = records;
    this.metrics = metrics;
  }

  Decoded decode(LineBuffer line) {
    metrics.increment(ShipMetrics.Counter.READ, LABEL);
    JsonNode entry;
    try {
      entry = line.oversized() ? null : Json.mapper().readTree(line.bytes(), 0, line.length());
    } catch (IOException e) {
      entry = null;
    }
    if (entry == null || !entry.isObject()) {
      metrics.increment(ShipMetrics.Counter.SKIPPED, LABEL, SkipReason.BAD_JSON.label());
      return new Decoded(null, null);
    }
    String cursor = entry.path("__CURSOR").asText(null);
    if (cursor == null) {
      // journalctl prints a cursor with every entry; without one the entry could not be checkpointed.
      metrics.increment(ShipMetrics.Counter.SKIPPED, LABEL, NO_CURSOR);
      return new Decoded(null, null);
    }
    JsonNode raw = entry.get("MESSAGE");
    if (raw != null && raw.isArray() && !Utf8.isValid(bytes(raw))) {
      metrics.increment(ShipMetrics.Counter.INVALID_UTF8, LABEL);
    }
    ParseResult r = JournalJsonParser.fromNode(entry,
        new ParseContext(defaultHost, Instant.now(), ZoneOffset.UTC, null, LABEL));
    if (!r.ok()) {
      metrics.increment(ShipMetrics.Counter.SKIPPED, LABEL, r.skipReason().label());
      return new Decoded(cursor, null);
    }
    KernelMessage m = r.message();
    if (!all && !m.fromKernel()) {
      metrics.increment(ShipMetrics.Counter.FILTERED, LABEL);
      return new Decoded(cursor, null);
    }
    KernelMessage cut = Utf8.truncate(m, maxMessageBytes);
    if (cut != null) {
      metrics.increment(ShipMetrics.Counter.TRUNCATED, LABEL);
      m = cut;
    }
    return new Decoded(cursor, new Outgoing(LABEL, records.kernelMessage(m),
        Checkpoint.journal(LABEL, cursor, Instant.now())));
  }

  private static byte[] bytes(JsonNode array) {
    byte[] b = new byte[array.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) array.get(i).asInt();
    }
    return b;
  }
}
