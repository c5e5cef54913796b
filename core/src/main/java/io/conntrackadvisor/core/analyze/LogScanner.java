package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.core.parse.JournalJsonParser;
import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a log stream as bytes, like grep: every line is counted, but only lines that can matter are decoded and
 * parsed in full, namely lines containing {@code _conntrack: table full} or {@code  suppressed}, and journal JSON
 * lines (whose message may be an array of byte values). Non-UTF-8 bytes are decoded leniently; lines over the limit are cut.
 */
public final class LogScanner {
  /** Longest line parsed; the rest of a longer line is skipped and counted. */
  public static final int MAX_LINE = 64 * 1024;
  /**
   * What makes a line a candidate: the end of every table-full wording ({@code ip_conntrack: table full},
   * {@code nf_conntrack: [nf_conntrack: ]table full[ in netns N]}) and of both rate-limiter summaries
   * ({@code N callbacks suppressed}, {@code N messages suppressed}); {@link KernelEvent#classify} accepts nothing
   * else. Longer needles let the search skip more bytes.
   */
  private static final Swar.Needles NEEDLES = Swar.Needles.of("_conntrack: table full", " suppressed");

  private final ParseContext ctx;
  private final ScanStats stats;
  private final Consumer<KernelMessage> out;

  public LogScanner(ParseContext ctx, ScanStats stats, Consumer<KernelMessage> out) {
    this.ctx = ctx;
    this.stats = stats;
    this.out = out;
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
            line(buf, 0, Math.min(len, MAX_LINE));
          }
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
      line(buf, 0, len);
    }
  }

  /**
   * The complete lines in {@code [from, to)} (the last byte is a newline). Like grep: count newlines eight bytes
   * at a time, and find candidates by searching the needles over the whole block instead of line by line.
   */
  private void lines(byte[] b, int from, int to) {
    int[] starts = new int[64];
    int nStarts = 0;
    stats.linesRead += Swar.countAndMarkJson(b, from, to, this);
    int at = from;
    while ((at = Swar.findAny(b, at, to, NEEDLES)) >= 0) {
      int ls = lastIndexOf(b, from, at, (byte) '\n') + 1;
      if (ls <= from) {
        ls = from;
      }
      if (nStarts == starts.length) {
        starts = Arrays.copyOf(starts, nStarts * 2);
      }
      starts[nStarts++] = ls;
      at = indexOf(b, at, to, (byte) '\n') + 1;
      if (at == 0) {
        break;
      }
    }
    for (int i = 0; i < jsonCount; i++) {
      if (nStarts == starts.length) {
        starts = Arrays.copyOf(starts, nStarts * 2);
      }
      starts[nStarts++] = jsonStarts[i];
    }
    jsonCount = 0;
    Arrays.sort(starts, 0, nStarts);
    int prev = -1;
    for (int i = 0; i < nStarts; i++) {
      int ls = starts[i];
      if (ls == prev) {
        continue;
      }
      prev = ls;
      int le = indexOf(b, ls, to, (byte) '\n');
      candidate(b, ls, le);
    }
  }

  private int[] jsonStarts = new int[16];
  private int jsonCount;

  /** Called for each line that starts with a brace (journal JSON). */
  void markJson(int lineStart) {
    if (jsonCount == jsonStarts.length) {
      jsonStarts = Arrays.copyOf(jsonStarts, jsonCount * 2);
    }
    jsonStarts[jsonCount++] = lineStart;
  }

  /** A single line outside the block path (the tail without newline, or the start of an over-long line). */
  private void line(byte[] b, int from, int to) {
    stats.linesRead++;
    if (b[from] == '{' || Swar.findAny(b, from, to, NEEDLES) >= 0) {
      candidate(b, from, to);
    }
  }

  private void candidate(byte[] b, int from, int to) {
    if (to - from > MAX_LINE) {
      stats.truncatedLines++;
      to = from + MAX_LINE;
    }
    stats.candidateLines++;
    String text = JournalJsonParser.lenientUtf8(b, from, to - from);
    ParseResult r = LineParser.parse(text, ctx);
    if (!r.ok()) {
      stats.skip(r.skipReason());
      return;
    }
    KernelMessage m = r.message();
    if (!m.fromKernel()) {
      stats.ignoredNonKernel++;
      return;
    }
    stats.kernelMessages++;
    out.accept(m);
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
