package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.SkipReason;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.model.KernelMessage;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The one place that turns a raw kernel line of any source (syslog files, UDP and TCP via {@link LinePublisher},
 * journal entries via {@link JournalEntryDecoder}, {@link KmsgSource}'s records) into the record to ship, around the
 * source's own core parser: cuts oversized text at a character edge, decodes invalid UTF-8 leniently, leaves out
 * messages that are not the kernel's unless all are wanted, and counts each outcome under the source's label (read,
 * truncated, invalid UTF-8, skipped by reason, filtered).
 */
final class LineToRecord {
  /** Keeps every message (syslog lines, which the daemon already chose). */
  static final Predicate<KernelMessage> ALL = m -> true;

  private final String label;
  private final int maxBytes;
  private final Predicate<KernelMessage> wanted;
  private final RecordFactory records;
  private final ShipMetrics metrics;

  /**
   * @param label    the source's metrics label
   * @param maxBytes longest text shipped, in UTF-8 bytes
   * @param wanted   which parsed messages to ship; the others are counted as filtered
   */
  LineToRecord(String label, int maxBytes, Predicate<KernelMessage> wanted, RecordFactory records,
      ShipMetrics metrics) {
    this.label = label;
    this.maxBytes = maxBytes;
    this.wanted = wanted;
    this.records = records;
    this.metrics = metrics;
  }

  /** Counts one line, entry or record read. */
  void read() {
    metrics.increment(ShipMetrics.Counter.READ, label);
  }

  /**
   * The text of {@code len} raw bytes at {@code off}: when {@code oversized}, cut to the limit at a character edge
   * and counted; line ends and NULs removed from its end; invalid UTF-8 decoded leniently and counted.
   */
  String text(byte[] b, int off, int len, boolean oversized) {
    int n = len;
    if (oversized) {
      metrics.increment(ShipMetrics.Counter.TRUNCATED, label);
      n = Utf8.cut(b, off, n, maxBytes);
    }
    while (n > 0 && (b[off + n - 1] == '\n' || b[off + n - 1] == '\r' || b[off + n - 1] == 0)) {
      n--;
    }
    Utf8.Text text = Utf8.decode(b, off, n);
    if (text.invalid()) {
      invalidUtf8();
    }
    return text.text();
  }

  /** Counts a record the source had to cut before parsing (a kmsg record longer than its read buffer). */
  void truncated() {
    metrics.increment(ShipMetrics.Counter.TRUNCATED, label);
  }

  /** Counts text the source's parser decoded leniently itself (a journal {@code MESSAGE} given as bytes). */
  void invalidUtf8() {
    metrics.increment(ShipMetrics.Counter.INVALID_UTF8, label);
  }

  /** Counts a line that parsed as no message. */
  void skipped(SkipReason reason) {
    skipped(reason == null ? "unknown" : reason.label());
  }

  /** Counts a line left out for a reason of the source's own (e.g. a journal entry without a cursor). */
  void skipped(String reason) {
    metrics.increment(ShipMetrics.Counter.SKIPPED, label, reason);
  }

  /**
   * The record of a parsed message, its text cut to the limit (counted); null, counted as filtered, when the
   * message is not wanted.
   */
  ProducerRecord<byte[], byte[]> record(KernelMessage m) {
    if (!wanted.test(m)) {
      metrics.increment(ShipMetrics.Counter.FILTERED, label);
      return null;
    }
    KernelMessage cut = Utf8.truncate(m, maxBytes);
    if (cut != null) {
      metrics.increment(ShipMetrics.Counter.TRUNCATED, label);
    }
    return records.kernelMessage(cut == null ? m : cut);
  }
}
