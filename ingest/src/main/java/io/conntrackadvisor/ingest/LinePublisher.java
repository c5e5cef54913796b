package io.conntrackadvisor.ingest;

import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.core.parse.Repetitions;
import io.conntrackadvisor.model.KernelMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Turns raw syslog lines (tailed files, UDP datagrams, TCP frames) into kernel-message records: cuts oversized
 * lines at a character edge, decodes invalid UTF-8 leniently, parses with core's {@link LineParser}, counts each
 * outcome and queues the record. The host is the one in the syslog header, else the agent's.
 */
final class LinePublisher {
  private final String source;
  private final String defaultHost;
  private final int maxLineBytes;
  private final ZoneId zone;
  private final Outbox outbox;
  private final RecordFactory records;
  private final ShipMetrics metrics;

  LinePublisher(String source, String defaultHost, int maxLineBytes, ZoneId zone, Outbox outbox,
      RecordFactory records, ShipMetrics metrics) {
    this.source = source;
    this.defaultHost = defaultHost;
    this.maxLineBytes = maxLineBytes;
    this.zone = zone;
    this.outbox = outbox;
    this.records = records;
    this.metrics = metrics;
  }

  /**
   * Ships one line. {@code wait} null blocks while the buffer is full (back-pressure to a file or TCP peer);
   * otherwise the line is dropped and counted when there is no room within {@code wait} (UDP).
   *
   * @return false when the outbox is closed: the agent is stopping and the line was not taken
   */
  boolean publish(LineBuffer line, Checkpoint checkpoint, Duration wait) throws InterruptedException {
    return publish(line, checkpoint, wait, null);
  }

  /**
   * {@link #publish(LineBuffer, Checkpoint, Duration)} for a stream of lines in the order a syslog daemon wrote them
   * (a file): {@code repetitions} turns a repetition summary after a kernel message into what it repeats. Lines
   * without a time stamp of their own get the time they were read.
   */
  boolean publish(LineBuffer line, Checkpoint checkpoint, Duration wait, Repetitions repetitions)
      throws InterruptedException {
    metrics.increment(ShipMetrics.Counter.READ, source);
    byte[] b = line.bytes();
    int len = line.length();
    boolean truncated = line.oversized();
    if (truncated) {
      metrics.increment(ShipMetrics.Counter.TRUNCATED, source);
      len = Utf8.cut(b, 0, len, maxLineBytes);
    }
    while (len > 0 && (b[len - 1] == '\n' || b[len - 1] == '\r' || b[len - 1] == 0)) {
      len--;
    }
    Utf8.Text text = Utf8.decode(b, 0, len);
    if (text.invalid()) {
      metrics.increment(ShipMetrics.Counter.INVALID_UTF8, source);
    }
    ParseResult r = LineParser.parse(text.text(), new ParseContext(defaultHost, Instant.now(), zone, null, source));
    if (!r.ok()) {
      metrics.increment(ShipMetrics.Counter.SKIPPED, source, r.skipReason().label());
      if (repetitions != null) {
        repetitions.reset();
      }
      return true;
    }
    KernelMessage m = repetitions == null ? r.message() : repetitions.next(r.message());
    Outgoing o = new Outgoing(source, records.kernelMessage(m), checkpoint);
    return wait == null ? outbox.put(o) : outbox.offerOrDrop(o, wait);
  }
}
