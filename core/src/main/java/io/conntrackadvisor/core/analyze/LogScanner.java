package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.core.parse.JournalJsonParser;
import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.core.parse.Repetitions;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.TimeEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Reads a log stream as bytes, like grep: every line is counted, but only lines that can matter are decoded and
 * parsed in full, namely lines containing one of the {@link #NEEDLES}, and journal JSON lines (whose message may be
 * an array of byte values). Non-UTF-8 bytes are decoded leniently; lines over the limit are cut.
 *
 * <p>Two things need the lines around a candidate, and both are kept without parsing every line: a line without a
 * time stamp takes the time of the nearest stamped line before it (looked for backwards from the candidate, each line
 * at most once), else the fallback time given; and sysklogd's {@code last message repeated N times} means something
 * only right after the line it repeats ({@link Repetitions}), which is known by position.
 */
public final class LogScanner {
  /** Longest line parsed; the rest of a longer line is skipped and counted. */
  public static final int MAX_LINE = 64 * 1024;
  /**
   * What makes a line a candidate: a part of every table-full wording ({@code (ip|nf)_conntrack: table full} of every
   * kernel, also cut after the comma, and OpenVZ's {@code ip_conntrack: VPS N table full}), the end of every
   * rate-limiter summary ({@code N callbacks suppressed}, {@code N messages suppressed}) and syslog's repetition
   * summaries; {@link KernelEvent#classify} and {@link Repetitions} accept nothing else. The search skips up to the
   * shortest needle's length less one byte at a time, so none is shorter than 16 bytes.
   */
  private static final Swar.Needles NEEDLES = Swar.Needles.of("_conntrack: table full", "_conntrack: VPS ",
      "callbacks suppressed", "messages suppressed", "message repeated ");
  /**
   * How far back from the end of each block a stamped line is looked for, for the lines without a stamp of the next
   * block: in an ordinary log the last line has one; without the bound, a large file of lines without stamps (or in
   * a format no parser knows) would be read backwards once more.
   */
  private static final int BLOCK_END_LOOKBACK = 64 * 1024;
  /** {@link #lastEnd} when the line before the next candidate was not a candidate. */
  private static final int NOT_ADJACENT = Integer.MIN_VALUE;

  private final ParseContext ctx;
  private final ScanStats stats;
  private final BiConsumer<KernelMessage, TimeEstimate> out;
  private final Instant fallbackTime;
  private final TimeEstimate fallback;
  private final Repetitions repetitions = new Repetitions();
  /** End (the newline's index in the buffer) of the last candidate line; {@link #NOT_ADJACENT} when unknown. */
  private int lastEnd = NOT_ADJACENT;
  /** Time of the nearest stamped line before {@link #stampsKnownTo}, or null. */
  private Instant lastStamp;
  /** Lines of the current block before this index are accounted for in {@link #lastStamp}. */
  private int stampsKnownTo;
  /** Starts of the current block's candidate lines (needle hits and journal JSON), in no order, with repeats. */
  private int[] starts = new int[64];
  private int nStarts;

  /**
   * @param fallbackTime time for lines without a stamp before which no stamped line came (a file's modification
   *                     time, or when standard input was read)
   * @param fallback     what {@code fallbackTime} is
   * @param out          receives the kernel messages found, with where their time came from when the line had none
   *                     (null when its time is the line's own)
   */
  public LogScanner(ParseContext ctx, ScanStats stats, Instant fallbackTime, TimeEstimate fallback,
      BiConsumer<KernelMessage, TimeEstimate> out) {
    this.ctx = ctx;
    this.stats = stats;
    this.out = out;
    this.fallbackTime = fallbackTime;
    this.fallback = fallback;
  }

  /**
   * Tells the scanner what came right before its input (a part of a file scanned in parallel): the last lines of
   * the part before, ending with a newline. Nothing in them is counted.
   */
  public void prime(byte[] b) {
    int len = b.length;
    if (len == 0) {
      return;
    }
    lastStamp = stampBefore(b, 0, len);
    int ls = lastIndexOf(b, 0, len - 1, (byte) '\n') + 1;
    ParseResult r = LineParser.parse(JournalJsonParser.lenientUtf8(b, ls, Math.min(len - 1 - ls, MAX_LINE)), ctx);
    if (r.ok()) {
      repetitions.next(r.message());
      lastEnd = -1;
    }
  }

