package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.JournalEntry;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.model.ops.Backoff;
import io.conntrackadvisor.model.ops.StopSignal;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships journal entries by running {@code journalctl -o export --follow}. It resumes after the checkpointed cursor
 * once {@link CursorProbe} confirmed the journal still has that entry; a cursor journalctl rejects or does not find
 * is logged once and counted, and reading starts at the beginning of the available journal. When journalctl exits
 * it is started again, after the last entry read, with exponential back-off.
 */
public final class JournaldSource implements Source {
  /** Metrics label and checkpoint id. */
  static final String LABEL = JournalEntryDecoder.LABEL;
  private static final Logger LOG = LoggerFactory.getLogger(JournaldSource.class);
  /** Longest field value read whole; the rest of a longer one is dropped (the message is cut shorter anyway). */
  private static final int MAX_FIELD_BYTES = 8 * 1024 * 1024;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final File NO_INPUT = new File("/dev/null");

  private final JournalctlCommand command;
  private final JournalEntryDecoder decoder;
  private final Outbox outbox;
  private final ShipMetrics metrics;
  private final Duration backoff;
  private final Duration backoffMax;
  private final StopSignal stop = new StopSignal();
  private volatile Process process;
  private String cursor;

  public JournaldSource(JournalctlCommand command, JournalEntryDecoder decoder, Outbox outbox, ShipMetrics metrics,
      Duration backoff, Duration backoffMax) {
    this.command = command;
    this.decoder = decoder;
    this.outbox = outbox;
    this.metrics = metrics;
    this.backoff = backoff;
    this.backoffMax = backoffMax;
  }

  @Override
  public String id() {
    return LABEL;
  }

  @Override
  public void run(Checkpoint resume) throws InterruptedException {
    cursor = resume == null ? null : resume.cursor();
    int failures = 0;
    while (!stop.isSet()) {
      try {
        long entries = followOnce();
        if (entries < 0 || stop.isSet()) {
          return;
        }
        failures = entries > 0 ? 1 : failures + 1;
        metrics.increment(ShipMetrics.Counter.RESTARTS, LABEL);
      } catch (IOException e) {
        if (stop.isSet()) {
          return;
        }
        failures++;
        metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
        LOG.warn("Running {} failed: {}", command.program(), e.toString());
      }
      Duration wait = Backoff.after(failures, backoff, backoffMax);
      LOG.info("Starting journalctl again in {} ms", wait.toMillis());
      stop.sleep(wait);
    }
  }

  @Override
  public void stop() {
    stop.set();
    Process p = process;
    if (p != null) {
      p.destroy();
    }
  }

  /**
   * Runs journalctl once until it exits.
   *
   * @return entries read, or -1 when the source is stopping
   */
  private long followOnce() throws IOException, InterruptedException {
    List<String> argv = command.follow(startPoint(), cursor);
    LOG.info("Running {}", argv);
    Process p = new ProcessBuilder(argv).redirectInput(NO_INPUT).start();
    process = p;
    long entries = 0;
    try {
      if (stop.isSet()) {
        return -1;
      }
      StderrLog stderr = StderrLog.start("journalctl", p.getErrorStream());
      JournalExportReader reader = new JournalExportReader(new ByteReader(p.getInputStream()), MAX_FIELD_BYTES);
      for (JournalEntry entry = reader.next(); entry != null; entry = reader.next()) {
        entries++;
        JournalEntryDecoder.Decoded d = decoder.decode(entry);
        if (d.cursor() != null) {
          cursor = d.cursor();
        }
        if (d.outgoing() != null && !outbox.put(d.outgoing())) {
          return -1;
        }
      }
      if (stop.isSet()) {
        return -1;
      }
      boolean exited = p.waitFor(5, TimeUnit.SECONDS);
      LOG.warn("journalctl {} after {} entries{}", exited ? "exited with " + p.exitValue() : "closed its output",
          entries, stderr.last().isEmpty() ? "" : ": " + stderr.last());
      return entries;
    } catch (IOException e) {
      if (stop.isSet()) {
        return -1;
      }
      throw e;
    } finally {
      process = null;
      end(p);
    }
  }

  /** Where to start: checks the cursor first, falling back to the beginning when the journal lacks it. */
  private JournalctlCommand.Start startPoint() throws IOException, InterruptedException {
    if (cursor == null) {
      return JournalctlCommand.Start.BEGINNING;
    }
    CursorProbe.Result r = CursorProbe.probe(command, cursor, PROBE_TIMEOUT);
    return switch (r.verdict()) {
      case FOUND -> JournalctlCommand.Start.AFTER_CURSOR;
      case FOUND_UNMATCHED -> JournalctlCommand.Start.AT_CURSOR;
      default -> {
        metrics.increment(ShipMetrics.Counter.CURSOR_FALLBACKS, LABEL);
        LOG.warn("Journal cursor {} cannot be resumed ({}: {}); reading from the start of the available journal",
            cursor, r.verdict(), r.detail());
        cursor = null;
        yield JournalctlCommand.Start.BEGINNING;
      }
    };
  }

  private static void end(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(2, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }
}
