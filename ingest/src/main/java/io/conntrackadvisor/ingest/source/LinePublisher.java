package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.core.parse.Repetitions;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.model.KernelMessage;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Turns raw syslog lines (tailed files, UDP datagrams, TCP frames) into kernel-message records: core's
 * {@link LineParser} between {@link LineToRecord}'s cutting, decoding and counting; then queues the record. The host
 * is the one in the syslog header, else the agent's.
 */
public final class LinePublisher {
  private final String source;
  private final String defaultHost;
  private final ZoneId zone;
  private final Outbox outbox;
  private final LineToRecord lines;

  public LinePublisher(String source, String defaultHost, int maxLineBytes, ZoneId zone, Outbox outbox,
      RecordFactory records, ShipMetrics metrics) {
    this.source = source;
    this.defaultHost = defaultHost;
    this.zone = zone;
    this.outbox = outbox;
    this.lines = new LineToRecord(source, maxLineBytes, LineToRecord.ALL, records, metrics);
  }

  /**
   * Ships one line. {@code wait} null blocks while the buffer is full (back-pressure to a file or TCP peer);
   * otherwise the line is dropped and counted when there is no room within {@code wait} (UDP). For a stream of lines
   * in the order a syslog daemon wrote them (a file), {@code repetitions} turns a repetition summary after a kernel
   * message into what it repeats; the receivers pass null. Lines without a time stamp of their own get the time they
   * were read.
   *
   * @return false when the outbox is closed: the agent is stopping and the line was not taken
   */
  boolean publish(LineBuffer line, Checkpoint checkpoint, Duration wait, Repetitions repetitions)
      throws InterruptedException {
    lines.read();
    String text = lines.text(line.bytes(), 0, line.length(), line.oversized());
    // the checkpoint's time is when the line was read: the time of a line without a stamp of its own
    ParseResult r = LineParser.parse(text, new ParseContext(defaultHost, checkpoint.updated(), zone, null, source));
    if (!r.ok()) {
      lines.skipped(r.skipReason());
      if (repetitions != null) {
        repetitions.reset();
      }
      return true;
    }
    KernelMessage m = repetitions == null ? r.message() : repetitions.next(r.message());
    Outgoing o = new Outgoing(source, lines.record(m), checkpoint);
    return wait == null ? outbox.put(o) : outbox.offerOrDrop(o, wait);
  }
}