  /** Scans the whole stream (does not close it). */
  public void scan(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 20];
    int len = 0;
    boolean skippingLongLine = false;
    while (true) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      stats.bytesRead += n;
      int scannedFrom = len;
      len += n;
      int lastNl = lastIndexOf(buf, scannedFrom, len, (byte) '\n');
      if (lastNl < 0) {
        if (len == buf.length) {
          // No newline in a full buffer: parse the start of the line, skip the rest up to its end.
          if (!skippingLongLine) {
            stats.truncatedLines++;
            stampsKnownTo = 0;
            line(buf, 0, Math.min(len, MAX_LINE));
          }
          lastEnd = NOT_ADJACENT;
          skippingLongLine = true;
          len = 0;
        }
        continue;
      }
      int from = 0;
      if (skippingLongLine) {
        from = indexOf(buf, 0, len, (byte) '\n') + 1;
        skippingLongLine = false;
      }
      if (from <= lastNl) {
        lines(buf, from, lastNl + 1);
      }
      System.arraycopy(buf, lastNl + 1, buf, 0, len - lastNl - 1);
      len -= lastNl + 1;
    }
    if (len > 0 && !skippingLongLine) {
      stampsKnownTo = 0;
      line(buf, 0, len);
    }
  }

  /**
   * The complete lines in {@code [from, to)} (the last byte is a newline). Like grep: count newlines eight bytes
   * at a time, and find candidates by searching the needles over the whole block instead of line by line.
   */
  private void lines(byte[] b, int from, int to) {
    nStarts = 0;
    stats.linesRead += Swar.countAndMarkJson(b, from, to, this);
    int at = from;
    while ((at = Swar.findAny(b, at, to, NEEDLES)) >= 0) {
      markCandidate(Math.max(from, lastIndexOf(b, from, at, (byte) '\n') + 1));
      at = indexOf(b, at, to, (byte) '\n') + 1;
      if (at == 0) {
        break;
      }
    }
    Arrays.sort(starts, 0, nStarts);
    stampsKnownTo = from;
    int prev = -1;
    for (int i = 0; i < nStarts; i++) {
      int ls = starts[i];
      if (ls == prev) {
        continue;
      }
      prev = ls;
      candidate(b, ls, indexOf(b, ls, to, (byte) '\n'));
    }
    // what the next block needs: the last stamp of this one, and whether its last line was a candidate
    int lo = Math.max(from, stampsKnownTo);
    if (to - lo > BLOCK_END_LOOKBACK) {
      int nl = indexOf(b, to - BLOCK_END_LOOKBACK, to, (byte) '\n');
      lo = nl < 0 ? to : nl + 1;
    }
    Instant t = stampBefore(b, lo, to);
    if (t != null) {
      lastStamp = t;
    }
    lastEnd = lastEnd == to - 1 ? -1 : NOT_ADJACENT;
  }

  /** Called for each line that starts with a brace (journal JSON). */
  void markJson(int lineStart) {
    markCandidate(lineStart);
  }

  /** Adds the start of a candidate line of the current block to {@link #starts}. */
  private void markCandidate(int lineStart) {
    if (nStarts == starts.length) {
      starts = Arrays.copyOf(starts, nStarts * 2);
    }
    starts[nStarts++] = lineStart;
  }

  /** A single line outside the block path (the tail without newline, or the start of an over-long line). */
  private void line(byte[] b, int from, int to) {
    stats.linesRead++;
    if (b[from] == '{' || Swar.findAny(b, from, to, NEEDLES) >= 0) {
      candidate(b, from, to);
    }
  }

  private void candidate(byte[] b, int from, int to) {
    boolean adjacent = from == lastEnd + 1;
    lastEnd = to;
    int lineEnd = to;
    if (to - from > MAX_LINE) {
      stats.truncatedLines++;
      to = from + MAX_LINE;
    }
    stats.candidateLines++;
    String text = JournalJsonParser.lenientUtf8(b, from, to - from);
    ParseResult r = LineParser.parse(text, ctx);
    if (!r.ok()) {
      stats.skip(r.skipReason(), text);
      repetitions.reset();
      return;
    }
    KernelMessage m = r.message();
    TimeEstimate estimate = null;
    if (r.stamped()) {
      lastStamp = m.timestamp();
    } else {
      Instant t = stampBefore(b, stampsKnownTo, from);
      if (t != null) {
        lastStamp = t;
      }
      estimate = lastStamp != null ? TimeEstimate.PRECEDING_LINE : fallback;
      m = new KernelMessage(m.host(), lastStamp != null ? lastStamp : fallbackTime, m.bootId(), m.priority(),
          m.facility(), m.transport(), m.source(), m.identifier(), m.message(), m.cursor());
    }
    stampsKnownTo = lineEnd + 1;
    if (!adjacent) {
      repetitions.reset();
    }
    m = repetitions.next(m);
    if (!m.fromKernel()) {
      stats.ignoredNonKernel++;
      return;
    }
    stats.kernelMessages++;
    out.accept(m, estimate);
  }

  /**
   * The time of the last stamped line in {@code [from, to)} (whole lines), looking backwards, or null; each line is
   * looked at once per block, since the caller then moves {@link #stampsKnownTo} past {@code to} (at the end of a
   * block, at most {@link #BLOCK_END_LOOKBACK} bytes are looked at).
   */
  private Instant stampBefore(byte[] b, int from, int to) {
    int end = to - 1;
    while (end >= from) {
      int start = Math.max(from, lastIndexOf(b, from, end, (byte) '\n') + 1);
      if (end > start && mayBeStamped(b, start, end)) {
        ParseResult r = LineParser.parse(JournalJsonParser.lenientUtf8(b, start, Math.min(end - start, MAX_LINE)),
            ctx);
        if (r.ok() && r.stamped()) {
          return r.message().timestamp();
        }
      }
      end = start - 1;
    }
    return null;
  }

  /**
   * Whether the line may start with a stamp the parser reads: {@code <PRI>}, journal JSON, {@code [uptime]}, an ISO
   * date, or a month or day name. A cheap test that spares decoding and parsing lines that cannot have one.
   */
  private static boolean mayBeStamped(byte[] b, int start, int end) {
    byte c = b[start];
    if (c == '<' || c == '{' || c == '[') {
      return true;
    }
    if (c >= '0' && c <= '9') {
      // ISO date, or RFC 5424's version without <PRI>
      return end - start > 10 && (b[start + 4] == '-' && b[start + 7] == '-' || b[start + 1] == ' ');
    }
    return c >= 'A' && c <= 'Z' && end - start > 4 && b[start + 3] == ' ';
  }

  private static int indexOf(byte[] b, int from, int to, byte v) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] b, int from, int to, byte v) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
