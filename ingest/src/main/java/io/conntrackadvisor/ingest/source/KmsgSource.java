package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.KmsgParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.ops.Backoff;
import io.conntrackadvisor.model.ops.StopSignal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the kernel's ring buffer by reading {@code /dev/kmsg}, for hosts without journald. Each {@code read} of the
 * device returns one record ({@code prio,seq,usec,flags;text}) and blocks when there is none; {@link #stop()} closes
 * the channel, which ends a blocked read at once. A regular file of records may stand in for the device (tests):
 * it is read line by line and polled at its end.
 *
 * <p>The checkpoint is {@code <boot id>:<seq>} of the last shipped record, committed with it. The device always
 * opens at the oldest record still buffered, so a restart skips records up to the checkpoint of the same boot;
 * after a reboot (another boot id) everything buffered is new. A jump in the sequence numbers means the kernel
 * overwrote records before they were read (while the agent was down, or on overrun, which the read reports as
 * {@code EPIPE}): counted in {@code kmsg_gaps_total} and {@code kmsg_lost_records_total}, the first one logged.
 */
public final class KmsgSource implements Source {
  /** Metrics label, checkpoint id and {@code KernelMessage.source}. */
  public static final String LABEL = "kmsg";
  private static final Logger LOG = LoggerFactory.getLogger(KmsgSource.class);
  /** Larger than any record: the kernel formats at most 8 KiB per record with its continuation lines. */
  private static final int READ_BYTES = 16 * 1024;
  /** Facility of messages the kernel wrote; user space writing to {@code /dev/kmsg} gets at least 1 (user). */
  private static final int KERNEL_FACILITY = 0;
  private static final Duration FILE_POLL = Duration.ofMillis(50);

  private final Path device;
  private final Path procRoot;
  private final String host;
  private final Outbox outbox;
  private final ShipMetrics metrics;
  private final Duration backoff;
  private final Duration backoffMax;
  private final LineToRecord lines;
  private final StopSignal stop = new StopSignal();
  private final ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
  private volatile FileChannel channel;
  /** Boot of the last record read (or of the checkpoint), and its sequence number; -1 when none is known. */
  private String bootId;
  private long last = -1;
  private boolean gapLogged;

  public KmsgSource(Path device, Path procRoot, String host, boolean all, int maxLineBytes, Outbox outbox,
      RecordFactory records, ShipMetrics metrics, Duration backoff, Duration backoffMax) {
    this.device = device;
    this.procRoot = procRoot;
    this.host = host;
    this.outbox = outbox;
    this.metrics = metrics;
    this.backoff = backoff;
    this.backoffMax = backoffMax;
    this.lines = new LineToRecord(LABEL, maxLineBytes, all ? LineToRecord.ALL : KmsgSource::fromKernel, records,
        metrics);
  }

  @Override
  public void run(Checkpoint resume) throws InterruptedException {
    resumeFrom(resume == null ? null : resume.cursor());
    int failures = 0;
    while (!stop.isSet()) {
      try {
        KmsgBoot boot = KmsgBoot.read(procRoot);
        if (bootId != null && !bootId.equals(boot.id())) {
          LOG.info("Boot id changed from {} to {}: reading {} from its oldest record", bootId, boot.id(), device);
          last = -1;
        }
        bootId = boot.id();
        if (!follow(boot)) {
          return;
        }
      } catch (IOException e) {
        if (stop.isSet()) {
          return;
        }
        failures++;
        metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
        LOG.warn("Reading {} failed: {}", device, e.toString());
      }
      stop.sleep(Backoff.after(failures, backoff, backoffMax));
    }
  }

  @Override
  public String id() {
    return LABEL;
  }

  @Override
  public void stop() {
    stop.set();
    FileChannel c = channel;
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("Closing {} failed", device, e);
      }
    }
  }

  private void resumeFrom(String cursor) {
    int colon = cursor == null ? -1 : cursor.lastIndexOf(':');
    if (colon <= 0) {
      return;
    }
    try {
      last = Long.parseLong(cursor.substring(colon + 1));
      bootId = cursor.substring(0, colon);
    } catch (NumberFormatException e) {
      LOG.warn("Ignoring the kmsg checkpoint '{}': not <boot id>:<seq>", cursor);
      metrics.increment(ShipMetrics.Counter.CURSOR_FALLBACKS, LABEL);
    }
  }

  /**
   * Reads the device until stopped.
   *
   * @return false when the source is stopping or the outbox closed
   * @throws IOException when reading failed; the caller opens the device again after a back-off
   */
  private boolean follow(KmsgBoot boot) throws IOException, InterruptedException {
    ParseContext ctx = new ParseContext(host, Instant.now(), ZoneOffset.UTC, boot.time(), LABEL);
    try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
      channel = ch;
      buffer.clear();
      while (!stop.isSet()) {
        int n;
        try {
          n = ch.read(buffer);
        } catch (ClosedChannelException e) {
          return false; // stop() closed it
        } catch (IOException e) {
          if (!overrun(e)) {
            throw e;
          }
          continue; // the next read returns the oldest record left; the jump in seq counts the loss
        }
        if (n < 0 && !stop.sleep(FILE_POLL)) {
          return false;
        }
        if (n > 0 && !publishRecords(ctx, boot.id())) {
          return false;
        }
      }
      return false;
    } finally {
      channel = null;
    }
  }

  /** The device's {@code EPIPE}: records were overwritten since the last read. */
  private static boolean overrun(IOException e) {
    return e.getMessage() != null && e.getMessage().contains("Broken pipe");
  }

  /** Publishes every whole line in the buffer; continuation lines (leading space) belong to the record before. */
  private boolean publishRecords(ParseContext ctx, String boot) throws InterruptedException {
    buffer.flip();
    byte[] b = buffer.array();
    int start = 0;
    int end = buffer.limit();
    for (int i = 0; i < end; i++) {
      if (b[i] == '\n') {
        if (i > start && b[start] != ' ' && !publish(b, start, i - start, ctx, boot)) {
          return false;
        }
        start = i + 1;
      }
    }
    if (start == 0 && end == b.length) {
      // a line longer than the buffer (only in a file standing in): ship its head, drop the rest
      lines.truncated();
      boolean open = publish(b, 0, end, ctx, boot);
      buffer.clear();
      return open;
    }
    buffer.position(start);
    buffer.compact();
    return true;
  }

  private boolean publish(byte[] b, int off, int len, ParseContext ctx, String boot) throws InterruptedException {
    lines.read();
    KmsgParser.Record r = KmsgParser.parse(lines.text(b, off, len, false), ctx, boot);
    if (r.seq() < 0) {
      lines.skipped(r.result().skipReason());
      return true;
    }
    if (r.seq() <= last) {
      return true; // shipped before this start (or before the device was opened again)
    }
    if (last >= 0 && r.seq() > last + 1) {
      gap(r.seq() - last - 1, r.seq());
    }
    last = r.seq();
    if (!r.result().ok()) {
      lines.skipped(r.result().skipReason());
      return true;
    }
    ProducerRecord<byte[], byte[]> record = lines.record(r.result().message());
    return record == null
        || outbox.put(new Outgoing(LABEL, record, Checkpoint.kmsg(LABEL, boot, r.seq(), Instant.now())));
  }

  /** Whether the kernel wrote the message: user space writing to the device gets at least facility 1 (user). */
  private static boolean fromKernel(KernelMessage m) {
    return m.facility() != null && m.facility() == KERNEL_FACILITY;
  }

  private void gap(long lost, long seq) {
    metrics.increment(ShipMetrics.Counter.KMSG_GAPS, LABEL);
    metrics.add(ShipMetrics.Counter.KMSG_LOST, LABEL, lost);
    if (!gapLogged) {
      gapLogged = true;
      LOG.warn("{} records before sequence number {} were overwritten in the kernel's ring buffer before they were "
          + "read; further gaps are only counted (kmsg_gaps_total)", lost, seq);
    }
  }
}
